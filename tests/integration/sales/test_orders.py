"""Checkout on the storefront and the owner's order management, over REST."""

from __future__ import annotations

import threading
import uuid
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from bizq_app.core.db import session_scope
from bizq_app.dashboards import dashboard_data
from tests.integration.conftest import signup

ADDRESS = {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201", "country": "us"}
VISA, DECLINED, NO_FUNDS = "4242 4242 4242 4242", "4000000000000002", "4000000000009995"


def shop(
    client: TestClient, stock: int = 10, price: str = "24.00"
) -> tuple[dict[str, str], str, str, str]:
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store = client.post("/api/stores", json={"name": f"Shop {uuid.uuid4().hex[:4]}"}, headers=auth)
    store_id, slug = store.json()["id"], store.json()["slug"]
    product_id = client.post(
        "/api/products",
        headers=auth,
        json={
            "store_id": store_id,
            "title": "Soy candle",
            "price": price,
            "cost": "7.50",
            "inventory_quantity": stock,
            "status": "active",
        },
    ).json()["id"]
    return auth, store_id, slug, product_id


def cart(product_id: str, quantity: int = 1, card: str = VISA, **extra: Any) -> dict[str, Any]:
    return {
        "email": "buyer@example.com",
        "name": "Ada Buyer",
        "address": ADDRESS,
        "shipping_method": "standard",
        "lines": [{"product_id": product_id, "quantity": quantity}],
        "payment_method": card,
        **extra,
    }


def stock(client: TestClient, auth: dict[str, str], product_id: str) -> int:
    return int(client.get(f"/api/products/{product_id}", headers=auth).json()["inventory_quantity"])


def test_a_buyer_pays_and_the_order_is_priced_by_the_server(client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(client)

    placed = client.post(
        f"/api/storefront/{slug}/checkout",
        json=cart(product_id, 2, price="0.01", total="0.01"),  # tampered prices are ignored
        headers={"Idempotency-Key": "cart-1"},
    )
    again = client.post(
        f"/api/storefront/{slug}/checkout",
        json=cart(product_id, 2),
        headers={"Idempotency-Key": "cart-1"},
    )

    assert placed.status_code == 201, placed.text
    order = placed.json()
    assert (order["status"], order["subtotal"], order["shipping"], order["total"]) == (
        "paid",
        "48.00",
        "4.99",
        "52.99",
    )
    assert [s["step"] for s in order["timeline"]] == ["created", "stock_allocated", "charged"]
    assert again.json()["id"] == order["id"]  # same key: same order, no second charge
    assert stock(client, auth, product_id) == 8
    listed = client.get(f"/api/orders?store_id={store_id}", headers=auth).json()
    assert listed["total"] == 1 and listed["items"][0]["number"] == order["number"]


def test_declined_cards_and_bad_carts_change_nothing(client: TestClient) -> None:
    auth, _, slug, product_id = shop(client, stock=3)

    declined = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, card=DECLINED))
    broke = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, card=NO_FUNDS))
    too_many = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, 4))
    empty = client.post(
        f"/api/storefront/{slug}/checkout",
        json={**cart(product_id), "lines": [], "email": "not-an-email", "address": {}},
    )

    assert declined.status_code == 402 and declined.json()["detail"] == "Your card was declined."
    assert broke.json()["detail"] == "Your card has insufficient funds."
    assert too_many.status_code == 409
    assert too_many.json()["errors"][0] == {
        "path": "$.lines[0].quantity",
        "message": "only 3 left in stock",
    }
    paths = {e["path"] for e in empty.json()["errors"]}
    assert {"$.email", "$.lines", "$.address.line1", "$.address.country"} <= paths
    assert stock(client, auth, product_id) == 3  # every failed checkout gave the stock back


def test_fifty_buyers_at_once_for_ten_units_make_exactly_ten_orders(client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(client, stock=10)
    results: list[int] = []

    def buy(n: int) -> None:
        response = client.post(
            f"/api/storefront/{slug}/checkout",
            json={**cart(product_id), "email": f"buyer{n}@example.com"},
        )
        results.append(response.status_code)

    threads = [threading.Thread(target=buy, args=(n,)) for n in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(results).count(201) == 10
    assert set(results) == {201, 409}
    assert stock(client, auth, product_id) == 0
    paid = client.get(f"/api/orders?store_id={store_id}&status=paid", headers=auth).json()
    assert paid["total"] == 10


def test_the_owner_fulfils_and_refunds_never_more_than_was_paid(client: TestClient) -> None:
    auth, _, slug, product_id = shop(client, stock=5)
    order = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, 2)).json()
    oid = order["id"]

    shipped = client.post(
        f"/api/orders/{oid}/fulfill", headers=auth, json={"tracking_number": "1Z999"}
    )
    too_much = client.post(f"/api/orders/{oid}/refund", headers=auth, json={"amount": "60.00"})
    part = client.post(
        f"/api/orders/{oid}/refund",
        headers={**auth, "Idempotency-Key": "r-1"},
        json={"amount": "10.00", "reason": "Scent weaker than expected"},
    )
    replay = client.post(
        f"/api/orders/{oid}/refund",
        headers={**auth, "Idempotency-Key": "r-1"},
        json={"amount": "10.00"},
    )
    rest = client.post(f"/api/orders/{oid}/refund", headers=auth, json={"restock": True})
    cancel = client.post(f"/api/orders/{oid}/cancel", headers=auth)

    assert shipped.json()["status"] == "shipped" and shipped.json()["tracking_number"] == "1Z999"
    assert too_much.status_code == 422
    assert (
        too_much.json()["errors"][0]["message"] == "must be at most 52.99 (what is left to refund)"
    )
    assert part.json()["refunded"] == "10.00"
    assert replay.json()["refunded"] == "10.00"  # the same key refunded once
    assert rest.json()["refunded"] == "52.99" and rest.json()["status"] == "refunded"
    assert stock(client, auth, product_id) == 5  # restocked
    assert cancel.status_code == 409
    stranger = signup(client, "nosy@example.com")
    assert client.get(f"/api/orders/{oid}", headers=stranger).status_code == 403


def test_the_stripe_webhook_checks_the_signature_and_handles_each_event_once(
    client: TestClient, monkeypatch: Any
) -> None:
    import hashlib
    import hmac
    import json
    import time

    from bizq_app.core.settings import get_settings

    monkeypatch.setenv("STRIPE_WEBHOOK_SECRET", "whsec_test_secret")
    get_settings.cache_clear()
    try:
        payload = json.dumps(
            {"id": "evt_1", "object": "event", "type": "payment_intent.succeeded", "data": {}}
        )
        stamp = str(int(time.time()))
        digest = hmac.new(
            b"whsec_test_secret", f"{stamp}.{payload}".encode(), hashlib.sha256
        ).hexdigest()
        good = {"Stripe-Signature": f"t={stamp},v1={digest}", "Content-Type": "application/json"}
        bad = {**good, "Stripe-Signature": f"t={stamp},v1={'0' * 64}"}

        first = client.post("/api/webhooks/stripe", content=payload, headers=good)
        replay = client.post("/api/webhooks/stripe", content=payload, headers=good)
        forged = client.post("/api/webhooks/stripe", content=payload, headers=bad)
    finally:
        get_settings.cache_clear()

    assert first.json() == {"received": True, "duplicate": False}
    assert replay.json() == {"received": True, "duplicate": True}
    assert forged.status_code == 422 and "Stripe webhook rejected" in forged.json()["detail"]


def test_notes_stay_with_the_store_and_orders_filter_by_channel(client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(client)
    placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id)).json()

    noted = client.put(
        f"/api/orders/{placed['id']}/notes", json={"notes": "Gift wrap, no invoice"}, headers=auth
    )
    too_long = client.put(
        f"/api/orders/{placed['id']}/notes", json={"notes": "x" * 5001}, headers=auth
    )
    storefront = client.get(f"/api/orders?store_id={store_id}&channel=storefront", headers=auth)
    manual = client.get(f"/api/orders?store_id={store_id}&channel=manual", headers=auth)
    unknown = client.get(f"/api/orders?store_id={store_id}&channel=fax", headers=auth)

    assert noted.status_code == 200 and noted.json()["notes"] == "Gift wrap, no invoice"
    assert too_long.status_code == 422
    order = client.get(f"/api/orders/{placed['id']}", headers=auth).json()
    assert order["notes"] == "Gift wrap, no invoice" and order["channel"] == "storefront"
    assert storefront.json()["total"] == 1 and manual.json()["total"] == 0
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["path"] == "$.channel"


def test_refunds_lower_the_dashboards_revenue_and_the_customers_lifetime_value(
    client: TestClient,
) -> None:
    auth, store_id, slug, product_id = shop(client, stock=5)  # 24.00 each, 4.99 shipping
    order = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, 2)).json()
    refunded = client.post(
        f"/api/orders/{order['id']}/refund", headers=auth, json={"amount": "12.99"}
    )
    assert refunded.status_code == 200, refunded.text
    owner = uuid.UUID(client.get("/api/auth/me", headers=auth).json()["id"])

    with session_scope() as session:
        figures = dashboard_data.metrics(
            session=session, user_id=owner, store_id=uuid.UUID(store_id), period="day"
        )
    buyers = client.get(f"/api/customers?store_id={store_id}", headers=auth).json()["items"]

    assert (figures.revenue, figures.orders) == (Decimal("40.00"), 1)  # 52.99 - 12.99
    assert [b["lifetime_value"] for b in buyers] == ["40.00"]
