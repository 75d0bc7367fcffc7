"""Stripe through its official Python SDK (``stripe``), on a ``StripeClient``.

A charge is one PaymentIntent created and confirmed in the same call, with the
buyer's PaymentMethod id and redirect-based methods turned off (a server-side
card payment has nowhere to send the buyer back to). Amounts go to Stripe in the
currency's smallest unit. Every write carries the caller's idempotency key as the
SDK's ``idempotency_key`` request option, so Stripe answers a repeat with the
first result instead of charging twice; the SDK also retries connection errors
and 5xx answers itself (``max_retries``), under the same key.

With ``hosted`` (the way storefronts and credit purchases pay), buyers pay on Stripe
Checkout: BizQ creates a Checkout Session (mode ``payment``, one line per item, the
delivery as a fixed shipping rate, the order's id as metadata on the session and on its
PaymentIntent) and sends the buyer to its ``url``; the card, Apple Pay, Google Pay or
Link details go from the buyer's browser to Stripe and never to BizQ. What the session
became is read back (``checkout_outcome``) on the buyer's return and by the payment
check; Stripe's ``checkout.session.*`` webhooks say the same.

A declined card is an answer, not an error: Stripe's ``card_error`` becomes a
``Charge`` that did not succeed. A PaymentIntent still ``processing`` is a pending
``Charge``: Stripe's ``payment_intent.succeeded`` or ``payment_intent.payment_failed``
webhook settles it later. Everything else that goes wrong becomes a BizQ
``IntegrationError`` (``RateLimited`` on 429, ``Unavailable`` when Stripe cannot
be reached or fails on its side).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import stripe
from stripe.params import PaymentIntentCreateParams
from stripe.params.checkout import SessionCreateParams

from bizq_app.core import money
from bizq_app.core.errors import IntegrationError, RateLimited, Unavailable, ValidationFailed
from bizq_app.integrations.payments import (
    Charge,
    CheckoutRequest,
    HostedCheckout,
    PaymentProvider,
    Refund,
)

# Where the unit of Stripe's API amounts departs from the currency's ISO 4217 minor unit
# (core/money): https://docs.stripe.com/currencies#zero-decimal, #three-decimal and
# #special-cases. MGA is zero-decimal at Stripe; ISK amounts are sent in hundredths (whole
# krónur); IQD and LYD are two-decimal there.
STRIPE_EXPONENTS = {"MGA": 0, "ISK": 2, "IQD": 2, "LYD": 2}
REFUND_STATUSES = {"requires_action": "pending", "canceled": "failed"}
UNFINISHED = {
    "requires_action": (
        "authentication_required",
        "Your bank asks you to confirm this payment; please try another card.",
    ),
}
PROCESSING = "Your payment is still processing; it is confirmed as soon as it clears."
CHECKOUT_EXPIRED = "The payment page expired before it was paid; nothing was charged."


class StripePayments(PaymentProvider):
    """Payments on the Stripe account whose secret key this holds."""

    name = "stripe"
    label = "Stripe"
    hosted = True

    def __init__(
        self,
        api_key: str,
        api_base: str | None = None,
        timeout: float = 20,
        max_retries: int = 2,
    ) -> None:
        self.test_mode = api_key.startswith("sk_test_")
        self._client = stripe.StripeClient(
            api_key,
            base_addresses={"api": api_base} if api_base else None,
            max_network_retries=max_retries,
            http_client=stripe.RequestsClient(timeout=timeout),
        )

    def charge(
        self,
        *,
        amount: Decimal,
        currency: str,
        payment_method: str,
        idempotency_key: str,
        description: str = "",
        metadata: dict[str, Any] | None = None,
    ) -> Charge:
        params = _intent_params(amount, currency, payment_method, description, metadata)
        try:
            with _stripe_errors():
                intent = self._client.v1.payment_intents.create(
                    params=params,
                    options={"idempotency_key": idempotency_key},
                )
        except stripe.CardError as err:
            return _declined(err, amount, currency)
        return _charge(intent, currency)

    def find_charge(self, *, order_id: str) -> Charge | None:
        """The order's PaymentIntent, found by Stripe's search on its metadata. Search
        lags writes by up to a minute, so ask only about charges older than that; of
        several attempts, a succeeded one wins, then one still processing."""
        query = f"metadata['order_id']:'{uuid.UUID(order_id)}'"
        with _stripe_errors():
            found = self._client.v1.payment_intents.search(params={"query": query, "limit": 20})
        if not found.data:
            return None
        rank = {"succeeded": 0, "processing": 1}
        intent = min(found.data, key=lambda i: (rank.get(i.status, 2), -i.created))
        return _charge(intent, intent.currency)

    def start_checkout(self, request: CheckoutRequest) -> HostedCheckout:
        with _stripe_errors():
            found = self._client.v1.checkout.sessions.create(
                params=_session_params(request),
                options={"idempotency_key": request.idempotency_key},
            )
        return HostedCheckout(reference=found.id, url=str(found.url or ""))

    def checkout_outcome(self, reference: str) -> Charge | None:
        with _stripe_errors():
            found = self._client.v1.checkout.sessions.retrieve(reference)
        return session_outcome(found.to_dict())

    def expire_checkout(self, reference: str) -> Charge | None:
        try:
            with _stripe_errors():
                found = self._client.v1.checkout.sessions.expire(reference)
        except IntegrationError:  # no longer open (paid a moment ago): say what it became
            return self.checkout_outcome(reference)
        return session_outcome(found.to_dict())

    def refund(self, *, reference: str, amount: Decimal, idempotency_key: str) -> Refund:
        with _stripe_errors():
            intent = self._client.v1.payment_intents.retrieve(reference)
            refund = self._client.v1.refunds.create(
                params={
                    "payment_intent": reference,
                    "amount": to_minor_units(amount, intent.currency),
                },
                options={"idempotency_key": idempotency_key},
            )
        status = refund.status or "pending"
        return Refund(
            reference=refund.id,
            amount=from_minor_units(refund.amount, refund.currency),
            status=REFUND_STATUSES.get(status, status),
        )


def to_minor_units(amount: Decimal, currency: str) -> int:
    """``amount`` in the currency's smallest unit (cents; yen for JPY).

    Raises:
        ValidationFailed: the amount is not positive or is finer than the currency allows.
    """
    minor = amount.scaleb(_exponent(currency))
    whole = minor == minor.to_integral_value() and money.fits(amount, currency)
    if amount <= 0 or not whole:
        raise ValidationFailed.field(
            "$.amount", f"{amount} is not an amount that can be charged in {currency.upper()}."
        )
    return int(minor)


def from_minor_units(value: int, currency: str) -> Decimal:
    """An amount in the smallest unit back in the currency's major unit."""
    return Decimal(value).scaleb(-_exponent(currency))


def _exponent(currency: str) -> int:
    code = currency.upper()
    return STRIPE_EXPONENTS.get(code, money.exponent(code))


def _intent_params(
    amount: Decimal,
    currency: str,
    payment_method: str,
    description: str,
    metadata: dict[str, Any] | None,
) -> PaymentIntentCreateParams:
    params: PaymentIntentCreateParams = {
        "amount": to_minor_units(amount, currency),
        "currency": currency.lower(),
        "payment_method": payment_method,
        "confirm": True,
        "automatic_payment_methods": {"enabled": True, "allow_redirects": "never"},
    }
    if description:
        params["description"] = description
    if metadata:
        params["metadata"] = {str(key): str(value) for key, value in metadata.items()}
    return params


def _session_params(request: CheckoutRequest) -> SessionCreateParams:
    currency = request.currency.lower()
    params: SessionCreateParams = {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": currency,
                    "unit_amount": to_minor_units(line.unit_amount, currency),
                    "product_data": {"name": line.title[:250]},
                },
                "quantity": line.quantity,
            }
            for line in request.lines
        ],
        "success_url": request.success_url,
        "cancel_url": request.cancel_url,
        "metadata": request.metadata,
        "payment_intent_data": {"metadata": request.metadata},
        "expires_at": int(request.expires_at.timestamp()),
    }
    if request.shipping > 0:
        amount = {"amount": to_minor_units(request.shipping, currency), "currency": currency}
        rate = {"type": "fixed_amount", "fixed_amount": amount, "display_name": "Delivery"}
        params["shipping_options"] = [{"shipping_rate_data": rate}]  # type: ignore[typeddict-item]
    if request.customer_email:
        params["customer_email"] = request.customer_email
    if "order_id" in request.metadata:
        params["client_reference_id"] = request.metadata["order_id"]
    return params


def session_outcome(found: Mapping[str, Any]) -> Charge | None:
    """What a Checkout Session (the SDK's object, or the one in a webhook event) became:
    paid, still processing, expired, or None while it is open."""
    currency = str(found.get("currency") or "")
    total = found.get("amount_total") or 0
    amount = from_minor_units(int(total), currency) if currency else Decimal(0)
    intent = found.get("payment_intent")
    intent_id = intent.get("id") if isinstance(intent, Mapping) else intent
    session_id = str(found.get("id") or "")
    if found.get("status") == "complete":
        reference = str(intent_id or session_id)
        if found.get("payment_status") in ("paid", "no_payment_required"):
            return Charge(reference, True, amount, currency)
        return Charge(reference, False, amount, currency, message=PROCESSING, pending=True)
    if found.get("status") == "expired":
        expired = CHECKOUT_EXPIRED
        return Charge(session_id, False, amount, currency, "expired", expired, expired=True)
    return None


def _charge(intent: stripe.PaymentIntent, currency: str) -> Charge:
    amount = from_minor_units(intent.amount, intent.currency)
    if intent.status == "succeeded":
        return Charge(intent.id, True, amount, currency)
    if intent.status == "processing":
        return Charge(intent.id, False, amount, currency, message=PROCESSING, pending=True)
    error = intent.last_payment_error
    fallback = f"The payment was not completed (Stripe status: {intent.status})."
    if error is not None:
        fallback = error.message or fallback
    code, message = UNFINISHED.get(intent.status, (getattr(error, "code", None), fallback))
    return Charge(intent.id, False, amount, currency, code, message)


def _declined(err: stripe.CardError, amount: Decimal, currency: str) -> Charge:
    details = err.error
    decline_code = getattr(details, "decline_code", None) if details else None
    if decline_code in (None, "generic_decline"):
        decline_code = err.code or "card_declined"
    intent = getattr(details, "payment_intent", None) if details else None
    reference = str(getattr(intent, "id", "") or "")
    message = err.user_message or "Your card was declined."
    return Charge(reference, False, amount, currency, decline_code, message)


@contextmanager
def _stripe_errors() -> Iterator[None]:
    """Turn the SDK's errors (except a declined card) into BizQ's."""
    try:
        yield
    except stripe.CardError:
        raise
    except stripe.RateLimitError as err:
        raise RateLimited(f"Stripe is rate limiting requests: {err.user_message}") from err
    except stripe.APIConnectionError as err:
        raise Unavailable(f"Stripe could not be reached: {err.user_message}") from err
    except stripe.AuthenticationError as err:
        raise IntegrationError(
            "Stripe refused the API key; check STRIPE_API_KEY "
            f"(a secret key starting sk_live_ or sk_test_): {err.user_message}"
        ) from err
    except stripe.APIError as err:
        if err.http_status is None or err.http_status >= 500:
            raise Unavailable(f"Stripe failed to answer: {err.user_message}") from err
        raise IntegrationError(f"Stripe answered unexpectedly: {err.user_message}") from err
    except stripe.StripeError as err:
        raise IntegrationError(f"Stripe refused the request: {err.user_message}") from err
