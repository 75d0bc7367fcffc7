"""Stripe's webhooks over REST, signed as Stripe signs them, about payments made through
the official SDK against the local Stripe stand-in: each event acts once, through the
same services as BizQ's own path."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from bizq_app.core.queue import get_queue
from bizq_app.integrations.payments.stripe_adapter import StripePayments
from bizq_app.sales.order_pipeline import JOB
from tests.integration.sales.test_orders import cart, shop, stock
from tests.standins.stripe_server import API_KEY, StripeStandIn
from tests.unit.integrations.test_stripe_payments import SECRET, signed

VISA = "pm_card_visa"


def deliver(client: TestClient, event: dict[str, Any], secret: str = SECRET) -> httpx.Response:
    """POST the event to BizQ's endpoint the way Stripe delivers it."""
    payload = json.dumps(event).encode()
    headers = {"Stripe-Signature": signed(payload, secret), "Content-Type": "application/json"}
    return client.post("/api/webhooks/stripe", content=payload, headers=headers)


def order_of(client: TestClient, auth: dict[str, str], order: dict[str, Any]) -> dict[str, Any]:
    return dict(client.get(f"/api/orders/{order['id']}", headers=auth).json())


def checkout(client: TestClient, slug: str, product_id: str, quantity: int = 2) -> dict[str, Any]:
    placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, quantity, VISA))
    assert placed.status_code == 201, placed.text
    return dict(placed.json())


def processing_checkout(
    client: TestClient, stripe_api: StripeStandIn
) -> tuple[dict[str, str], str, dict[str, Any]]:
    """Two of a product (5 in stock) bought with a payment Stripe is still processing (a
    bank debit): the owner's auth, the product's id and the placed order."""
    auth, _, slug, product_id = shop(client, stock=5)
    stripe_api.then("processing")
    return auth, product_id, checkout(client, slug, product_id)


def intent_of(stand_in: StripeStandIn, order: dict[str, Any]) -> dict[str, Any]:
    return next(i for i in stand_in.intents.values() if i["metadata"]["order_id"] == order["id"])


def pipeline_jobs(order: dict[str, Any]) -> int:
    return sum(1 for j in get_queue().jobs if j.func_name == JOB and j.args == (order["id"],))


def notes(order: dict[str, Any], step: str) -> list[str]:
    return [s["note"] for s in order["timeline"] if s["step"] == step]


def test_a_payment_still_processing_is_paid_once_stripe_confirms_it(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, product_id, placed = processing_checkout(client, stripe_api)
    intent = intent_of(stripe_api, placed)
    event = stripe_api.event("payment_intent.succeeded", stripe_api.settle(intent["id"]))

    first = deliver(client, event)
    replay = deliver(client, event)

    assert (placed["status"], placed["payment_status"]) == ("pending", "processing")
    assert intent["metadata"] == {"order_id": placed["id"]}
    assert first.json() == {"received": True, "duplicate": False}
    assert replay.json() == {"received": True, "duplicate": True}
    order = order_of(client, auth, placed)
    assert (order["status"], order["payment_status"]) == ("paid", "paid")
    assert notes(order, "charged") == [f"Payment confirmed by Stripe: $52.99 ({intent['id']})."]
    assert stock(client, auth, product_id) == 3  # allocated at checkout, kept
    assert pipeline_jobs(order) == 1  # the fulfilment pipeline started once


def test_a_processing_payment_that_fails_cancels_the_order_and_releases_its_stock(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, product_id, placed = processing_checkout(client, stripe_api)
    failed = stripe_api.settle(intent_of(stripe_api, placed)["id"], succeeded=False)

    response = deliver(client, stripe_api.event("payment_intent.payment_failed", failed))

    assert response.status_code == 200
    order = order_of(client, auth, placed)
    assert (order["status"], order["payment_status"]) == ("cancelled", "declined")
    assert notes(order, "payment_failed") == [
        "Payment failed at Stripe: The customer's bank could not process this payment."
    ]
    assert stock(client, auth, product_id) == 5
    assert pipeline_jobs(order) == 0


def test_events_about_an_order_paid_at_checkout_change_nothing(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, _, slug, product_id = shop(client, stock=5)
    placed = checkout(client, slug, product_id)
    intent = intent_of(stripe_api, placed)

    succeeded = deliver(client, stripe_api.event("payment_intent.succeeded", intent))
    failed = deliver(client, stripe_api.event("payment_intent.payment_failed", intent))

    assert placed["status"] == "paid"
    assert succeeded.status_code == failed.status_code == 200
    order = order_of(client, auth, placed)
    assert order["status"] == "paid" and order["timeline"] == placed["timeline"]
    assert stock(client, auth, product_id) == 3 and pipeline_jobs(order) == 1


def test_a_refund_made_in_stripe_is_recorded_once_and_bizqs_own_refunds_are_not_counted_twice(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, store_id, slug, product_id = shop(client, stock=5)
    placed = checkout(client, slug, product_id)
    intent = intent_of(stripe_api, placed)
    charge_id = intent["latest_charge"]
    bizq = client.post(f"/api/orders/{placed['id']}/refund", headers=auth, json={"amount": "10"})
    after_bizq = deliver(client, stripe_api.event("charge.refunded", stripe_api.charges[charge_id]))
    dashboard = StripePayments(API_KEY, api_base=stripe_api.url, max_retries=0)
    dashboard.refund(reference=intent["id"], amount=Decimal("5.50"), idempotency_key="dash-1")
    outside = stripe_api.event("charge.refunded", stripe_api.charges[charge_id])

    first = deliver(client, outside)
    replay = deliver(client, outside)
    same_state_again = deliver(client, {**outside, "id": "evt_another_delivery"})

    assert bizq.json()["refunded"] == "10.00"
    assert after_bizq.json() == {"received": True, "duplicate": False}
    assert first.status_code == 200 and replay.json()["duplicate"] is True
    assert same_state_again.json()["duplicate"] is False
    order = order_of(client, auth, placed)
    assert (order["refunded"], order["status"]) == ("15.50", "paid")
    assert notes(order, "refunded") == [
        "Refunded $10.00.",
        "Refunded $5.50 in Stripe (outside BizQ).",
    ]
    mails = client.get(
        f"/api/notifications?store_id={store_id}&order_id={placed['id']}", headers=auth
    ).json()
    assert sum(m["kind"] == "order_refunded" for m in mails["items"]) == 2


def test_the_rest_refunded_in_stripe_makes_the_order_refunded(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, _, slug, product_id = shop(client, stock=5)
    placed = checkout(client, slug, product_id)
    intent = intent_of(stripe_api, placed)
    StripePayments(API_KEY, api_base=stripe_api.url, max_retries=0).refund(
        reference=intent["id"], amount=Decimal("52.99"), idempotency_key="dash-all"
    )

    deliver(
        client, stripe_api.event("charge.refunded", stripe_api.charges[intent["latest_charge"]])
    )

    order = order_of(client, auth, placed)
    assert (order["refunded"], order["status"]) == ("52.99", "refunded")


@pytest.mark.parametrize(
    ("kind", "obj"),
    [
        ("payment_intent.succeeded", {"id": "pi_elsewhere", "metadata": {}}),
        ("payment_intent.succeeded", {"id": "pi_x", "metadata": {"order_id": str(uuid.uuid4())}}),
        ("payment_intent.payment_failed", {"id": "pi_x", "metadata": {"order_id": "not-an-id"}}),
        (
            "charge.refunded",
            {"id": "ch_x", "payment_intent": "pi_unknown", "currency": "usd", "amount_refunded": 5},
        ),
        ("charge.refunded", {"id": "ch_y", "payment_intent": None, "amount_refunded": 5}),
        ("customer.created", {"id": "cus_1"}),
    ],
)
def test_events_about_what_bizq_does_not_know_are_acknowledged_and_ignored(
    client: TestClient, stripe_api: StripeStandIn, kind: str, obj: dict[str, Any]
) -> None:
    auth, store_id, slug, product_id = shop(client, stock=5)
    placed = checkout(client, slug, product_id)

    response = deliver(client, stripe_api.event(kind, obj))

    assert response.json() == {"received": True, "duplicate": False}
    assert order_of(client, auth, placed)["timeline"] == placed["timeline"]


def test_a_badly_signed_event_changes_nothing_and_is_not_taken_as_seen(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, _, placed = processing_checkout(client, stripe_api)
    event = stripe_api.event(
        "payment_intent.succeeded", stripe_api.settle(intent_of(stripe_api, placed)["id"])
    )

    forged = deliver(client, event, secret="whsec_someone_else")
    unchanged, jobs = order_of(client, auth, placed), pipeline_jobs(placed)
    genuine = deliver(client, event)

    assert forged.status_code == 422 and "Stripe webhook rejected" in forged.json()["detail"]
    assert unchanged["status"] == "pending" and jobs == 0
    assert genuine.json() == {"received": True, "duplicate": False}
    assert order_of(client, auth, placed)["status"] == "paid"


# --- credits bought through Stripe ---------------------------------------------------


def buy_credits(
    client: TestClient, auth: dict[str, str], store_id: str, key: str = ""
) -> httpx.Response:
    headers = {**auth, "Idempotency-Key": key} if key else auth
    return client.post(
        f"/api/stores/{store_id}/credits/purchases",
        json={"credits": "25", "payment_method": VISA},
        headers=headers,
    )


def wallet(client: TestClient, auth: dict[str, str], store_id: str) -> str:
    return str(client.get(f"/api/stores/{store_id}/credits", headers=auth).json()["balance"])


def purchase_of(client: TestClient, auth: dict[str, str], store_id: str) -> dict[str, Any]:
    [purchase] = client.get(f"/api/stores/{store_id}/credits/purchases", headers=auth).json()[
        "items"
    ]
    return dict(purchase)


def test_credits_paid_through_stripe_are_credited_once_however_often_stripe_confirms(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, store_id, _, _ = shop(client)

    bought = buy_credits(client, auth, store_id, key="credits-1")
    again = buy_credits(client, auth, store_id, key="credits-1")
    [intent] = stripe_api.intents.values()
    succeeded = stripe_api.event("payment_intent.succeeded", intent)
    first, replay = deliver(client, succeeded), deliver(client, succeeded)
    redelivered = deliver(client, {**succeeded, "id": "evt_same_payment_again"})

    assert bought.status_code == 201 and bought.json()["status"] == "paid"
    assert again.json() == bought.json()  # one PaymentIntent: one charge
    assert (intent["amount"], intent["currency"]) == (250, "usd")
    assert intent["metadata"] == {
        "kind": "credits",
        "purchase_id": bought.json()["id"],
        "store_id": store_id,
    }
    assert bought.json()["provider_reference"] == intent["id"]
    assert first.json()["duplicate"] is False and replay.json()["duplicate"] is True
    assert redelivered.json()["duplicate"] is False
    assert wallet(client, auth, store_id) == "125.00"


def test_credits_whose_payment_is_processing_are_credited_when_stripe_confirms_it(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, store_id, _, _ = shop(client)
    stripe_api.then("processing")

    bought = buy_credits(client, auth, store_id)
    before = wallet(client, auth, store_id)
    [intent] = stripe_api.intents.values()
    deliver(client, stripe_api.event("payment_intent.succeeded", stripe_api.settle(intent["id"])))

    assert bought.status_code == 202 and bought.json()["status"] == "pending"
    assert before == "100.00"
    assert wallet(client, auth, store_id) == "125.00"
    assert purchase_of(client, auth, store_id)["status"] == "paid"


def test_credits_whose_payment_fails_at_stripe_are_never_credited(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, store_id, _, _ = shop(client)
    stripe_api.then("processing")
    buy_credits(client, auth, store_id)
    [intent] = stripe_api.intents.values()
    failed = stripe_api.settle(intent["id"], succeeded=False)

    deliver(client, stripe_api.event("payment_intent.payment_failed", failed))

    purchase = purchase_of(client, auth, store_id)
    assert purchase["status"] == "failed"
    assert purchase["failure_message"] == (
        "Payment failed at Stripe: The customer's bank could not process this payment."
    )
    assert wallet(client, auth, store_id) == "100.00"


def test_a_card_declined_by_stripe_buys_no_credits(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, store_id, _, _ = shop(client)

    declined = client.post(
        f"/api/stores/{store_id}/credits/purchases",
        json={"credits": "25", "payment_method": "pm_card_chargeDeclinedInsufficientFunds"},
        headers=auth,
    )
    [intent] = stripe_api.intents.values()
    deliver(client, stripe_api.event("payment_intent.payment_failed", intent))

    assert declined.status_code == 402
    assert declined.json()["detail"] == "Your card has insufficient funds."
    assert purchase_of(client, auth, store_id)["status"] == "failed"
    assert wallet(client, auth, store_id) == "100.00"


def test_a_yen_store_checks_out_and_refunds_in_whole_yen(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, store_id, slug, _ = shop(client, stock=5)
    assert client.put(f"/api/stores/{store_id}", headers=auth, json={"currency": "JPY"}).is_success
    product_id = client.post(
        "/api/products",
        headers=auth,
        json={
            "store_id": store_id,
            "title": "Tenugui",
            "price": "1200",
            "inventory_quantity": 5,
            "status": "active",
        },
    ).json()["id"]

    placed = checkout(client, slug, product_id)  # two at 1,200 yen, standard shipping
    refunded = client.post(
        f"/api/orders/{placed['id']}/refund", headers=auth, json={"amount": "1000"}
    )

    assert (placed["currency"], placed["shipping"], placed["total"]) == ("JPY", "700.00", "3100.00")
    intent = intent_of(stripe_api, placed)
    assert (intent["amount"], intent["currency"]) == (3100, "jpy")  # whole yen, no decimals
    assert refunded.status_code == 200, refunded.text
    assert refunded.json()["refunded"] == "1000.00"
    assert stripe_api.charges[intent["latest_charge"]]["amount_refunded"] == 1000
