"""Paying on Stripe's page (Checkout Sessions, through the official SDK against the local
Stripe stand-in): the buyer's card goes to the payment page, never to BizQ; the order is
paid once, whichever of the buyer's return and the webhook comes first; a buyer who
leaves the page or never pays gets nothing charged and the stock goes back."""

from __future__ import annotations

import logging
import threading
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.integration.conftest import signup
from tests.integration.payments.test_payment_check import check
from tests.integration.payments.test_stripe_webhooks import deliver, notes, order_of, pipeline_jobs
from tests.integration.sales.test_orders import ADDRESS, shop, stock
from tests.integration.sales.test_races import ledger
from tests.standins.stripe_server import StripeStandIn

CARD = "4242 4242 4242 4242"
DECLINED_CARD = "4000 0000 0000 0002"


def hosted_cart(product_id: str, quantity: int = 2, **extra: Any) -> dict[str, Any]:
    """A cart as the storefront sends it with Stripe: no payment method at all."""
    return {
        "email": "buyer@example.com",
        "name": "Ada Buyer",
        "address": ADDRESS,
        "shipping_method": "standard",
        "lines": [{"product_id": product_id, "quantity": quantity}],
        **extra,
    }


def start(client: TestClient, slug: str, product_id: str, quantity: int = 2) -> dict[str, Any]:
    placed = client.post(f"/api/storefront/{slug}/checkout", json=hosted_cart(product_id, quantity))
    assert placed.status_code == 201, placed.text
    return dict(placed.json())


def pay_on_page(order: dict[str, Any], card: str = CARD) -> httpx.Response:
    """The buyer types a card on Stripe's page (the stand-in's) and submits it."""
    return httpx.post(order["payment_url"], data={"card": card}, follow_redirects=False)


def come_back(client: TestClient, location: str, left: bool = False) -> httpx.Response:
    """The buyer's browser lands on the order page Stripe sent it to."""
    url = urlsplit(location)
    slug = url.path.split("/")[2]
    token = parse_qs(url.query)["t"][0]
    query = {"t": token, "left": "true"} if left else {"t": token}
    return client.post(f"/api/storefront/{slug}/order/return", params=query)


def test_a_buyer_pays_on_stripes_page_and_the_order_is_paid_once_by_return_and_webhook(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, _, slug, product_id = shop(client, stock=5)

    placed = start(client, slug, product_id)
    held = stock(client, auth, product_id)
    paid_page = pay_on_page(placed)
    back = come_back(client, paid_page.headers["location"])
    page = stripe_api.sessions[placed["payment_url"].rsplit("/", 1)[1]]
    webhook = deliver(client, stripe_api.event("checkout.session.completed", page))

    assert (placed["status"], placed["payment_status"]) == ("pending", "unpaid")
    assert placed["payment_url"].startswith(f"{stripe_api.url}/pay/cs_test_")
    assert held == 3  # set aside while the buyer pays
    assert page["amount_total"] == 5299 and page["currency"] == "usd"  # 2 × 24.00 + 4.99
    assert page["line_items_shown"] == [("Soy candle", 2)]
    assert page["metadata"]["order_id"] == placed["id"]
    assert paid_page.status_code == 303
    assert back.status_code == 200, back.text
    assert (back.json()["status"], back.json()["payment_url"]) == ("paid", None)
    assert webhook.status_code == 200
    order = order_of(client, auth, placed)
    assert (order["status"], order["payment_status"]) == ("paid", "paid")
    # paid by the return; the webhook after it changed nothing
    assert notes(order, "charged") == [
        f"Payment confirmed by Stripe: $52.99 ({page['payment_intent']})."
    ]
    assert pipeline_jobs(order) == 1
    assert stock(client, auth, product_id) == 3 == ledger(product_id)


def test_the_webhook_before_the_return_pays_the_order_once(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, _, slug, product_id = shop(client, stock=5)
    placed = start(client, slug, product_id)
    paid_page = pay_on_page(placed)
    page = stripe_api.sessions[placed["payment_url"].rsplit("/", 1)[1]]

    webhook = deliver(client, stripe_api.event("checkout.session.completed", page))
    back = come_back(client, paid_page.headers["location"])

    assert webhook.status_code == 200 and back.json()["status"] == "paid"
    order = order_of(client, auth, placed)
    assert notes(order, "charged") == [
        f"Payment confirmed by Stripe: $52.99 ({page['payment_intent']})."
    ]
    assert pipeline_jobs(order) == 1


def test_a_declined_card_on_the_page_keeps_the_order_open_for_another_card(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, _, slug, product_id = shop(client, stock=5)
    placed = start(client, slug, product_id)

    declined = pay_on_page(placed, DECLINED_CARD)
    failed = next(i for i in stripe_api.intents.values() if i["status"] != "succeeded")
    event = deliver(client, stripe_api.event("payment_intent.payment_failed", failed))
    waiting = order_of(client, auth, placed)
    paid = pay_on_page(placed)
    back = come_back(client, paid.headers["location"])

    assert declined.status_code == 200 and "Your card was declined." in declined.text
    assert event.status_code == 200
    assert (waiting["status"], stock(client, auth, product_id)) == ("pending", 5 - 2)
    assert notes(waiting, "payment_attempt_failed")
    assert back.json()["status"] == "paid"


def test_a_buyer_who_leaves_the_page_gets_the_stock_back_and_the_page_closed(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, _, slug, product_id = shop(client, stock=5)
    placed = start(client, slug, product_id)
    page_id = placed["payment_url"].rsplit("/", 1)[1]
    success = stripe_api.sessions[page_id]["success_url"]

    back = come_back(client, success.replace("{CHECKOUT_SESSION_ID}", page_id), left=True)
    too_late = pay_on_page(placed)

    assert back.json()["status"] == "cancelled"
    assert stripe_api.sessions[page_id]["status"] == "expired"
    assert too_late.status_code == 410 and not any(
        i["status"] == "succeeded" for i in stripe_api.intents.values()
    )
    order = order_of(client, auth, placed)
    assert order["payment_status"] == "expired"
    assert stock(client, auth, product_id) == 5 == ledger(product_id)


def test_an_abandoned_page_is_closed_after_the_hold_and_its_stock_goes_back(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, _, slug, product_id = shop(client, stock=5)
    placed = start(client, slug, product_id)
    page_id = placed["payment_url"].rsplit("/", 1)[1]

    early = check(minutes_later=10)
    held = stock(client, auth, product_id)
    late = check(minutes_later=31)
    expired_event = deliver(
        client, stripe_api.event("checkout.session.expired", stripe_api.sessions[page_id])
    )

    assert early["expired"] == 0 and held == 3
    assert late["expired"] == 1
    assert stripe_api.sessions[page_id]["status"] == "expired"
    assert expired_event.status_code == 200
    order = order_of(client, auth, placed)
    assert (order["status"], order["payment_status"]) == ("cancelled", "expired")
    assert len(notes(order, "payment_expired")) == 1
    assert stock(client, auth, product_id) == 5 == ledger(product_id)


def test_a_page_paid_just_before_the_hold_ends_is_paid_not_expired(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, _, slug, product_id = shop(client, stock=5)
    placed = start(client, slug, product_id)
    pay_on_page(placed)  # the buyer paid; neither the return nor the webhook arrived

    found = check(minutes_later=31)

    assert (found["paid"], found["expired"]) == (1, 0)
    assert order_of(client, auth, placed)["status"] == "paid"
    assert stock(client, auth, product_id) == 3


def test_the_return_and_the_webhook_at_the_same_moment_pay_once(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, _, slug, product_id = shop(client, stock=5)
    placed = start(client, slug, product_id)
    location = pay_on_page(placed).headers["location"]
    page = stripe_api.sessions[placed["payment_url"].rsplit("/", 1)[1]]
    events = [stripe_api.event("checkout.session.completed", page) for _ in range(5)]
    answers: list[int] = []
    barrier = threading.Barrier(10)

    def returned() -> None:
        barrier.wait()
        answers.append(come_back(client, location).status_code)

    def webhook(event: dict[str, Any]) -> None:
        barrier.wait()
        answers.append(deliver(client, event).status_code)

    threads = [threading.Thread(target=returned) for _ in range(5)]
    threads += [threading.Thread(target=webhook, args=(e,)) for e in events]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(answers) == [200] * 10
    order = order_of(client, auth, placed)
    assert len(notes(order, "charged")) == 1
    assert pipeline_jobs(order) == 1


@pytest.mark.parametrize("card", ["4242 4242 4242 4242", "4000-0000-0000-0002", "4242424242424242"])
def test_a_card_number_sent_to_bizq_is_refused_and_never_kept_or_logged(
    client: TestClient,
    stripe_api: StripeStandIn,
    card: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    auth, store_id, slug, product_id = shop(client, stock=5)
    caplog.set_level(logging.DEBUG)

    refused = client.post(
        f"/api/storefront/{slug}/checkout",
        json=hosted_cart(product_id, payment_method=card),
    )
    credits = client.post(
        f"/api/stores/{store_id}/credits/purchases",
        json={"credits": "100", "payment_method": card},
        headers=auth,
    )

    digits = "".join(ch for ch in card if ch.isdigit())
    for answer in (refused, credits):
        assert answer.status_code == 422
        assert "secure payment page" in answer.text
        assert digits not in answer.text and card not in answer.text
    assert client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["total"] == 0
    assert stock(client, auth, product_id) == 5
    assert not stripe_api.requests  # nothing was sent to Stripe either
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert digits not in logged.replace(" ", "").replace("-", "")


def test_credits_are_bought_on_stripes_page_and_credited_once(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth = signup(client, "owner-credits@example.com")
    store_id = client.post("/api/stores", json={"name": "Credit shop"}, headers=auth).json()["id"]
    before = client.get(f"/api/stores/{store_id}/credits", headers=auth).json()["balance"]

    started = client.post(
        f"/api/stores/{store_id}/credits/purchases", json={"credits": "250"}, headers=auth
    )
    purchase = started.json()
    paid = pay_on_page(purchase)
    page = stripe_api.sessions[purchase["payment_url"].rsplit("/", 1)[1]]
    first = deliver(client, stripe_api.event("checkout.session.completed", page))
    second = deliver(
        client,
        stripe_api.event("payment_intent.succeeded", stripe_api.intents[page["payment_intent"]]),
    )

    assert started.status_code == 202, started.text
    assert purchase["status"] == "pending"
    assert paid.headers["location"].startswith("http") and "purchase=" in paid.headers["location"]
    assert first.status_code == second.status_code == 200
    listed = client.get(f"/api/stores/{store_id}/credits/purchases", headers=auth).json()
    assert listed["items"][0]["status"] == "paid"
    after = client.get(f"/api/stores/{store_id}/credits", headers=auth).json()["balance"]
    assert float(after) - float(before) == 250


def test_a_bank_debit_still_processing_is_one_timeline_step_however_often_it_is_reported(
    client: TestClient, stripe_api: StripeStandIn
) -> None:
    auth, _, slug, product_id = shop(client, stock=5)
    placed = start(client, slug, product_id)
    paid_page = pay_on_page(placed, card="DE89 3704 0044 0532 0130 00")
    page = stripe_api.sessions[placed["payment_url"].rsplit("/", 1)[1]]

    back = come_back(client, paid_page.headers["location"])
    webhooks = [deliver(client, stripe_api.event("checkout.session.completed", page)) for _ in "ab"]
    waiting = order_of(client, auth, placed)

    assert back.json()["status"] == "pending"
    assert [w.status_code for w in webhooks] == [200, 200]
    assert (waiting["status"], waiting["payment_status"]) == ("pending", "processing")
    assert notes(waiting, "awaiting_payment") == [
        "Waiting for the buyer to pay on Stripe's payment page.",
        "Your payment is still processing; it is confirmed as soon as it clears.",
    ]
