"""A channel that answers ``200`` with a body BizQ does not understand — keys missing,
values of the wrong type, a page that is not JSON, Shopify's ``data`` null without
``errors`` —: the import or the push says so in the connection's sync log, the seller
gets a 502 with the channel named (never a 500), no order is imported and no stock moves;
the next good answer imports what the garbled one held back."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bizq_app.channels.stock_sync import push
from bizq_app.core.db import session_scope
from tests.integration.channels.conftest import fig_candle_store
from tests.integration.channels.test_etsy_channel import FIELDS as ETSY
from tests.integration.channels.test_tiktok_channel import FIELDS as TIKTOK
from tests.standins import etsy_server
from tests.standins.etsy_server import EtsyStandIn
from tests.standins.shopify_server import TOKEN, ShopifyStandIn
from tests.standins.tiktok_server import TikTokStandIn

NOT_JSON = b"<html><body>502 Bad Gateway: upstream rerouted</body></html>"
RECEIPTS = f"/v3/application/shops/{etsy_server.SHOP_ID}/receipts"
SHOPIFY = {"channel": "shopify", "shop": "standin-candles.myshopify.com", "access_token": TOKEN}


def tiktok_ok(data: Any) -> dict[str, Any]:
    return {"code": 0, "message": "Success", "request_id": "garbled", "data": data}


def selling(client: TestClient, fields: dict[str, str]) -> tuple[dict[str, str], str, str, str]:
    """A store whose fig candle (FIG-1, 5 in stock) is listed on the channel ``fields``
    connect: the owner's auth, the store, the product and the connection."""
    auth, store_id, product = fig_candle_store(client)
    connected = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=fields)
    assert connected.status_code == 201, connected.text
    connection = connected.json()["id"]
    listed = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": product}
    )
    assert listed.status_code == 201, listed.text
    return auth, store_id, product, connection


def newest_log(client: TestClient, auth: dict[str, str], connection: str) -> dict[str, Any]:
    return dict(client.get(f"/api/channels/{connection}/log", headers=auth).json()["items"][0])


def stock_of(client: TestClient, auth: dict[str, str], product: str) -> int:
    return int(client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"])


def channel_orders(client: TestClient, auth: dict[str, str], store_id: str) -> list[Any]:
    found = client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
    return [o for o in found if o["channel"]]


def import_garbled_then_good(
    client: TestClient, seller: tuple[dict[str, str], str, str, str], label: str
) -> None:
    """Import once while the channel garbles its answer, then once more: the first is a 502
    naming the channel, in the sync log, with nothing imported; the second brings the
    order the channel holds."""
    auth, store_id, product, connection = seller

    garbled = client.post(f"/api/channels/{connection}/orders/import", headers=auth)
    logged = newest_log(client, auth, connection)
    orders, stock = channel_orders(client, auth, store_id), stock_of(client, auth, product)
    again = client.post(f"/api/channels/{connection}/orders/import", headers=auth)

    assert garbled.status_code == 502, garbled.text
    assert garbled.json()["code"] == "channel_unexpected_answer"
    assert f"{label} answered in a form BizQ does not know" in garbled.json()["detail"]
    assert (logged["kind"], logged["ok"]) == ("order", False)
    assert logged["outcome"].startswith(f"Orders not imported: {label} answered in a form")
    assert orders == [] and stock == 5
    assert again.status_code == 200 and again.json()["imported"] == 1
    assert stock_of(client, auth, product) == 4


@pytest.mark.parametrize(
    "body",
    [
        NOT_JSON,
        tiktok_ok({"next_page_token": ""}),  # neither "orders" nor "total_count"
        tiktok_ok(None),
        tiktok_ok({"orders": "5769000000000001", "total_count": 1}),
        tiktok_ok({"orders": [{"id": 1, "status": "AWAITING_SHIPMENT"}], "total_count": 1}),
        tiktok_ok({"orders": [{"id": "1", "status": "AWAITING_SHIPMENT", "update_time": "now"}]})
        | {"total_count": 1},
        [tiktok_ok({})],
    ],
    ids=["not-json", "keys-missing", "data-null", "orders-a-text", "order-half", "time", "list"],
)
def test_a_garbled_tiktok_order_page_imports_nothing_and_is_logged(
    client: TestClient, tiktok: TikTokStandIn, body: Any
) -> None:
    tiktok.product("Fig candle, hand-poured", {"FIG-1": 5})
    seller = selling(client, TIKTOK)
    tiktok.place_order([("FIG-1", 1)])
    tiktok.garble("/order/202309/orders/search", body)

    import_garbled_then_good(client, seller, "TikTok Shop")


@pytest.mark.parametrize(
    "body",
    [
        NOT_JSON,
        {"count": 1},  # no "results"
        {"count": 1, "results": {"receipt_id": 1}},
        {"count": 1, "results": [{"receipt_id": 7, "status": "Paid", "transactions": "FIG-1"}]},
        {"results": []},  # no "count"
    ],
    ids=["not-json", "results-missing", "results-an-object", "receipt-half", "count-missing"],
)
def test_a_garbled_etsy_receipts_page_imports_nothing_and_is_logged(
    client: TestClient, etsy: EtsyStandIn, body: Any
) -> None:
    etsy.listing("Fig candle, hand-poured", {"FIG-1": 5})
    seller = selling(client, ETSY)
    etsy.place_order([("FIG-1", 1)])
    etsy.garble(RECEIPTS, body)

    import_garbled_then_good(client, seller, "Etsy")


@pytest.mark.parametrize(
    "body",
    [
        NOT_JSON,
        {"data": None},  # null without errors
        {"data": {"orders": {"nodes": [{"id": "gid://shopify/Order/1"}]}}},
        {"data": {"orders": {"nodes": "gid://shopify/Order/1", "pageInfo": {}}}},
        {"extensions": {}},
    ],
    ids=["not-json", "data-null", "order-half", "nodes-a-text", "no-data"],
)
def test_a_garbled_shopify_orders_answer_imports_nothing_and_is_logged(
    client: TestClient, shopify: ShopifyStandIn, body: Any
) -> None:
    seller = selling(client, SHOPIFY)
    shopify.place_order([("FIG-1", 1)])
    shopify.garble("orders", body)

    import_garbled_then_good(client, seller, "Shopify")


def push_garbled(
    client: TestClient, seller: tuple[dict[str, str], str, str, str], label: str
) -> tuple[str, dict[str, Any]]:
    """The candle's stock set to 3 and pushed while the channel garbles its answer: what the
    push said, and the listing as BizQ keeps it."""
    auth, _, product, connection = seller
    changed = client.put(f"/api/products/{product}", headers=auth, json={"inventory_quantity": 3})
    assert changed.status_code == 200, changed.text
    listing = client.get(f"/api/channels/{connection}/listings", headers=auth).json()[0]

    said = push(open_session=session_scope, listing_id=uuid.UUID(listing["id"]))

    logged = newest_log(client, auth, connection)
    assert (logged["kind"], logged["ok"]) == ("stock", False)
    assert f"{label} answered in a form BizQ does not know" in logged["outcome"]
    after = client.get(f"/api/channels/{connection}/listings", headers=auth).json()[0]
    return said, after


def test_a_garbled_tiktok_product_search_pushes_no_stock(
    client: TestClient, tiktok: TikTokStandIn
) -> None:
    tiktok.product("Fig candle, hand-poured", {"FIG-1": 5})
    seller = selling(client, TIKTOK)
    tiktok.garble(
        "/product/202309/products/search",
        tiktok_ok({"products": [{"skus": [{"seller_sku": "FIG-1"}]}], "total_count": 1}),
    )

    said, listing = push_garbled(client, seller, "TikTok Shop")

    assert said.startswith("failed, tried again in")
    assert tiktok.quantity("FIG-1") == 5 and listing["shown"] == {"FIG-1": 5}


@pytest.mark.parametrize(
    "inventory",
    [{}, {"products": "FIG-1"}, {"products": [{"sku": "FIG-2", "offerings": []}]}, NOT_JSON],
    ids=["products-missing", "products-a-text", "sku-missing", "not-json"],
)
def test_a_garbled_etsy_inventory_is_never_written_back(
    client: TestClient, etsy: EtsyStandIn, inventory: Any
) -> None:
    listing = etsy.listing("Fig candle, hand-poured", {"FIG-1": 5})
    seller = selling(client, ETSY)
    path = f"/v3/application/listings/{listing}/inventory"
    etsy.garble(path, inventory)
    written_before = sum(1 for r in etsy.requests if r["method"] == "PUT")

    said, shown = push_garbled(client, seller, "Etsy")

    assert said.startswith("failed, tried again in")
    assert sum(1 for r in etsy.requests if r["method"] == "PUT") == written_before
    assert etsy.offering("FIG-1")["quantity"] == 5 and shown["shown"] == {"FIG-1": 5}


def test_shopify_data_null_without_errors_on_a_push_moves_no_stock(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    seller = selling(client, SHOPIFY)
    shopify.garble("inventorySetQuantities", {"data": None})

    said, listing = push_garbled(client, seller, "Shopify")

    assert said.startswith("failed, tried again in")
    assert shopify.quantity_of("FIG-1") == 5 and listing["shown"] == {"FIG-1": 5}
