"""A connection imports the orders placed from the moment it was made. The seller's earlier
orders come only when asked for, as history: recorded with their channel and number for
reports and customers, taking no stock and sending no e-mail, never twice. Every order says
the channel it came from, and the orders list filters by it. Against the Etsy stand-in,
whose receipts carry the moment they last changed, with a real ``rq worker``."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.integration.channels.conftest import fig_candle_store, selling_on
from tests.integration.channels.test_etsy_channel import FIELDS
from tests.integration.conftest import start_rq_worker, stop, wait_for
from tests.standins.etsy_server import EtsyStandIn

ADDRESS = {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201", "country": "US"}


def connected_store(
    client: TestClient, etsy: EtsyStandIn, **extra: str
) -> tuple[dict[str, str], str, str, str]:
    """An owner whose store sells 9 fig candles, connected (with ``extra`` fields) to the
    Etsy shop that lists them (``with_listing``)."""
    auth, store_id, product = fig_candle_store(client, inventory_quantity=9)
    return auth, store_id, product, selling_on(client, auth, store_id, product, FIELDS | extra)


def with_listing(etsy: EtsyStandIn) -> EtsyStandIn:
    """The Etsy shop, listing the fig candle."""
    etsy.listing("Fig candle", {"FIG-1": 9})
    return etsy


def orders(client: TestClient, auth: dict[str, str], store_id: str, **query: str) -> Any:
    return client.get("/api/orders", params={"store_id": store_id, **query}, headers=auth)


def stock(client: TestClient, auth: dict[str, str], product: str) -> int:
    return int(client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"])


def history_logged(client: TestClient, auth: dict[str, str], connection: str) -> int:
    entries = client.get(f"/api/channels/{connection}/log", headers=auth).json()["items"]
    return sum(e["outcome"].startswith("History of the") for e in entries)


def test_the_first_poll_leaves_the_orders_placed_before_connecting(
    client: TestClient, etsy: EtsyStandIn
) -> None:
    # given a shop with two orders of last week, connected now
    with_listing(etsy).place_order([("FIG-1", 2)], days_ago=3)
    etsy.place_order([("FIG-1", 1)], days_ago=7)
    auth, store_id, product, connection = connected_store(client, etsy)
    new = etsy.place_order([("FIG-1", 1)])

    # when the channel's orders are imported for the first time
    imported = client.post(f"/api/channels/{connection}/orders/import", headers=auth)

    # then only the order placed since is a sale: the past took no stock
    assert imported.status_code == 200, imported.text
    assert imported.json() == {"imported": 1, "held": 0, "known": 0}
    listed = orders(client, auth, store_id).json()["items"]
    assert [o["channel_order"] for o in listed] == [str(new)]
    assert stock(client, auth, product) == 8


def test_earlier_orders_are_imported_as_history_once_without_stock_or_mail(
    client: TestClient, etsy: EtsyStandIn
) -> None:
    # given orders of 3, 7, 200 and 400 days ago, and one placed after connecting
    week = [with_listing(etsy).place_order([("FIG-1", 2)], days_ago=3)]
    week.append(etsy.place_order([("FIG-1", 1)], days_ago=7))
    old = etsy.place_order([("FIG-1", 1)], days_ago=200)
    etsy.place_order([("FIG-1", 1)], days_ago=400)  # more than a year before: never asked for
    auth, store_id, product, connection = connected_store(client, etsy)
    new = etsy.place_order([("FIG-1", 1)])
    client.post(f"/api/channels/{connection}/orders/import", headers=auth)
    history = f"/api/channels/{connection}/orders/history"

    # when the seller asks for the last 30 days, then for the year, the worker running
    month = client.post(history, headers=auth, json={"days": 30})
    year = client.post(history, headers=auth, json={"days": 365})
    worker = start_rq_worker({"BIZQ_ETSY_BASE_URL": etsy.url})
    try:
        wait_for(lambda: history_logged(client, auth, connection) == 2, what="both imports")
    finally:
        stop(worker)

    # then each earlier order is there once, as Etsy history, and nothing else moved
    assert month.status_code == year.status_code == 202, month.text
    assert month.json()["days"] == 30
    listed = orders(client, auth, store_id, channel="etsy").json()["items"]
    assert sorted(o["channel_order"] for o in listed) == sorted(str(r) for r in [*week, old, new])
    assert {o["channel_order"] for o in listed if o["history"]} == {str(r) for r in [*week, old]}
    assert {o["status"] for o in listed if o["history"]} == {"delivered"}
    dated = {o["channel_order"]: datetime.fromisoformat(o["created_at"]) for o in listed}
    assert datetime.now(UTC) - dated[str(old)] > timedelta(days=199)  # reports date it then
    assert stock(client, auth, product) == 8  # only the order placed after connecting
    for order in (o for o in listed if o["history"]):
        mails = client.get(
            "/api/notifications",
            params={"store_id": store_id, "order_id": order["id"]},
            headers=auth,
        )
        assert mails.json()["total"] == 0
    buyers = client.get("/api/customers", params={"store_id": store_id}, headers=auth).json()
    assert sorted(c["orders_count"] for c in buyers["items"]) == [1, 1, 1, 1]


def test_a_history_request_outside_one_to_365_days_is_refused_and_queues_nothing(
    client: TestClient, etsy: EtsyStandIn
) -> None:
    auth, _, _, connection = connected_store(client, with_listing(etsy))
    history = f"/api/channels/{connection}/orders/history"
    log_before = client.get(f"/api/channels/{connection}/log", headers=auth).json()["total"]

    refused = [
        client.post(history, headers=auth, json={"days": days}) for days in (0, 366, -5, "a week")
    ]
    extra = client.post(history, headers=auth, json={"days": 30, "since": "2020-01-01"})
    other = client.post(f"/api/channels/{uuid.uuid4()}/orders/history", headers=auth, json={})

    assert {r.status_code for r in [*refused, extra]} == {422}
    assert all(r.headers["content-type"].startswith("application/problem+json") for r in refused)
    assert other.status_code == 404
    log_after = client.get(f"/api/channels/{connection}/log", headers=auth).json()["total"]
    assert log_after == log_before


def test_orders_are_found_by_the_channel_they_came_from(
    client: TestClient, etsy: EtsyStandIn
) -> None:
    # given a storefront sale and an Etsy sale
    auth, store_id, product, connection = connected_store(client, with_listing(etsy))
    slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]
    bought = client.post(
        f"/api/storefront/{slug}/checkout",
        json={"email": "b@example.com", "name": "B", "address": ADDRESS}
        | {"lines": [{"product_id": product, "quantity": 1}]}
        | {"payment_method": "4242424242424242"},
    )
    receipt = etsy.place_order([("FIG-1", 1)])
    client.post(f"/api/channels/{connection}/orders/import", headers=auth)

    # when the orders are listed by channel
    on_etsy = orders(client, auth, store_id, channel="etsy")
    on_shop = orders(client, auth, store_id, channel="storefront")
    on_amazon = orders(client, auth, store_id, channel="amazon")
    unknown = orders(client, auth, store_id, channel="myspace")

    # then each lists its own, an Etsy order with Etsy's own number
    assert bought.status_code == 201, bought.text
    assert on_etsy.status_code == 200, on_etsy.text
    assert [(o["channel"], o["channel_order"]) for o in on_etsy.json()["items"]] == [
        ("etsy", str(receipt))
    ]
    assert [o["id"] for o in on_shop.json()["items"]] == [bought.json()["id"]]
    assert on_shop.json()["items"][0]["channel_order"] == ""
    assert on_amazon.json()["items"] == []
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["path"] == "$.channel"
