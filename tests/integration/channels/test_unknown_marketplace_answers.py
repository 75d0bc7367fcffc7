"""Amazon, eBay or Walmart answering ``200`` with a body BizQ does not understand — the
key that holds the orders missing, a list where an object is expected, values of the
wrong type, a page that is not JSON —: the import or the push says so in the
connection's sync log, the seller gets a 502 with the channel named (never a 500), no
order is imported and no stock moves; the next good answer imports what the garbled one
held back."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.integration.channels.conftest import fig_candle_store, selling_on
from tests.integration.channels.test_amazon_channel import FIELDS as AMAZON
from tests.integration.channels.test_ebay_channel import FIELDS as EBAY
from tests.integration.channels.test_ebay_channel import FIG_PHOTO
from tests.integration.channels.test_unknown_answers import (
    NOT_JSON,
    import_garbled_then_good,
    push_garbled,
)
from tests.integration.channels.test_walmart_channel import FIELDS as WALMART
from tests.standins.amazon_server import SELLER, AmazonStandIn
from tests.standins.ebay_server import EbayStandIn
from tests.standins.walmart_server import WalmartStandIn

Seller = tuple[dict[str, str], str, str, str]


def selling(client: TestClient, fields: dict[str, str]) -> Seller:
    """A store whose fig candle (FIG-1, 5 in stock, with its photo) is listed on the
    channel ``fields`` connect: the owner's auth, the store, the product and the
    connection."""
    auth, store_id, product = fig_candle_store(client, images=[FIG_PHOTO])
    return auth, store_id, product, selling_on(client, auth, store_id, product, fields)


@pytest.mark.parametrize(
    "body",
    [
        NOT_JSON,
        {"errors": []},  # no "payload"
        {"payload": [{"Orders": []}]},
        [{"payload": {"Orders": []}}],
        {"payload": {"NextToken": "2"}},  # no "Orders"
        {"payload": {"Orders": {"AmazonOrderId": "902-0000001-0000001"}}},
        {"payload": {"Orders": ["902-0000001-0000001"]}},
    ],
    ids=[
        "not-json",
        "payload-missing",
        "payload-a-list",
        "a-list",
        "orders-missing",
        "orders-an-object",
        "order-a-text",
    ],
)
def test_a_garbled_amazon_orders_answer_imports_nothing_and_is_logged(
    client: TestClient, amazon: AmazonStandIn, body: Any
) -> None:
    amazon.offer("FIG-1", "Fig candle, hand-poured")
    seller = selling(client, AMAZON)
    amazon.place_order([("FIG-1", 1)])
    amazon.garble("/orders/v0/orders", body)

    import_garbled_then_good(client, seller, "Amazon")


def test_a_half_amazon_order_imports_nothing_and_is_logged(
    client: TestClient, amazon: AmazonStandIn
) -> None:
    # an order Amazon has, shown without the time it last changed
    amazon.offer("FIG-1", "Fig candle, hand-poured")
    seller = selling(client, AMAZON)
    placed = amazon.place_order([("FIG-1", 1)])
    half = {"AmazonOrderId": placed, "OrderStatus": "Unshipped"}
    amazon.garble("/orders/v0/orders", {"payload": {"Orders": [half]}})

    import_garbled_then_good(client, seller, "Amazon")


@pytest.mark.parametrize(
    "body",
    [
        NOT_JSON,
        {"total": 1, "limit": 50},  # no "orders", though it says it has one
        {"orders": {"orderId": "12-00001-00001"}, "total": 1},
        [{"orders": [], "total": 0}],
        {"orders": [{"orderId": "12-00001-00001", "orderPaymentStatus": "PAID"}], "total": 1},
    ],
    ids=["not-json", "orders-missing", "orders-an-object", "a-list", "order-half"],
)
def test_a_garbled_ebay_orders_page_imports_nothing_and_is_logged(
    client: TestClient, ebay: EbayStandIn, body: Any
) -> None:
    seller = selling(client, EBAY)
    ebay.place_order([("FIG-1", 1)])
    ebay.garble("/sell/fulfillment/v1/order", body)

    import_garbled_then_good(client, seller, "eBay")


@pytest.mark.parametrize(
    "body",
    [
        NOT_JSON,
        {"meta": {"totalCount": 1}},  # no "list"
        {"list": [{"elements": {"order": []}}]},
        [{"list": {"elements": {"order": []}}}],
        {"list": {"elements": {"order": {"purchaseOrderId": "1089900000001"}}}},
        {"list": {"elements": {"order": [{"purchaseOrderId": "1089900000001"}]}}},
    ],
    ids=["not-json", "list-missing", "list-a-list", "a-list", "order-an-object", "order-half"],
)
def test_a_garbled_walmart_orders_page_imports_nothing_and_is_logged(
    client: TestClient, walmart: WalmartStandIn, body: Any
) -> None:
    walmart.item("FIG-1", "Fig candle, hand-poured")
    seller = selling(client, WALMART)
    walmart.place_order([("FIG-1", 1)])
    walmart.garble("/v3/orders", body)

    import_garbled_then_good(client, seller, "Walmart")


@pytest.mark.parametrize(
    "body",
    [NOT_JSON, {"sku": "FIG-1", "submissionId": "s-2"}, [{"status": "ACCEPTED"}]],
    ids=["not-json", "status-missing", "a-list"],
)
def test_a_garbled_amazon_listing_answer_pushes_no_stock(
    client: TestClient, amazon: AmazonStandIn, body: Any
) -> None:
    amazon.offer("FIG-1", "Fig candle, hand-poured")
    seller = selling(client, AMAZON)
    amazon.garble(f"/listings/2021-08-01/items/{SELLER}/FIG-1", body)

    said, listing = push_garbled(client, seller, "Amazon")

    assert said.startswith("failed, tried again in")
    assert amazon.offers["FIG-1"]["quantity"] == 5 and listing["shown"] == {"FIG-1": 5}


@pytest.mark.parametrize(
    "body",
    [NOT_JSON, {}, {"responses": {"sku": "FIG-1", "statusCode": 200}}, {"responses": []}],
    ids=["not-json", "responses-missing", "responses-an-object", "fig-not-answered"],
)
def test_a_garbled_ebay_quantities_answer_pushes_no_stock(
    client: TestClient, ebay: EbayStandIn, body: Any
) -> None:
    seller = selling(client, EBAY)
    ebay.garble("/sell/inventory/v1/bulk_update_price_quantity", body)

    said, listing = push_garbled(client, seller, "eBay")

    assert said.startswith("failed, tried again in")
    shown = ebay.items["FIG-1"]["availability"]["shipToLocationAvailability"]["quantity"]
    assert shown == 5 and listing["shown"] == {"FIG-1": 5}


@pytest.mark.parametrize(
    "body",
    [NOT_JSON, {"ItemResponse": []}, [{"sku": "FIG-1"}]],
    ids=["not-json", "sku-missing", "a-list"],
)
def test_a_garbled_walmart_inventory_answer_pushes_no_stock(
    client: TestClient, walmart: WalmartStandIn, body: Any
) -> None:
    walmart.item("FIG-1", "Fig candle, hand-poured")
    seller = selling(client, WALMART)
    walmart.garble("/v3/inventory", body)

    said, listing = push_garbled(client, seller, "Walmart")

    assert said.startswith("failed, tried again in")
    assert walmart.items["FIG-1"]["quantity"] == 5 and listing["shown"] == {"FIG-1": 5}
