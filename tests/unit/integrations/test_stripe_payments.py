"""Stripe payments through the official SDK, against a local stand-in for Stripe's API;
webhook signatures checked with real HMACs; each webhook event handled once."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from pydantic import SecretStr
from sqlmodel import Session, select

from bizq_app.accounts.models import AuditEvent
from bizq_app.core.errors import (
    ConfigurationError,
    IntegrationError,
    RateLimited,
    Unavailable,
    ValidationFailed,
)
from bizq_app.core.settings import Settings
from bizq_app.integrations.payments.registry import payment_provider
from bizq_app.integrations.payments.stripe_adapter import (
    StripePayments,
    from_minor_units,
    to_minor_units,
)
from bizq_app.integrations.payments.stripe_webhooks import verify
from bizq_app.integrations.payments.test_payments import TestPayments
from bizq_app.payments.webhooks import STRIPE_EVENT_ACTION, handle_stripe_event
from tests.standins.stripe_server import API_KEY, StripeStandIn

SECRET = "whsec_standin_secret"


@pytest.fixture
def stand_in() -> Iterator[StripeStandIn]:
    server = StripeStandIn()
    yield server
    server.close()


@pytest.fixture
def stripe_payments(stand_in: StripeStandIn) -> StripePayments:
    return StripePayments(API_KEY, api_base=stand_in.url, timeout=5, max_retries=0)


def charge(payments: StripePayments, **overrides: Any) -> Any:
    options: dict[str, Any] = {
        "amount": Decimal("19.99"),
        "currency": "USD",
        "payment_method": "pm_card_visa",
        "idempotency_key": "order-1",
    }
    return payments.charge(**{**options, **overrides})


# --- charges -------------------------------------------------------------------------


def test_a_good_card_is_charged_in_cents_with_confirm(
    stripe_payments: StripePayments, stand_in: StripeStandIn
) -> None:
    result = charge(stripe_payments, description="Order 1001", metadata={"order": 1001})

    assert result.succeeded and result.reference.startswith("pi_")
    assert (result.amount, result.currency, result.decline_code) == (Decimal("19.99"), "USD", None)
    sent = stand_in.requests[-1]
    assert (sent["method"], sent["path"]) == ("POST", "/v1/payment_intents")
    assert sent["form"] == {
        "amount": "1999",
        "currency": "usd",
        "payment_method": "pm_card_visa",
        "confirm": "true",
        "automatic_payment_methods[enabled]": "true",
        "automatic_payment_methods[allow_redirects]": "never",
        "description": "Order 1001",
        "metadata[order]": "1001",
    }
    assert sent["headers"]["idempotency-key"] == "order-1"
    assert sent["headers"]["authorization"] == f"Bearer {API_KEY}"
    assert stripe_payments.test_mode and stripe_payments.name == "stripe"


def test_zero_decimal_currencies_are_sent_in_whole_units(
    stripe_payments: StripePayments, stand_in: StripeStandIn
) -> None:
    result = charge(stripe_payments, amount=Decimal("1500"), currency="jpy")

    assert stand_in.requests[-1]["form"]["amount"] == "1500"
    assert result.succeeded and result.amount == Decimal("1500")


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("19.99", "usd", 1999),
        ("20", "EUR", 2000),
        ("1500", "JPY", 1500),
        ("1.250", "kwd", 1250),
        ("500", "isk", 50000),  # Stripe takes krónur in hundredths
        ("700", "MGA", 700),  # zero-decimal at Stripe
        ("2.50", "iqd", 250),  # two-decimal at Stripe, three in ISO 4217
    ],
)
def test_amounts_convert_to_the_smallest_unit_and_back(
    amount: str, currency: str, minor: int
) -> None:
    assert to_minor_units(Decimal(amount), currency) == minor
    assert from_minor_units(minor, currency) == Decimal(amount)


@pytest.mark.parametrize(
    ("amount", "currency"),
    [
        ("0", "usd"),
        ("-1", "usd"),
        ("0.001", "usd"),
        ("10.5", "jpy"),
        ("7.5", "mga"),
        ("9.5", "isk"),
    ],
)
def test_amounts_a_currency_cannot_hold_are_refused(amount: str, currency: str) -> None:
    with pytest.raises(ValidationFailed):
        to_minor_units(Decimal(amount), currency)


@pytest.mark.parametrize(
    ("card", "code", "message"),
    [
        ("pm_card_chargeDeclined", "card_declined", "Your card was declined."),
        (
            "pm_card_chargeDeclinedInsufficientFunds",
            "insufficient_funds",
            "Your card has insufficient funds.",
        ),
        ("pm_card_chargeDeclinedExpiredCard", "expired_card", "Your card has expired."),
    ],
)
def test_a_declined_card_is_an_answer_not_an_error(
    stripe_payments: StripePayments, card: str, code: str, message: str
) -> None:
    result = charge(stripe_payments, payment_method=card)

    assert not result.succeeded
    assert (result.decline_code, result.message) == (code, message)
    assert result.reference.startswith("pi_") and result.amount == Decimal("19.99")


def test_a_payment_still_processing_is_pending_not_declined(
    stripe_payments: StripePayments, stand_in: StripeStandIn
) -> None:
    stand_in.then("processing")

    result = charge(stripe_payments)

    assert result.pending and not result.succeeded
    assert result.reference.startswith("pi_") and result.decline_code is None
    assert stand_in.intents[result.reference]["status"] == "processing"


def test_a_card_that_needs_authentication_is_not_succeeded(
    stripe_payments: StripePayments,
) -> None:
    result = charge(stripe_payments, payment_method="pm_card_threeDSecure2Required")

    assert not result.succeeded and result.decline_code == "authentication_required"
    assert result.message and not result.pending


def test_the_same_idempotency_key_twice_creates_one_intent(
    stripe_payments: StripePayments, stand_in: StripeStandIn
) -> None:
    first = charge(stripe_payments)
    again = charge(stripe_payments)

    assert first == again
    assert len(stand_in.intents) == 1 and len(stand_in.requests) == 2
    assert {r["headers"]["idempotency-key"] for r in stand_in.requests} == {"order-1"}


def test_a_new_idempotency_key_is_a_new_charge(
    stripe_payments: StripePayments, stand_in: StripeStandIn
) -> None:
    first = charge(stripe_payments)
    second = charge(stripe_payments, idempotency_key="order-2")

    assert first.reference != second.reference and len(stand_in.intents) == 2


def test_reusing_a_key_for_another_amount_is_an_integration_error(
    stripe_payments: StripePayments,
) -> None:
    charge(stripe_payments)

    with pytest.raises(IntegrationError, match="same parameters"):
        charge(stripe_payments, amount=Decimal("5.00"))


def test_an_unknown_payment_method_is_an_integration_error(
    stripe_payments: StripePayments,
) -> None:
    with pytest.raises(IntegrationError, match="No such payment_method"):
        charge(stripe_payments, payment_method="pm_nope")


# --- refunds -------------------------------------------------------------------------


def test_a_refund_gives_back_cents_of_the_payment_intent(
    stripe_payments: StripePayments, stand_in: StripeStandIn
) -> None:
    paid = charge(stripe_payments)

    refund = stripe_payments.refund(
        reference=paid.reference, amount=Decimal("5.50"), idempotency_key="refund-1"
    )

    assert refund.reference.startswith("re_")
    assert (refund.amount, refund.status) == (Decimal("5.50"), "succeeded")
    sent = stand_in.requests[-1]
    assert (sent["path"], sent["form"]) == (
        "/v1/refunds",
        {"payment_intent": paid.reference, "amount": "550"},
    )
    assert sent["headers"]["idempotency-key"] == "refund-1"


def test_the_same_refund_key_twice_refunds_once(
    stripe_payments: StripePayments, stand_in: StripeStandIn
) -> None:
    paid = charge(stripe_payments)

    first = stripe_payments.refund(
        reference=paid.reference, amount=Decimal("19.99"), idempotency_key="refund-1"
    )
    again = stripe_payments.refund(
        reference=paid.reference, amount=Decimal("19.99"), idempotency_key="refund-1"
    )

    assert first == again and len(stand_in.refunds) == 1


def test_a_refund_in_yen_is_sent_in_whole_yen(
    stripe_payments: StripePayments, stand_in: StripeStandIn
) -> None:
    paid = charge(stripe_payments, amount=Decimal("3000"), currency="JPY")

    refund = stripe_payments.refund(
        reference=paid.reference, amount=Decimal("1000"), idempotency_key="refund-1"
    )

    assert stand_in.requests[-1]["form"]["amount"] == "1000"
    assert refund.amount == Decimal("1000")


# --- failures ------------------------------------------------------------------------


def test_429_is_rate_limited(stripe_payments: StripePayments, stand_in: StripeStandIn) -> None:
    stand_in.then("429")

    with pytest.raises(RateLimited):
        charge(stripe_payments)


def test_500_is_unavailable(stripe_payments: StripePayments, stand_in: StripeStandIn) -> None:
    stand_in.then("500")

    with pytest.raises(Unavailable):
        charge(stripe_payments)


def test_a_500_is_retried_under_the_same_key(stand_in: StripeStandIn) -> None:
    payments = StripePayments(API_KEY, api_base=stand_in.url, timeout=5, max_retries=1)
    stand_in.then("500")

    result = charge(payments)

    assert result.succeeded and len(stand_in.intents) == 1
    assert [r["headers"]["idempotency-key"] for r in stand_in.requests] == ["order-1"] * 2


def test_an_unreachable_stripe_is_unavailable(stand_in: StripeStandIn) -> None:
    url = stand_in.url
    stand_in.close()

    with pytest.raises(Unavailable):
        charge(StripePayments(API_KEY, api_base=url, timeout=2, max_retries=0))


def test_a_wrong_key_is_an_integration_error_naming_the_setting(
    stand_in: StripeStandIn,
) -> None:
    payments = StripePayments("sk_test_wrong", api_base=stand_in.url, max_retries=0)

    with pytest.raises(IntegrationError, match="STRIPE_API_KEY") as caught:
        charge(payments)
    assert type(caught.value) is IntegrationError


def test_live_keys_are_not_test_mode() -> None:
    assert not StripePayments("sk_live_123").test_mode
    assert StripePayments("sk_test_123").test_mode


def test_the_registry_picks_stripe_only_with_a_key(stand_in: StripeStandIn) -> None:
    assert isinstance(payment_provider(Settings(stripe_api_key=None)), TestPayments)
    configured = Settings(stripe_api_key=SecretStr(API_KEY), stripe_api_base=stand_in.url)

    provider = payment_provider(configured)

    assert isinstance(provider, StripePayments)
    assert charge(provider).succeeded and stand_in.requests


# --- webhooks ------------------------------------------------------------------------


def signed(payload: bytes, secret: str = SECRET, at: int | None = None) -> str:
    timestamp = int(time.time()) if at is None else at
    signature = hmac.new(
        secret.encode(), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    return f"t={timestamp},v1={signature}"


def event_body(event_id: str = "evt_1", kind: str = "payment_intent.succeeded") -> bytes:
    event = {"id": event_id, "object": "event", "type": kind, "data": {"object": {}}}
    return json.dumps(event).encode()


def test_a_correctly_signed_webhook_is_verified() -> None:
    payload = event_body()

    event = verify(payload, signed(payload), SECRET)

    assert (event["id"], event["type"]) == ("evt_1", "payment_intent.succeeded")


def test_a_tampered_payload_is_rejected() -> None:
    header = signed(event_body())

    with pytest.raises(ValidationFailed, match="Stripe webhook rejected"):
        verify(event_body(kind="charge.refunded"), header, SECRET)


def test_a_payload_signed_with_another_secret_is_rejected() -> None:
    payload = event_body()

    with pytest.raises(ValidationFailed, match="signature"):
        verify(payload, signed(payload, secret="whsec_other"), SECRET)


def test_a_stale_webhook_is_rejected() -> None:
    payload = event_body()
    header = signed(payload, at=int(time.time()) - 301)

    with pytest.raises(ValidationFailed, match="tolerance"):
        verify(payload, header, SECRET)


@pytest.mark.parametrize("header", ["", "garbage", "t=123"])
def test_a_missing_or_malformed_header_is_rejected(header: str) -> None:
    with pytest.raises(ValidationFailed):
        verify(event_body(), header, SECRET)


def test_a_signed_body_that_is_not_an_event_is_rejected() -> None:
    payload = b'{"hello": "world"}'

    with pytest.raises(ValidationFailed, match="not a Stripe event"):
        verify(payload, signed(payload), SECRET)


def test_verifying_without_a_secret_is_a_configuration_error() -> None:
    payload = event_body()

    with pytest.raises(ConfigurationError, match="STRIPE_WEBHOOK_SECRET"):
        verify(payload, signed(payload), "")


def stripe_event_rows(session: Session) -> list[AuditEvent]:
    query = select(AuditEvent).where(AuditEvent.action == STRIPE_EVENT_ACTION)
    return list(session.exec(query))


def test_an_event_is_handled_once(session: Session) -> None:
    event = verify(event_body("evt_once"), signed(event_body("evt_once")), SECRET)

    first = handle_stripe_event(session=session, event=event)
    replay = handle_stripe_event(session=session, event=event)

    assert (first, replay) == (True, False)
    rows = stripe_event_rows(session)
    assert [row.data for row in rows] == [
        {
            "event_id": "evt_once",
            "type": "payment_intent.succeeded",
            "result": "ignored: no BizQ order or credit purchase in the PaymentIntent's metadata",
        }
    ]


def test_different_events_are_each_handled(session: Session) -> None:
    assert handle_stripe_event(session=session, event={"id": "evt_a", "type": "charge.refunded"})
    assert handle_stripe_event(session=session, event={"id": "evt_b", "type": "charge.refunded"})

    assert len(stripe_event_rows(session)) == 2


def test_an_event_without_an_id_is_refused(session: Session) -> None:
    with pytest.raises(ValidationFailed):
        handle_stripe_event(session=session, event={"type": "charge.refunded"})
