"""What BizQ last set on a channel stays true when a sale there is imported while a stock
push is on its way: the push's record of what it set and the sale's import both count,
so the next push finds the channel where BizQ thinks it is and is not held."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bizq_app.channels.stock_sync import push
from bizq_app.core.db import session_scope
from tests.integration.channels.conftest import serving
from tests.integration.channels.test_shopify_orders import selling_on_shopify, stock_of, webhook
from tests.standins.shopify_server import ShopifyStandIn


class SellingWhilePushed(ShopifyStandIn):
    """Shopify, where a buyer orders right after BizQ's quantities land (``after_set``)."""

    after_set: Callable[[], None] | None = None

    def answer(self, body: dict[str, Any]) -> dict[str, Any]:
        answered = super().answer(body)
        change = (answered.get("data") or {}).get("inventorySetQuantities") or {}
        if change.get("inventoryAdjustmentGroup") and self.after_set is not None:
            sold, self.after_set = self.after_set, None
            sold()  # before the push hears back: its webhook is imported meanwhile
        return answered


@pytest.fixture
def shopify() -> Iterator[SellingWhilePushed]:
    with serving(SellingWhilePushed(), "BIZQ_SHOPIFY_BASE_URL") as stand_in:
        yield stand_in


def test_a_sale_imported_while_a_push_is_on_its_way_still_counts(
    any_client: TestClient, shopify: SellingWhilePushed
) -> None:
    auth, _store_id, product, connection = selling_on_shopify(any_client)
    listing = any_client.get(f"/api/channels/{connection}/listings", headers=auth).json()[0]
    adjusted = any_client.put(
        f"/api/products/{product}", headers=auth, json={"inventory_quantity": 4}
    )
    assert adjusted.status_code == 200, adjusted.text
    imported: list[str] = []

    def buyer_orders_on_shopify() -> None:
        order = shopify.place_order([("FIG-1", 1)])
        imported.append(webhook(any_client, connection, order).json()["outcome"])

    shopify.after_set = buyer_orders_on_shopify
    first = push(open_session=session_scope, listing_id=uuid.UUID(listing["id"]))
    again = push(open_session=session_scope, listing_id=uuid.UUID(listing["id"]))

    assert first == "pushed: FIG-1 → 4"
    assert imported == ["imported"]
    assert stock_of(any_client, auth, product) == 3
    assert shopify.quantity_of("FIG-1") == 3
    assert again == "nothing to push"  # BizQ knows the channel shows 3: no held push
    listed = any_client.get(f"/api/channels/{connection}/listings", headers=auth).json()[0]
    assert listed["shown"] == {"FIG-1": 3} and listed["last_error"] == ""
