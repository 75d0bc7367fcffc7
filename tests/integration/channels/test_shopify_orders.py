"""Orders placed on Shopify become BizQ orders through the same stock ledger: by webhook
(signature and shop checked) or by polling with a cursor, never twice, and held for the
seller when BizQ cannot record them. Only sales come in — paid, not cancelled, not test
orders — each line as it stands now, however many lines the order has."""

from __future__ import annotations

import json
import uuid

import pytest
from fastapi.testclient import TestClient

from bizq_app.channels.stock_sync import push
from bizq_app.core.db import session_scope
from bizq_app.core.settings import get_settings
from tests.integration.conftest import at_once, signup, start_rq_worker, stop, wait_for
from tests.standins.shopify_server import TOKEN, ShopifyStandIn, signed

SHOP = "standin-candles.myshopify.com"
SECRET = "shopify-app-client-secret-0123456789"


def selling_on_shopify(client: TestClient, stock: int = 5) -> tuple[dict[str, str], str, str, str]:
    """A store with one candle (5 in stock) listed on a connected Shopify shop."""
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store_id = client.post("/api/stores", json={"name": "Wick & Co"}, headers=auth).json()["id"]
    product = client.post(
        "/api/products",
        headers=auth,
        json={
            "store_id": store_id,
            "title": "Fig candle",
            "price": "24.00",
            "sku": "FIG-1",
            "inventory_quantity": stock,
            "status": "active",
        },
    ).json()["id"]
    connection = client.post(
        f"/api/stores/{store_id}/channels",
        headers=auth,
        json={"channel": "shopify", "shop": SHOP, "access_token": TOKEN, "webhook_secret": SECRET},
    ).json()["id"]
    listed = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": product}
    )
    assert listed.status_code == 201, listed.text
    return auth, store_id, product, connection


def webhook(  # type: ignore[no-untyped-def]
    client: TestClient,
    connection: str,
    order: dict[str, object],
    secret: str = SECRET,
    shop: str | None = SHOP,
):
    """Shopify's ``orders/create`` delivery of ``order`` from ``shop`` (its headers as
    Shopify sends them: the signature, the topic and the shop's domain)."""
    body = json.dumps(order).encode()
    headers = {
        "X-Shopify-Hmac-Sha256": signed(body, secret),
        "X-Shopify-Topic": "orders/create",
        "Content-Type": "application/json",
    }
    if shop is not None:
        headers["X-Shopify-Shop-Domain"] = shop
    return client.post(
        f"/api/channels/{connection}/webhooks/shopify/orders", content=body, headers=headers
    )


def orders_of(client: TestClient, auth: dict[str, str], store_id: str) -> list[dict[str, object]]:
    return list(client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"])


def stock_of(client: TestClient, auth: dict[str, str], product: str) -> int:
    return int(client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"])


def test_a_signed_webhook_imports_the_order_once_and_takes_its_stock(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, product, connection = selling_on_shopify(client)
    order = shopify.place_order([("FIG-1", 2)])

    forged = webhook(client, connection, order, secret="not-the-apps-secret-at-all")
    first = webhook(client, connection, order)
    again = webhook(client, connection, order)  # Shopify retries deliveries

    orders = orders_of(client, auth, store_id)
    assert forged.status_code == 401
    assert first.status_code == 200 and again.status_code == 200
    assert len(orders) == 1
    assert orders[0]["channel"] == "shopify"
    assert orders[0]["status"] == "paid"
    assert orders[0]["total"] == "52.99"  # 2 × 24.00 + 4.99 shipping
    assert "Imported from Shopify order #1001" in str(orders[0]["timeline"])
    assert stock_of(client, auth, product) == 3
    assert shopify.quantity_of("FIG-1") == 3  # Shopify took its own units when it sold
    listing = client.get(f"/api/channels/{connection}/listings", headers=auth).json()[0]
    assert push(open_session=session_scope, listing_id=uuid.UUID(listing["id"])) == (
        "nothing to push"  # the channel already shows what is left: no stale compare
    )
    history = client.get(f"/api/products/{product}/stock", headers=auth).json()
    assert [(m["reason"], m["change"]) for m in history if m["reason"] == "channel_sale"] == [
        ("channel_sale", -2)
    ]


def test_polling_imports_new_orders_holds_unknown_skus_and_moves_its_cursor(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, product, connection = selling_on_shopify(client)
    shopify.place_order([("FIG-1", 1)])
    shopify.place_order([("NOT-IN-BIZQ", 1)])
    shopify.place_order([("FIG-1", 9)])  # more than BizQ has

    first = client.post(f"/api/channels/{connection}/orders/import", headers=auth).json()
    second = client.post(f"/api/channels/{connection}/orders/import", headers=auth).json()

    holds = client.get(f"/api/channels/{connection}/holds", headers=auth).json()
    assert first == {"imported": 1, "held": 2, "known": 0}
    assert second == {"imported": 0, "held": 0, "known": 0}  # the cursor moved past them
    assert len(orders_of(client, auth, store_id)) == 1
    assert stock_of(client, auth, product) == 4  # held orders took nothing
    reasons = {h["name"]: h["reason"] for h in holds}
    assert "NOT-IN-BIZQ" in reasons["#1002"] and "map it" in reasons["#1002"]
    assert "Only 4 of Fig candle left" in reasons["#1003"]


def test_a_webhook_and_a_poll_racing_on_one_order_record_it_once(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, product, connection = selling_on_shopify(client)
    order = shopify.place_order([("FIG-1", 1)])

    def deliver(i: int) -> int:
        if i % 2:
            return webhook(client, connection, order).status_code
        return client.post(f"/api/channels/{connection}/orders/import", headers=auth).status_code

    answers = at_once(8, deliver)

    assert answers == [200] * 8
    assert len(orders_of(client, auth, store_id)) == 1
    assert stock_of(client, auth, product) == 4


def test_shipping_an_imported_order_sends_its_tracking_to_shopify(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, _product, connection = selling_on_shopify(client)
    order = shopify.place_order([("FIG-1", 1)])
    webhook(client, connection, order)
    imported = orders_of(client, auth, store_id)[0]

    worker = start_rq_worker({"BIZQ_SHOPIFY_BASE_URL": shopify.url})
    try:
        wait_for(
            lambda: (
                client.get(f"/api/orders/{imported['id']}", headers=auth).json()["pipeline"]
                != "waiting"
            ),
            what="the order's pipeline",
        )
        shipped = client.post(
            f"/api/orders/{imported['id']}/fulfill",
            headers=auth,
            json={"tracking_number": "1Z999AA10123456784"},
        )
        wait_for(lambda: shopify.tracking_of("#1001") is not None, what="the tracking on Shopify")
    finally:
        stop(worker)

    log = client.get(f"/api/channels/{connection}/log", headers=auth).json()["items"]
    assert shipped.status_code == 200, shipped.text
    assert shopify.tracking_of("#1001") == "1Z999AA10123456784"
    assert log[0]["kind"] == "tracking" and log[0]["ok"] is True


def test_connecting_with_the_apps_secret_registers_the_order_webhook_once(
    client: TestClient, shopify: ShopifyStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store_id = client.post("/api/stores", json={"name": "Hooked"}, headers=auth).json()["id"]
    fields = {"channel": "shopify", "shop": SHOP, "access_token": TOKEN, "webhook_secret": SECRET}
    unhooked = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=fields)
    monkeypatch.setenv("BIZQ_PUBLIC_URL", "https://wick.example.com")
    get_settings.cache_clear()

    first = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=fields)
    again = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=fields)
    get_settings.cache_clear()

    connection = first.json()["id"]
    assert unhooked.json()["id"] == connection == again.json()["id"]  # one connection
    assert shopify.subscriptions == [
        {
            "topic": "ORDERS_CREATE",
            "uri": f"https://wick.example.com/api/channels/{connection}/webhooks/shopify/orders",
        }
    ]
    log = client.get(f"/api/channels/{connection}/log", headers=auth).json()["items"]
    hooks = [(e["ok"], e["outcome"]) for e in log if e["kind"] == "webhook"]
    assert [ok for ok, _ in hooks] == [True, True, True]  # newest first; polling is no failure
    assert "set BIZQ_PUBLIC_URL" in hooks[-1][1]


def test_only_paid_live_real_orders_are_imported_each_line_as_it_stands_now(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, product, connection = selling_on_shopify(client)
    shopify.place_order([("FIG-1", 1)], financial_status="pending")  # not paid yet
    voided = shopify.place_order([("FIG-1", 1)], financial_status="authorized")
    shopify.cancel(voided)  # its payment voided
    shopify.place_order([("FIG-1", 1)], test=True)  # Shopify's Bogus Gateway
    cancelled = shopify.place_order([("FIG-1", 1)])
    shopify.cancel(cancelled)
    edited = shopify.place_order([("FIG-1", 3)])
    shopify.remove_units(edited, "FIG-1", 2)  # the seller took two units off it
    shopify.place_order([("FIG-1", 1)], financial_status="partially_refunded")

    counts = client.post(f"/api/channels/{connection}/orders/import", headers=auth).json()

    orders = orders_of(client, auth, store_id)
    assert counts == {"imported": 2, "held": 0, "known": 0}
    assert sorted(str(o["total"]) for o in orders) == ["28.99", "28.99"]  # one unit each
    assert stock_of(client, auth, product) == 3  # 5 less the two units really sold


def test_an_order_with_more_lines_than_a_page_is_imported_whole(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, product, connection = selling_on_shopify(client, stock=200)
    shopify.place_order([("FIG-1", 1)] * 130)  # one line per engraved candle

    counts = client.post(f"/api/channels/{connection}/orders/import", headers=auth).json()

    assert counts == {"imported": 1, "held": 0, "known": 0}
    assert stock_of(client, auth, product) == 70  # every one of the 130 lines


def test_a_webhook_from_another_shop_than_the_connection_s_is_refused(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, product, connection = selling_on_shopify(client)
    order = shopify.place_order([("FIG-1", 2)])

    elsewhere = webhook(client, connection, order, shop="another-shop.myshopify.com")
    unnamed = webhook(client, connection, order, shop=None)

    assert elsewhere.status_code == 401 and unnamed.status_code == 401
    assert elsewhere.headers["content-type"].startswith("application/problem+json")
    assert orders_of(client, auth, store_id) == []
    assert stock_of(client, auth, product) == 5


def test_an_unpaid_or_test_order_s_webhook_is_ignored_and_comes_in_once_paid(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, product, connection = selling_on_shopify(client)
    unpaid = shopify.place_order([("FIG-1", 2)], financial_status="pending")
    trial = shopify.place_order([("FIG-1", 1)], test=True)

    answers = [webhook(client, connection, o).json()["outcome"] for o in (unpaid, trial)]
    before = orders_of(client, auth, store_id)
    shopify.pay(unpaid)
    counts = client.post(f"/api/channels/{connection}/orders/import", headers=auth).json()

    assert answers == ["ignored", "ignored"] and before == []
    assert counts == {"imported": 1, "held": 0, "known": 0}
    assert stock_of(client, auth, product) == 3
