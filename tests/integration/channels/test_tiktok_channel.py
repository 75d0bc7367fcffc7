"""Selling on TikTok Shop from BizQ's stock, against a local server that answers as its
Partner API does (the token refresh, signed requests checked by HMAC-SHA256, the shop
cipher, products found by seller SKU, price and inventory updates, orders paged by token
with a line item per unit, shipping a package with a provider, 429 and TikTok's error
shape, the order webhook signed as TikTok signs it), with a real ``rq worker`` doing the
pushes."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bizq_app.core.settings import get_settings
from bizq_app.integrations.channels.tiktok import sign
from tests.integration.channels.conftest import fig_candle_store
from tests.integration.conftest import at_once, start_rq_worker, stop, wait_for
from tests.standins.tiktok_server import (
    APP_KEY,
    APP_SECRET,
    REFRESH_TOKEN,
    SHOP,
    TikTokStandIn,
)

ADDRESS = {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201", "country": "US"}
FIELDS = {
    "channel": "tiktok_shop",
    "shop_name": SHOP,
    "app_key": APP_KEY,
    "app_secret": APP_SECRET,
    "refresh_token": REFRESH_TOKEN,
}


def test_the_signature_follows_tiktoks_published_example() -> None:
    # secret + path + sorted "keyvalue" pairs (sign and access_token left out) + body + secret
    found = sign(
        "secret",
        "/api/orders/search",
        {"timestamp": "1623812664", "app_key": "28a5a", "sign": "x", "access_token": "t"},
        '{"page_size":10}',
    )
    text = 'secret/api/orders/searchapp_key28a5atimestamp1623812664{"page_size":10}secret'

    assert found == hmac.new(b"secret", text.encode(), hashlib.sha256).hexdigest()


def test_a_wrong_tiktok_refresh_token_is_refused_on_its_field(
    client: TestClient, tiktok: TikTokStandIn
) -> None:
    auth, store_id, _ = fig_candle_store(client)

    wrong = client.post(
        f"/api/stores/{store_id}/channels",
        headers=auth,
        json=FIELDS | {"refresh_token": "ROW_WrongRefreshToken_000000000000"},
    )

    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["path"] == "$.refresh_token"
    assert "TikTok Shop refused the refresh token" in wrong.json()["errors"][0]["message"]
    assert client.get(f"/api/stores/{store_id}/channels", headers=auth).json() == []


def test_publish_push_import_and_ship_on_tiktok_shop(
    client: TestClient, tiktok: TikTokStandIn
) -> None:
    auth, store_id, product = fig_candle_store(client)
    tiktok.product("Fig candle, hand-poured", {"FIG-1": 0})
    connected = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS)
    connection = connected.json()["id"]
    unknown = client.post(
        "/api/products",
        headers=auth,
        json={"store_id": store_id, "title": "Tote", "price": "9.00", "sku": "TOTE-1"}
        | {"inventory_quantity": 2, "status": "active"},
    ).json()["id"]

    published = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": product}
    )
    refused = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": unknown}
    )
    placed = [tiktok.place_order([("FIG-1", 1)]) for _ in range(2)]
    placed.append(tiktok.place_order([("FIG-1", 2)]))  # two units: two line items on TikTok
    tiktok.place_order([("FIG-1", 1)], status="UNPAID")  # not paid yet: left for later
    tiktok.then("throttle")  # the first orders call is refused once with 429
    slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]

    worker = start_rq_worker({"BIZQ_TIKTOK_BASE_URL": tiktok.url})
    try:
        imported = client.post(f"/api/channels/{connection}/orders/import", headers=auth)
        client.post(
            f"/api/storefront/{slug}/checkout",
            json={"email": "b@example.com", "name": "B", "address": ADDRESS}
            | {"lines": [{"product_id": product, "quantity": 1}]}
            | {"payment_method": "4242424242424242"},
        )
        wait_for(lambda: tiktok.quantity("FIG-1") == 0, what="the sale pushed")
        order = next(
            o
            for o in client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
            if o["channel"] == "tiktok_shop" and o["total"] == "50.99"  # 2 × 24.00 + 2.99
        )
        wait_for(
            lambda: (
                client.get(f"/api/orders/{order['id']}", headers=auth).json()["pipeline"]
                != "waiting"
            ),
            what="the order's pipeline",
        )
        shipped = client.post(
            f"/api/orders/{order['id']}/fulfill",
            headers=auth,
            json={"tracking_number": "1Z999AA10123456784"},
        )
        assert shipped.status_code == 200, shipped.text
        wait_for(lambda: len(tiktok.shipped) == 1, what="the package shipped on TikTok")
    finally:
        stop(worker)

    assert connected.status_code == 201, connected.text
    assert connected.json()["name"] == f"TikTok Shop {SHOP} (US)"
    assert published.status_code == 201 and published.json()["state"] == "live", published.text
    assert tiktok.price("FIG-1") == "24.00"
    assert refused.status_code == 422 and "no product with SKU TOTE-1" in refused.text
    assert imported.json() == {"imported": 3, "held": 0, "known": 0}
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 0
    shipment = next(iter(tiktok.shipped.values()))
    assert shipment == {
        "tracking_number": "1Z999AA10123456784",
        "shipping_provider_id": "6617675021119438850",  # UPS, told by the number
    }
    log = client.get(f"/api/channels/{connection}/log", headers=auth).json()
    assert REFRESH_TOKEN not in str(log) and APP_SECRET not in str(log)


def test_tiktoks_signed_webhook_brings_a_paid_order_once_even_six_at_once(
    client: TestClient, tiktok: TikTokStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth, store_id, product = fig_candle_store(client)
    tiktok.product("Fig candle", {"FIG-1": 0})
    monkeypatch.setenv("BIZQ_PUBLIC_URL", "https://wick.example.com")
    get_settings.cache_clear()
    connection = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS)
    get_settings.cache_clear()
    cid = connection.json()["id"]
    client.post(f"/api/channels/{cid}/listings", headers=auth, json={"product_id": product})
    later = tiktok.place_order([("FIG-1", 1)], status="UNPAID")
    paid = tiktok.place_order([("FIG-1", 2)])

    def deliver(order_id: str, secret: str = APP_SECRET) -> Any:
        body, signature = tiktok.webhook(order_id, secret)
        return client.post(
            f"/api/channels/{cid}/webhooks/tiktok_shop/orders",
            content=body,
            headers={"Authorization": signature, "Content-Type": "application/json"},
        )

    forged = deliver(paid, secret="0" * 40)
    unpaid = deliver(later)
    answers = at_once(6, lambda _: deliver(paid).status_code)
    tiktok.pay(later)
    then_paid = deliver(later)

    assert tiktok.webhooks == {
        "ORDER_STATUS_CHANGE": f"https://wick.example.com/api/channels/{cid}/webhooks/tiktok_shop/orders"
    }
    assert forged.status_code == 401
    assert unpaid.json() == {"outcome": "ignored"}
    assert answers == [200] * 6
    assert then_paid.json() == {"outcome": "imported"}
    orders = client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
    assert sorted(o["total"] for o in orders) == ["26.99", "50.99"]  # 24 + 2.99, 48 + 2.99
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 2
