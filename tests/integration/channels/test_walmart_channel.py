"""Selling on Walmart from BizQ's stock, against a local server that answers as Walmart's
Marketplace API does (client credentials with HTTP Basic, the WM_ headers, price and
inventory by SKU, orders paged by nextCursor and acknowledged, shipping with a carrier
from Walmart's list, 429 and Walmart's error shape, the PO_CREATED notification signed by
Walmart's HMAC method), with a real ``rq worker``."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bizq_app.core.settings import get_settings
from bizq_app.integrations.channels.walmart import verify_webhook
from tests.integration.channels.conftest import fig_candle_store
from tests.integration.conftest import at_once, start_rq_worker, stop, wait_for
from tests.standins.walmart_server import CLIENT_ID, CLIENT_SECRET, WalmartStandIn

ADDRESS = {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201", "country": "US"}
FIELDS = {"channel": "walmart", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}


def test_a_wrong_walmart_secret_is_refused_on_its_field_and_nothing_is_saved(
    client: TestClient, walmart: WalmartStandIn
) -> None:
    auth, store_id, _ = fig_candle_store(client)

    wrong = client.post(
        f"/api/stores/{store_id}/channels",
        headers=auth,
        json=FIELDS | {"client_secret": "AKbdh2xX_WrongClientSecret_00000000"},
    )
    malformed = client.post(
        f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS | {"client_id": "x"}
    )

    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["path"] == "$.client_secret"
    assert "Walmart refused the client id and secret" in wrong.json()["errors"][0]["message"]
    assert [e["path"] for e in malformed.json()["errors"]] == ["$.client_id"]
    assert client.get(f"/api/stores/{store_id}/channels", headers=auth).json() == []


def test_publish_push_import_and_ship_on_walmart(
    client: TestClient, walmart: WalmartStandIn
) -> None:
    auth, store_id, product = fig_candle_store(client)
    walmart.item("FIG-1", "Fig candle, hand-poured", quantity=0)
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
    placed = [walmart.place_order([("FIG-1", 1)]) for _ in range(3)]  # two pages of orders
    walmart.place_order([("FIG-1", 1)], cancelled=True)  # cancelled by Walmart: left out
    walmart.then("throttle")  # the first orders call is refused once with 429
    slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]

    worker = start_rq_worker({"BIZQ_WALMART_BASE_URL": walmart.url})
    try:
        imported = client.post(f"/api/channels/{connection}/orders/import", headers=auth)
        client.post(
            f"/api/storefront/{slug}/checkout",
            json={"email": "b@example.com", "name": "B", "address": ADDRESS}
            | {"lines": [{"product_id": product, "quantity": 1}]}
            | {"payment_method": "4242424242424242"},
        )
        wait_for(lambda: walmart.items["FIG-1"]["quantity"] == 1, what="the sale pushed")
        order = next(
            o
            for o in client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
            if o["channel"] == "walmart"
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
        wait_for(lambda: len(walmart.shipments) == 1, what="the shipment on Walmart")
    finally:
        stop(worker)

    assert connected.status_code == 201, connected.text
    assert published.status_code == 201 and published.json()["state"] == "live", published.text
    assert walmart.items["FIG-1"]["price"] == "24.00"
    assert walmart.items["FIG-1"]["name"] == "Fig candle, hand-poured"  # Walmart's content
    assert refused.status_code == 422 and "set it up in Seller Center" in refused.text
    assert imported.json() == {"imported": 3, "held": 0, "known": 0}
    assert sorted(walmart.acknowledged) == placed  # each new order acknowledged once
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 1
    po, shipment = next(iter(walmart.shipments.items()))
    assert po in placed
    line = shipment["orderLines"]["orderLine"][0]["orderLineStatuses"]["orderLineStatus"][0]
    assert line["trackingInfo"]["carrierName"] == {"carrier": "UPS"}  # told by the number
    assert line["trackingInfo"]["trackingNumber"] == "1Z999AA10123456784"
    log = client.get(f"/api/channels/{connection}/log", headers=auth).json()
    assert CLIENT_SECRET not in str(log)


def test_walmarts_signed_notification_brings_a_new_order_once_even_six_at_once(
    client: TestClient, walmart: WalmartStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth, store_id, product = fig_candle_store(client)
    walmart.item("FIG-1", "Fig candle, hand-poured", quantity=0)
    monkeypatch.setenv("BIZQ_PUBLIC_URL", "https://wick.example.com")
    get_settings.cache_clear()
    cid = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS).json()["id"]
    get_settings.cache_clear()
    client.post(f"/api/channels/{cid}/listings", headers=auth, json={"product_id": product})
    po = walmart.place_order([("FIG-1", 2)])
    body, signature, header = walmart.webhook(po)
    address = f"/api/channels/{cid}/webhooks/walmart/orders"

    def deliver(signed: str = signature) -> Any:
        return client.post(
            address, content=body, headers={header: signed, "Content-Type": "application/json"}
        )

    forged = deliver(signed="bm90IGEgc2lnbmF0dXJl")
    answers = at_once(6, lambda _: deliver().status_code)
    calls = len(walmart.requests)
    again = deliver()  # Walmart delivers again: answered from BizQ, no call to Walmart

    [subscription] = walmart.subscriptions
    assert subscription["eventUrl"] == f"https://wick.example.com{address}"
    assert subscription["authDetails"]["authMethod"] == "HMAC"
    assert subscription["authDetails"]["clientSecret"] != CLIENT_SECRET  # made for it
    assert forged.status_code == 401
    assert answers == [200] * 6 and again.json() == {"outcome": "known"}
    assert set(walmart.acknowledged) == {po}  # maybe more than once at once: Walmart allows
    assert len(walmart.requests) == calls
    orders = client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
    assert [(o["channel"], o["subtotal"]) for o in orders] == [("walmart", "48.00")]
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 3


def test_walmarts_signature_is_taken_in_hex_or_base64_and_nothing_else() -> None:
    body, secret = b'{"source": {"eventType": "PO_CREATED"}}', "made-for-the-connection"
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()

    assert verify_webhook(body, digest.hex(), secret)
    assert verify_webhook(body, base64.b64encode(digest).decode(), secret)
    assert not verify_webhook(body + b" ", digest.hex(), secret)
    assert not verify_webhook(body, digest.hex(), "")  # no secret: nothing is taken
