"""An order placed on a channel before the store connected it is the seller's history
however late it changes there: paid after connecting, delivered again by a webhook, read
by a poll or by the history import, it is recorded once, as history on the day it was
placed, and takes no stock. An order placed after connecting is a sale and takes its
units. Against the Shopify stand-in (polled; its ``orders/create`` webhook) and the TikTok
Shop stand-in (its status webhook names the order, read by id)."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from bizq_app.channels import order_catchup
from bizq_app.core.db import session_scope
from tests.integration.channels.conftest import fig_candle_store, selling_on
from tests.integration.channels.test_shopify_orders import (
    orders_of,
    selling_on_shopify,
    stock_of,
    webhook,
)
from tests.integration.channels.test_tiktok_channel import FIELDS as TIKTOK
from tests.integration.conftest import at_once
from tests.standins.shopify_server import ShopifyStandIn
from tests.standins.tiktok_server import APP_SECRET, TikTokStandIn


def poll(client: TestClient, auth: dict[str, str], connection: str) -> Any:
    return client.post(f"/api/channels/{connection}/orders/import", headers=auth).json()


def placed_days_ago(order: dict[str, Any]) -> float:
    return (datetime.now(UTC) - datetime.fromisoformat(str(order["created_at"]))) / timedelta(
        days=1
    )


def sales_taken(client: TestClient, auth: dict[str, str], product: str) -> list[int]:
    moves = client.get(f"/api/products/{product}/stock", headers=auth).json()
    return [m["change"] for m in moves if m["reason"] == "channel_sale"]


def test_a_shopify_order_placed_before_connecting_and_paid_after_is_history(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    # given an order of two days ago still unpaid when the store connects (5 in stock)
    early = shopify.place_order([("FIG-1", 2)], financial_status="pending", days_ago=2)
    auth, store_id, product, connection = selling_on_shopify(client)

    # when the buyer pays it now, another buyer orders, and the orders are polled
    shopify.pay(early)
    fresh = shopify.place_order([("FIG-1", 1)])
    first = poll(client, auth, connection)
    delivered = webhook(client, connection, early)  # Shopify delivers its webhook late
    second = poll(client, auth, connection)

    # then the early order is history of its day, once; only the new one took stock
    assert first == {"imported": 2, "held": 0, "known": 0}
    assert delivered.json() == {"outcome": "known"}
    assert second == {"imported": 0, "held": 0, "known": 0}
    found = {str(o["channel_order"]): o for o in orders_of(client, auth, store_id)}
    assert sorted(found) == sorted([early["name"], fresh["name"]])
    assert found[early["name"]]["history"] is True
    assert found[early["name"]]["status"] == "delivered"
    assert placed_days_ago(found[early["name"]]) > 1.9
    assert found[fresh["name"]]["history"] is False
    assert stock_of(client, auth, product) == 4
    assert sales_taken(client, auth, product) == [-1]
    log = client.get(f"/api/channels/{connection}/log", headers=auth).json()["items"]
    said = [e["outcome"] for e in log if e["kind"] == "order"]
    assert sum("as history: placed before you connected" in s for s in said) == 1


def test_a_held_order_placed_before_connecting_is_history_once_mapped(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    # given an order of a SKU BizQ does not know, placed before connecting, paid after
    early = shopify.place_order([("FIG-OLD", 2)], financial_status="pending", days_ago=3)
    auth, store_id, product, connection = selling_on_shopify(client)
    shopify.pay(early)
    held = poll(client, auth, connection)
    [hold] = client.get(f"/api/channels/{connection}/holds", headers=auth).json()

    # when the seller maps its SKU and imports it again
    retry = f"/api/channels/{connection}/holds/{hold['id']}/retry"
    retried = client.post(retry, headers=auth, json={"map": {"FIG-OLD": "FIG-1"}})

    # then it is history, dated when it was placed, and the stock is untouched
    assert held == {"imported": 0, "held": 1, "known": 0}
    assert retried.status_code == 200, retried.text
    assert retried.json()["outcome"] == "imported"
    [order] = orders_of(client, auth, store_id)
    assert order["history"] is True and placed_days_ago(order) > 2.9
    assert stock_of(client, auth, product) == 5


def test_a_webhook_and_polls_racing_on_a_late_order_record_it_once_as_history(
    any_client: TestClient, shopify: ShopifyStandIn
) -> None:
    # given an order of yesterday, paid after the store connected
    early = shopify.place_order([("FIG-1", 3)], financial_status="pending", days_ago=1)
    auth, store_id, product, connection = selling_on_shopify(any_client)
    shopify.pay(early)

    # when its webhook and polls arrive at once
    def deliver(i: int) -> int:
        if i % 2:
            return int(webhook(any_client, connection, early).status_code)
        answer = any_client.post(f"/api/channels/{connection}/orders/import", headers=auth)
        return answer.status_code

    answers = at_once(8, deliver)

    # then it is one order, history, and no unit left the stock
    assert answers == [200] * 8
    orders = orders_of(any_client, auth, store_id)
    assert [o["history"] for o in orders] == [True]
    assert stock_of(any_client, auth, product) == 5
    assert sales_taken(any_client, auth, product) == []


def test_a_tiktok_order_placed_before_connecting_comes_by_webhook_as_history(
    client: TestClient, tiktok: TikTokStandIn
) -> None:
    # given an unpaid TikTok order of three days ago, and the store (5 in stock) connecting
    tiktok.product("Fig candle", {"FIG-1": 0})
    early = tiktok.place_order([("FIG-1", 2)], status="UNPAID", days_ago=3)
    auth, store_id, product = fig_candle_store(client)
    connection = selling_on(client, auth, store_id, product, TIKTOK)

    def deliver(order_id: str) -> Any:
        body, signature = tiktok.webhook(order_id, APP_SECRET)
        return client.post(
            f"/api/channels/{connection}/webhooks/tiktok_shop/orders",
            content=body,
            headers={"Authorization": signature, "Content-Type": "application/json"},
        ).json()

    # when it is paid now and TikTok says so, a new order comes the same way, then the
    # channel is polled and the seller's history imported
    tiktok.pay(early)
    late = deliver(early)
    fresh = tiktok.place_order([("FIG-1", 1)])
    now = deliver(fresh)
    again = deliver(early)
    polled = poll(client, auth, connection)
    history = order_catchup.import_history(
        open_session=session_scope, connection_id=uuid.UUID(connection), days=30
    )

    # then the early order is history, recorded once; only the new one took a unit
    assert (late, now, again) == ({"outcome": "imported"},) * 2 + ({"outcome": "known"},)
    assert polled == {"imported": 0, "held": 0, "known": 2}
    assert history == Counter({"known": 1})  # the new order is not the seller's history
    found = {str(o["channel_order"]): o for o in orders_of(client, auth, store_id)}
    assert sorted(found) == sorted([early, fresh])
    assert (found[early]["history"], found[fresh]["history"]) == (True, False)
    assert placed_days_ago(found[early]) > 2.9
    assert stock_of(client, auth, product) == 4
    assert sales_taken(client, auth, product) == [-1]
