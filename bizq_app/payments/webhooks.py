"""Incoming webhooks, handled once each.

Stripe delivers every event at least once, and may repeat it. Each handled event
id is kept as an audit event (action ``stripe.event``), so a repeat is seen and
skipped without a table of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlmodel import Session

from bizq_app.accounts import audit
from bizq_app.core import db
from bizq_app.core.errors import ValidationFailed
from bizq_app.payments import stripe_events

STRIPE_EVENT_ACTION = "stripe.event"

# (*, session: Session, event: dict) -> a short note of what it did, kept with the record
StripeEventHandler = Callable[..., str]

# What each event type does beyond being recorded, by Stripe's event type. Any other
# type is recorded and acknowledged.
STRIPE_EVENT_HANDLERS: Mapping[str, StripeEventHandler] = {
    "payment_intent.succeeded": stripe_events.payment_succeeded,
    "payment_intent.payment_failed": stripe_events.payment_failed,
    "charge.refunded": stripe_events.charge_refunded,
    "checkout.session.completed": stripe_events.checkout_session_changed,
    "checkout.session.async_payment_succeeded": stripe_events.checkout_session_changed,
    "checkout.session.async_payment_failed": stripe_events.checkout_async_failed,
    "checkout.session.expired": stripe_events.checkout_session_changed,
}


def handle_stripe_event(*, session: Session, event: dict[str, Any]) -> bool:
    """Handle one verified Stripe event unless it was handled before.

    The type's function in ``STRIPE_EVENT_HANDLERS`` runs with the same session
    before the event is recorded (with the handler's note of what it did), so if it
    raises nothing is recorded and Stripe's next delivery tries again. The caller
    commits.

    Args:
        session: the unit of work the record (and any handler's changes) joins.
        event: the event from ``stripe_webhooks.verify``.

    Returns:
        True when the event was handled now; False when its id was handled before.

    Raises:
        ValidationFailed: the event has no id or type.
    """
    event_id, event_type = _identity(event)
    db.serialise(session, f"{STRIPE_EVENT_ACTION}:{event_id}")
    if _handled_before(session, event_id):
        return False
    handler = STRIPE_EVENT_HANDLERS.get(event_type)
    data = {"event_id": event_id, "type": event_type}
    if handler is not None:
        data["result"] = handler(session=session, event=event)
    audit.record(
        session=session,
        action=STRIPE_EVENT_ACTION,
        subject_type="stripe_event",
        subject_id=None,
        actor_id=None,
        data=data,
    )
    session.flush()
    return True


def _identity(event: dict[str, Any]) -> tuple[str, str]:
    event_id, event_type = event.get("id"), event.get("type")
    if not isinstance(event_id, str) or not event_id or not isinstance(event_type, str):
        raise ValidationFailed("A Stripe event needs an id and a type.")
    return event_id, event_type


def _handled_before(session: Session, event_id: str) -> bool:
    return audit.recorded(
        session=session, action=STRIPE_EVENT_ACTION, key="event_id", value=event_id
    )
