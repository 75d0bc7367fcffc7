"""A payment Stripe is still processing (a bank debit) is asked about every minute by the
payment check; the order's timeline says so once, not once a minute, and gets its next
step when something happens: the payment clears."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.payments.test_payment_check import check
from tests.integration.payments.test_stripe_webhooks import (
    intent_of,
    notes,
    order_of,
    processing_checkout,
)
from tests.standins.stripe_server import StripeStandIn


def test_a_payment_still_processing_is_one_step_however_often_it_is_checked(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, _, placed = processing_checkout(client, stripe_api)

    passes = [check(minutes_later=m) for m in (3, 4, 5, 6, 7)]
    waiting = order_of(client, auth, placed)
    stripe_api.settle(intent_of(stripe_api, placed)["id"])
    cleared = check(minutes_later=8)

    assert [p["processing"] for p in passes] == [1, 1, 1, 1, 1]  # asked each time
    assert (waiting["status"], waiting["payment_status"]) == ("pending", "processing")
    assert len(notes(waiting, "awaiting_payment")) == 1
    assert waiting["timeline"] == placed["timeline"]  # nothing new to say
    assert cleared["paid"] == 1
    order = order_of(client, auth, placed)
    assert (order["status"], order["payment_status"]) == ("paid", "paid")
    assert len(notes(order, "awaiting_payment")) == 1
    assert [s["step"] for s in order["timeline"]][-1] == "charged"
