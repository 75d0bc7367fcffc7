"""What Walmart's Marketplace API asks of every call, as its stand-in enforces it: a token
of fifteen minutes (BizQ asks again when Walmart refuses one as expired, once, and the
call lands), a correlation id of its own and the service's name on every call, and its
refusals, ``{"errors": [{"code", "description"}]}``, shown in Walmart's words."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from bizq_app.channels.stock_sync import push
from bizq_app.core.db import session_scope
from tests.integration.channels.conftest import add_product, fig_candle_store, publish, selling_on
from tests.integration.channels.test_walmart_channel import FIELDS
from tests.standins.walmart_server import TOKEN_SECONDS, WalmartStandIn


def selling(client: TestClient, walmart: WalmartStandIn) -> tuple[dict[str, str], str, str, str]:
    """A store whose fig candle (FIG-1, 5 in stock) is listed on Walmart: the owner's
    auth, the store, the product and the connection."""
    walmart.item("FIG-1", "Fig candle, hand-poured")
    auth, store_id, product = fig_candle_store(client)
    return auth, store_id, product, selling_on(client, auth, store_id, product, FIELDS)


def pushed(client: TestClient, auth: dict[str, str], product: str, connection: str) -> str:
    """The candle's stock set to 3 by the seller, and pushed to Walmart: what the push said."""
    changed = client.put(f"/api/products/{product}", headers=auth, json={"inventory_quantity": 3})
    assert changed.status_code == 200, changed.text
    listing = client.get(f"/api/channels/{connection}/listings", headers=auth).json()[0]
    return push(open_session=session_scope, listing_id=uuid.UUID(listing["id"]))


def test_a_token_walmart_refuses_as_expired_is_renewed_once_and_the_push_lands(
    client: TestClient, walmart: WalmartStandIn
) -> None:
    # given a listing on Walmart, and the connection's token fifteen minutes old there
    auth, _, product, connection = selling(client, walmart)
    before = walmart.grants
    walmart.later(TOKEN_SECONDS + 1)

    # when the seller's new stock figure is pushed
    said = pushed(client, auth, product, connection)

    # then Walmart was asked for one new token, and took the figure
    assert said.startswith("pushed"), said
    assert walmart.items["FIG-1"]["quantity"] == 3
    assert walmart.grants - before == 1
    log = client.get(f"/api/channels/{connection}/log", headers=auth).json()["items"]
    assert (log[0]["kind"], log[0]["ok"]) == ("stock", True)


def test_every_walmart_call_carries_a_correlation_id_of_its_own(
    client: TestClient, walmart: WalmartStandIn
) -> None:
    # given a connection that listed, pushed and imported
    auth, _, product, connection = selling(client, walmart)
    walmart.place_order([("FIG-1", 1)])
    assert pushed(client, auth, product, connection).startswith("pushed")
    imported = client.post(f"/api/channels/{connection}/orders/import", headers=auth)
    assert imported.status_code == 200 and imported.json()["imported"] == 1, imported.text

    # then each call Walmart received carried a correlation id, none twice, and each but
    # the token's a token Walmart gave
    calls = list(walmart.requests)
    correlations = [r["correlation"] for r in calls]
    assert len(calls) > 6 and all(correlations)
    assert len(set(correlations)) == len(calls)
    assert all(walmart.valid(r["token"]) for r in calls if r["path"] != "/v3/token")


def test_a_refusal_shows_walmarts_own_description(
    client: TestClient, walmart: WalmartStandIn
) -> None:
    # given a product whose SKU was never set up on Walmart
    auth, store_id, _, connection = selling(client, walmart)
    tote = add_product(client, auth, store_id, "Tote", "9.00", sku="TOTE-1")

    # when the seller lists it
    refused = publish(client, auth, connection, tote)

    # then Walmart's description of the refusal is shown with BizQ's advice
    assert refused.status_code == 422, refused.text
    assert "SKU TOTE-1 not found" in refused.text
    assert "set it up in Seller Center" in refused.text
