"""What Stripe's events do to BizQ: each handler reads the event's object, finds what it
is about and acts through the same service function as BizQ's own path.

A PaymentIntent (and a Checkout Session, for what is paid on Stripe's page) says what
it paid for in the metadata BizQ gave it: ``order_id``
for a storefront order, ``kind=credits`` and ``purchase_id`` for credits a store
bought. A Charge is matched to its order by its ``payment_intent``
(the order's payment reference). An event about something BizQ does not know is
recorded and ignored: answering with an error would only make Stripe retry it for
days. Each handler returns a short note of what it did, kept with the event's
record; a repeated event is already skipped by its id, and every handler changes
nothing when what it reports has been applied before.
"""

from __future__ import annotations

import logging
import uuid
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from bizq_app.billing import credit_purchases
from bizq_app.integrations.payments import Charge
from bizq_app.integrations.payments.stripe_adapter import from_minor_units, session_outcome
from bizq_app.sales import checkout, orders

log = logging.getLogger(__name__)
SOURCE = "Stripe"
NOTHING_TO_DO = "not awaiting payment: nothing to do"
ATTEMPT = "a failed attempt on the payment page (the buyer may retry), or not awaiting payment"
ASYNC_FAILED = "The delayed payment made on Stripe's page failed."
UNKNOWN_INTENT = "no BizQ order or credit purchase in the PaymentIntent's metadata"


def payment_succeeded(*, session: Session, event: dict[str, Any]) -> str:
    """``payment_intent.succeeded``: an order awaiting payment becomes paid; a credit
    purchase is credited (once)."""
    intent = _object(event)
    reference = str(intent.get("id"))
    purchase_id, order_id = _purchase_id(intent), _order_id(intent)
    if purchase_id is not None:
        credited = credit_purchases.confirm_payment(session, purchase_id, reference)
        return f"credit purchase {purchase_id} {'credited' if credited else NOTHING_TO_DO}"
    if order_id is not None:
        paid = checkout.confirm_payment(session, order_id, reference, confirmed_by=SOURCE)
        return f"order {order_id} {'paid' if paid else NOTHING_TO_DO}"
    return _ignored(event, UNKNOWN_INTENT)


def payment_failed(*, session: Session, event: dict[str, Any]) -> str:
    """``payment_intent.payment_failed``: an order awaiting payment is cancelled, its
    stock released, with Stripe's reason on its timeline; a credit purchase fails."""
    intent = _object(event)
    reason = f"Payment failed at Stripe: {_why(intent)}"
    purchase_id, order_id = _purchase_id(intent), _order_id(intent)
    if purchase_id is not None:
        failed = credit_purchases.attempt_failed(session, purchase_id, reason)
        return f"credit purchase {purchase_id} {'failed' if failed else ATTEMPT}"
    if order_id is not None:
        cancelled = checkout.attempt_failed(session, order_id, reason)
        return f"order {order_id} {'cancelled' if cancelled else ATTEMPT}"
    return _ignored(event, UNKNOWN_INTENT)


def checkout_session_changed(*, session: Session, event: dict[str, Any]) -> str:
    """``checkout.session.completed``, ``.async_payment_succeeded`` and ``.expired``:
    what the payment page became (paid, still processing, closed unpaid) settles its
    order or credit purchase, through the same functions as the buyer's return."""
    page = _object(event)
    outcome = session_outcome(page)
    if outcome is None:
        return _ignored(event, "the payment page is still open")
    return _settle_page(session, event, page, outcome)


def checkout_async_failed(*, session: Session, event: dict[str, Any]) -> str:
    """``checkout.session.async_payment_failed``: a delayed payment (a bank debit) made
    on the page failed; its order is cancelled and its stock released."""
    page = _object(event)
    currency = str(page.get("currency") or "")
    failed = Charge(str(page.get("id")), False, Decimal(0), currency, message=ASYNC_FAILED)
    return _settle_page(session, event, page, failed)


def _settle_page(
    session: Session, event: dict[str, Any], page: dict[str, Any], outcome: Charge
) -> str:
    purchase_id, order_id = _purchase_id(page), _order_id(page)
    if purchase_id is not None:
        credit_purchases.settle(session, purchase_id, outcome)
        return f"credit purchase {purchase_id}: {_what(outcome)}"
    if order_id is not None:
        checkout.settle(session, order_id, outcome, confirmed_by=SOURCE)
        return f"order {order_id}: {_what(outcome)}"
    return _ignored(event, "no BizQ order or credit purchase in the session's metadata")


def _what(outcome: Charge) -> str:
    if outcome.succeeded:
        return "paid"
    if outcome.expired:
        return "payment page expired"
    return "processing" if outcome.pending else "payment failed"


def charge_refunded(*, session: Session, event: dict[str, Any]) -> str:
    """``charge.refunded``: money given back outside BizQ is recorded on the order; what
    BizQ refunded itself is already recorded, so it is not counted again."""
    charge = _object(event)
    intent_id, currency = charge.get("payment_intent"), charge.get("currency")
    refunded = charge.get("amount_refunded")
    if not (isinstance(intent_id, str) and isinstance(currency, str) and isinstance(refunded, int)):
        return _ignored(event, "not a refunded charge of a PaymentIntent")
    recorded = orders.record_outside_refund(
        session,
        payment_reference=intent_id,
        refunded_in_all=from_minor_units(refunded, currency),
        currency=currency,
        reference=str(charge.get("id")),
        source=SOURCE,
    )
    if recorded:
        return f"refund of {recorded} {currency.upper()} recorded for {intent_id}"
    return f"refunds of {intent_id} already recorded, or no order was paid by it"


def _object(event: dict[str, Any]) -> dict[str, Any]:
    data = event.get("data")
    found = data.get("object") if isinstance(data, dict) else None
    return found if isinstance(found, dict) else {}


def _metadata(obj: dict[str, Any]) -> dict[str, Any]:
    metadata = obj.get("metadata")
    return metadata if isinstance(metadata, dict) else {}


def _order_id(intent: dict[str, Any]) -> uuid.UUID | None:
    return _uuid(_metadata(intent).get("order_id"))


def _purchase_id(intent: dict[str, Any]) -> uuid.UUID | None:
    metadata = _metadata(intent)
    return _uuid(metadata.get("purchase_id")) if metadata.get("kind") == "credits" else None


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _why(intent: dict[str, Any]) -> str:
    error = intent.get("last_payment_error")
    message = error.get("message") if isinstance(error, dict) else None
    return str(message or "no reason given.")


def _ignored(event: dict[str, Any], why: str) -> str:
    log.info("Stripe event %s (%s) ignored: %s", event.get("id"), event.get("type"), why)
    return f"ignored: {why}"
