"""A charge call that raised: the order waits with its stock set aside, a retry never
charges twice, and the payment check asks Stripe (the stand-in, through the official
SDK) what became of it — paid, declined, or never made and expired after its wait."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from bizq_app.core.columns import utcnow
from bizq_app.core.db import session_scope
from bizq_app.integrations.payments.registry import payment_provider
from bizq_app.sales import payment_check
from tests.integration.payments.test_stripe_webhooks import (
    VISA,
    checkout,
    intent_of,
    notes,
    order_of,
)
from tests.integration.sales.test_orders import cart, shop, stock
from tests.integration.sales.test_races import ledger
from tests.standins.stripe_server import StripeStandIn

KEY = {"Idempotency-Key": "cart-of-ada"}
# The SDK tries three times (two retries); each answer fails.
THREE_FAILURES = ("500", "500", "500")


def check(minutes_later: float) -> dict[str, int]:
    """One pass of the payment check, as the sweeper runs it, ``minutes_later`` from now."""
    return payment_check.reconcile(
        open_session=session_scope,
        provider=payment_provider(),
        now=utcnow() + timedelta(minutes=minutes_later),
    )


def failed_checkout(client: TestClient, slug: str, product_id: str, card: str = VISA) -> str:
    response = client.post(
        f"/api/storefront/{slug}/checkout", json=cart(product_id, 2, card), headers=KEY
    )
    assert response.status_code == 503, response.text
    assert "could not confirm your payment" in response.json()["detail"]
    return str(response.json()["detail"])


def only_order(client: TestClient, auth: dict[str, str], store_id: str) -> dict[str, Any]:
    listed = client.get(f"/api/orders?store_id={store_id}", headers=auth).json()
    assert listed["total"] == 1
    return order_of(client, auth, listed["items"][0])


def charges_asked(stand_in: StripeStandIn) -> int:
    return sum(1 for r in stand_in.requests if r["path"] == "/v1/payment_intents")


def test_a_charge_whose_answer_was_lost_is_found_paid_and_the_order_goes_ahead(
    any_client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, store_id, slug, product_id = shop(any_client, stock=5)
    stripe_api.then("lost", "500", "500")  # Stripe took the money; every answer was lost

    message = failed_checkout(any_client, slug, product_id)
    waiting = only_order(any_client, auth, store_id)
    retry = any_client.post(
        f"/api/storefront/{slug}/checkout", json=cart(product_id, 2, VISA), headers=KEY
    )
    too_soon = check(minutes_later=0)
    found = check(minutes_later=3)
    again = check(minutes_later=4)

    assert f"order #{waiting['number']}" in message
    assert (waiting["status"], waiting["payment_status"]) == ("pending", "unknown")
    assert notes(waiting, "payment_unknown")
    assert retry.status_code == 409 and "not be charged twice" in retry.json()["detail"]
    assert charges_asked(stripe_api) == 3  # the SDK's three tries; the retry asked nothing
    assert too_soon["paid"] == 0 and found["paid"] == 1 and again["paid"] == 0
    order = order_of(any_client, auth, waiting)
    intent = intent_of(stripe_api, order)
    assert (order["status"], order["payment_status"]) == ("paid", "paid")
    assert notes(order, "charged") == [f"Payment confirmed by Stripe: $52.99 ({intent['id']})."]
    assert len(stripe_api.intents) == 1
    assert stock(any_client, auth, product_id) == 3 == ledger(product_id)
    replay = any_client.post(
        f"/api/storefront/{slug}/checkout", json=cart(product_id, 2, VISA), headers=KEY
    )
    assert replay.status_code == 201 and replay.json()["id"] == order["id"]


def test_a_declined_charge_found_by_the_check_puts_the_stock_back(
    any_client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, store_id, slug, product_id = shop(any_client, stock=5)
    stripe_api.then("lost", "500", "500")

    failed_checkout(any_client, slug, product_id, card="pm_card_chargeDeclined")
    held = stock(any_client, auth, product_id)
    counts = check(minutes_later=3)

    assert held == 3
    assert counts["declined"] == 1
    order = only_order(any_client, auth, store_id)
    assert (order["status"], order["payment_status"]) == ("cancelled", "declined")
    assert notes(order, "payment_failed") == ["Your card was declined."]
    assert stock(any_client, auth, product_id) == 5 == ledger(product_id)


def test_an_order_stripe_never_charged_expires_after_its_wait_and_its_stock_goes_back(
    any_client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, store_id, slug, product_id = shop(any_client, stock=5)
    stripe_api.then(*THREE_FAILURES)  # Stripe never saw the payment

    failed_checkout(any_client, slug, product_id)
    within_wait = check(minutes_later=29)
    held = stock(any_client, auth, product_id)
    after_wait = check(minutes_later=31)
    retry = any_client.post(
        f"/api/storefront/{slug}/checkout", json=cart(product_id, 2, VISA), headers=KEY
    )

    assert within_wait["expired"] == 0 and held == 3
    assert after_wait["expired"] == 1
    order = only_order(any_client, auth, store_id)
    assert (order["status"], order["payment_status"]) == ("cancelled", "expired")
    assert notes(order, "payment_expired") == [
        "No payment was found for this order after 30 minutes; it was cancelled."
    ]
    assert notes(order, "stock_released") == ["The items went back into stock."]
    assert stock(any_client, auth, product_id) == 5 == ledger(product_id)
    movements = any_client.get(f"/api/products/{product_id}/stock", headers=auth).json()
    assert [m["reason"] for m in movements[:2]] == ["expired", "sale"]
    assert retry.status_code == 409 and "nothing was charged" in retry.json()["detail"]
    assert not stripe_api.intents


def test_the_check_leaves_orders_alone_while_stripe_cannot_be_reached(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, store_id, slug, product_id = shop(client, stock=5)
    stripe_api.then(*THREE_FAILURES)
    failed_checkout(client, slug, product_id)
    stripe_api.then("429", "429", "429")

    counts = check(minutes_later=31)

    assert counts["unreachable"] == 1 and counts["expired"] == 0
    order = only_order(client, auth, store_id)
    assert (order["status"], order["payment_status"]) == ("pending", "unknown")
    assert stock(client, auth, product_id) == 3


def refund(client: TestClient, auth: dict[str, str], order_id: str, key: str) -> Any:
    return client.post(
        f"/api/orders/{order_id}/refund",
        headers={**auth, "Idempotency-Key": key},
        json={"amount": "10.00"},
    )


def test_a_refund_stripe_declines_is_an_error_that_gives_nothing_back(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, _, slug, product_id = shop(client, stock=5)
    placed = checkout(client, slug, product_id)
    stripe_api.then("ok", "refund_fails")  # the intent is read, then the refund fails

    declined = refund(client, auth, placed["id"], "first")
    again = refund(client, auth, placed["id"], "first")
    other = refund(client, auth, placed["id"], "second")

    assert declined.status_code == again.status_code == 502
    assert declined.json()["detail"] == (
        "The refund was not made (the payment provider declined it); nothing was given back."
    )
    assert again.json()["detail"] == declined.json()["detail"]
    assert other.status_code == 200 and other.json()["refunded"] == "10.00"
    assert not notes(order_of(client, auth, placed), "refunded")[1:]


def test_a_refund_left_pending_while_stripe_was_unreachable_is_made_once_by_the_check(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, _, slug, product_id = shop(client, stock=5)
    placed = checkout(client, slug, product_id)
    stripe_api.then("ok", "lost", "500", "500")  # Stripe refunded; no answer came back

    unreachable = refund(client, auth, placed["id"], "first")
    held_back = client.post(
        f"/api/orders/{placed['id']}/refund", headers=auth, json={"amount": "52.99"}
    )
    counts = check(minutes_later=3)
    later = check(minutes_later=4)

    assert unreachable.status_code == 503
    assert held_back.status_code == 422  # the pending 10.00 is not refundable twice
    assert (counts["refunds"], later["refunds"]) == (1, 0)
    order = order_of(client, auth, placed)
    assert order["refunded"] == "10.00"
    assert notes(order, "refunded") == ["Refunded $10.00."]
    assert len(stripe_api.refunds) == 1
