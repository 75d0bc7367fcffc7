"""Order management: list and read a store's orders, fulfil, refund, cancel.

Refunds never exceed what was paid minus what was already refunded; the same
idempotency key gives back the same refund (no second call to the provider).
Every step lands on the order's timeline and is announced to open pages.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, or_, update
from sqlmodel import Session, col, select

from bizq_app.accounts import audit
from bizq_app.accounts.permissions import Permission, require
from bizq_app.catalog.product_fields import Invalid, parse_amount
from bizq_app.core import status
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import (
    BizQError,
    IntegrationError,
    InvalidTransition,
    NotFound,
    Unavailable,
    ValidationFailed,
)
from bizq_app.core.money import finer_than, fits, format_amount
from bizq_app.core.pagination import Page, paginate
from bizq_app.integrations.channels import registry
from bizq_app.integrations.payments import PaymentProvider
from bizq_app.inventory.models import StockReason
from bizq_app.sales import fulfilment, order_pipeline, order_stock, order_timeline
from bizq_app.sales.fulfilment import SHIPPED_LISTENERS as SHIPPED_LISTENERS
from bizq_app.sales.fulfilment import register_shipped_listener as register_shipped_listener
from bizq_app.sales.models import (
    CANCELLABLE,
    REFUNDABLE,
    Customer,
    Order,
    OrderItem,
    OrderStatus,
    Refund,
)

S = OrderStatus
CHANNELS = {"storefront": "Storefront", "manual": "Manual", **registry.CHANNELS}
"""Where an order can come from, by code, and what the pages call it."""
MAX_NOTES = 5000
REFUND_REFUSED = "The refund was not made ({why}); nothing was given back."


@dataclass(frozen=True)
class OrderFilter:
    status: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    customer: str = ""  # part of the e-mail or name
    channel: str | None = None


def list_orders(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    filters: OrderFilter = OrderFilter(),  # noqa: B008 - frozen
    limit: int = 50,
    offset: int = 0,
) -> Page[Order]:
    """The store's orders, newest first."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    query = select(Order).where(Order.store_id == store_id)
    if filters.status:
        if filters.status not in {s.value for s in S}:
            raise ValidationFailed.field("$.status", f"must be one of: {', '.join(S)}")
        query = query.where(Order.status == filters.status)
    if filters.channel:
        if filters.channel not in CHANNELS:
            raise ValidationFailed.field("$.channel", f"must be one of: {', '.join(CHANNELS)}")
        query = query.where(Order.channel == filters.channel)
    if filters.since:
        query = query.where(col(Order.created_at) >= filters.since)
    if filters.until:
        query = query.where(col(Order.created_at) < filters.until)
    if filters.customer.strip():
        like = f"%{filters.customer.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Order.customer_email).like(like),
                func.lower(Order.customer_name).like(like),
            )
        )
    query = query.order_by(col(Order.created_at).desc(), col(Order.id))
    return paginate(session, query, limit=limit, offset=offset)


def set_notes(*, session: Session, user_id: uuid.UUID, order_id: uuid.UUID, notes: str) -> Order:
    """The store's own notes on an order (never shown to the buyer).

    Raises:
        ValidationFailed: longer than ``MAX_NOTES`` characters.
    """
    order = _operable(session, user_id, order_id)
    if not isinstance(notes, str) or len(notes) > MAX_NOTES:
        raise ValidationFailed.field("$.notes", f"must be text of at most {MAX_NOTES} characters")
    order.notes, order.updated_at = notes.strip(), utcnow()
    _audit(session, order, "notes_changed", user_id)
    return _saved(session, order)


def get_order(*, session: Session, user_id: uuid.UUID, order_id: uuid.UUID) -> Order:
    order = session.get(Order, order_id)
    if order is None:
        raise NotFound(f"Order {order_id} does not exist.")
    require(session=session, store_id=order.store_id, user_id=user_id, permission=Permission.VIEW)
    return order


def items(session: Session, order: Order) -> list[OrderItem]:
    return list(session.exec(select(OrderItem).where(OrderItem.order_id == order.id)))


def get_order_by_number(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, number: int
) -> Order:
    """The store's order by its number (``#1001``), as its page's address names it.

    Raises:
        NotFound: the store has no order with that number.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    query = select(Order).where(Order.store_id == store_id, Order.number == number)
    order = session.exec(query).first()
    if order is None:
        raise NotFound(f"This store has no order #{number}.")
    return order


def fulfil(
    *, session: Session, user_id: uuid.UUID, order_id: uuid.UUID, tracking_number: object = ""
) -> Order:
    """Ship everything the seller ships on a paid order, with one tracking number (see
    ``fulfilment.ship_all``; ``fulfilment.ship_group`` ships one group).

    Raises:
        InvalidTransition: the order is not paid (e.g. cancelled or already shipped), or
            its supplier ships some of it and has not yet.
    """
    return fulfilment.ship_all(
        session=session, user_id=user_id, order_id=order_id, tracking_number=tracking_number
    )


def retry(*, session: Session, user_id: uuid.UUID, order_id: uuid.UUID) -> Order:
    """Run the steps a failed pipeline has left (the owner fixed what was wrong).

    Raises:
        InvalidTransition: no step of the order's pipeline failed.
    """
    order = _operable(session, user_id, order_id)
    if order.pipeline != "failed":
        raise InvalidTransition(f"Order #{order.number} has no failed step to retry.")
    order_timeline.add(order, "retried", "Retrying the steps that are left.", _by(session, user_id))
    _audit(session, order, "retried", user_id)
    order_pipeline.start(session, order)
    return _saved(session, order)


def deliver(*, session: Session, user_id: uuid.UUID, order_id: uuid.UUID) -> Order:
    """Mark a shipped order delivered; its follow-up tasks start (a review request).

    Raises:
        InvalidTransition: the order has not shipped (or is delivered already).
    """
    order = _operable(session, user_id, order_id)
    if order.status != S.SHIPPED.value:
        raise InvalidTransition(
            f"Order #{order.number} is {order.status}; only shipped orders arrive."
        )
    _act(session, order, (S.SHIPPED,), S.DELIVERED, user_id)
    order_timeline.add(order, "delivered", "Delivered.", _by(session, user_id))
    order_pipeline.after_delivery(session, order)
    _tell_buyer(session, order, "review_request")
    return _saved(session, order)


def refund(
    *,
    open_session: OpenSession,
    user_id: uuid.UUID,
    order_id: uuid.UUID,
    amount: object,
    provider: PaymentProvider,
    idempotency_key: str | None,
    restock: bool = False,
    reason: str = "",
) -> Refund:
    """Give money back on a paid order (part or all); restock its items if asked.

    Three steps, so no lock is held while the provider is asked: the refund is written
    ``pending`` under the order's lock (its amount held back from what is left); the
    provider is asked with a key made from the refund's own id; the outcome is recorded
    in a second transaction. The same ``idempotency_key`` returns the same refund — and
    a refund left pending (the provider could not be reached) is asked again, safely,
    since the provider's key is the same. Without a key the request's own identity is
    the key (the order, amount, restock and reason): a retried request refunds once, and
    the same amount given back twice on purpose needs a key of its own.

    Raises:
        ValidationFailed: an amount that is not positive or is more than is left to refund.
        InvalidTransition: the order was never paid, or is refunded in full.
        IntegrationError: the provider refused or declined it (the refund is kept as
            failed, and the same key answers so again; nothing else changed).
        Unavailable: the provider could not be reached; the refund stays pending, its
            amount held back, and the same request or the payment check asks again.
    """
    key = (idempotency_key or "").strip()[:100] or _request_key(order_id, amount, restock, reason)
    with open_session() as session:
        order = _operable(session, user_id, order_id)
        record = session.exec(
            select(Refund).where(Refund.order_id == order.id, Refund.idempotency_key == key)
        ).first()
        if record is None:
            record = Refund(
                order_id=order.id,
                amount=_refund_amount(session, order, amount),
                reference="",
                idempotency_key=key,
                restocked=restock,
                reason=reason.strip()[:500],
                actor_id=user_id,
            )
            session.add(record)
            session.flush()
        if record.status == "failed":
            raise IntegrationError(REFUND_REFUSED.format(why=record.failure))
        if record.status != "pending":
            return record
        payment, refund_id, value = str(order.payment_reference), record.id, record.amount
    record = _ask_for_refund(open_session, provider, refund_id, payment, value)
    if record.status == "failed":
        raise IntegrationError(REFUND_REFUSED.format(why=record.failure))
    return record


def _request_key(order_id: uuid.UUID, amount: object, restock: bool, reason: str) -> str:
    """A refund request's identity, as its key when the caller sent none."""
    try:
        given = str(Decimal(str(amount)).normalize()) if amount not in (None, "") else "rest"
    except ArithmeticError:
        given = str(amount)  # refused with its message once the order is read
    identity = f"{order_id}|{given}|{bool(restock)}|{reason.strip()}"
    return "request:" + hashlib.sha256(identity.encode()).hexdigest()[:40]


def retry_pending_refunds(
    *, open_session: OpenSession, provider: PaymentProvider, before: datetime
) -> int:
    """Ask the provider again, with the same key, about refunds left pending (it could
    not be reached) since before ``before``; the key makes the retry safe. Returns how
    many were settled, succeeded or failed."""
    with open_session() as session:
        waiting = session.exec(
            select(col(Refund.id), col(Order.payment_reference), col(Refund.amount))
            .join(Order, col(Order.id) == Refund.order_id)
            .where(Refund.status == "pending", col(Refund.created_at) < before)
            .order_by(col(Refund.created_at))
            .limit(100)
        ).all()
    settled = 0
    for refund_id, payment, amount in waiting:
        try:
            record = _ask_for_refund(open_session, provider, refund_id, str(payment), amount)
        except Unavailable:
            continue  # still unreachable: the next pass asks again
        except BizQError:
            settled += 1  # refused, and recorded so
            continue
        settled += record.status != "pending"
    return settled


def _ask_for_refund(
    open_session: OpenSession,
    provider: PaymentProvider,
    refund_id: uuid.UUID,
    payment: str,
    amount: Decimal,
) -> Refund:
    """The provider's step of a refund, outside any transaction, then its outcome
    recorded under the order's lock.

    Raises:
        Unavailable: the provider could not be reached; the refund stays pending (it may
            have been made) and is asked again with the same key.
        IntegrationError: the provider refused the request (the refund is kept failed).
    """
    try:
        given = provider.refund(
            reference=payment, amount=amount, idempotency_key=f"refund-{refund_id}"
        )
    except Unavailable:
        raise
    except BizQError as exc:
        _refund_failed(open_session, refund_id, exc.message)
        raise
    with open_session() as session:
        record = session.get(Refund, refund_id, populate_existing=True)
        assert record is not None
        order = session.get(Order, record.order_id, with_for_update=True, populate_existing=True)
        assert order is not None
        if given.status == "failed":
            failure = "the payment provider declined it"
            status.move(session, record, ("pending",), "failed", failure=failure)
        elif status.move(session, record, ("pending",), "succeeded", reference=given.reference):
            _add_refund(session, order, record, actor_id=record.actor_id)
        return record


def _refund_failed(open_session: OpenSession, refund_id: uuid.UUID, why: str) -> None:
    with open_session() as session:
        record = session.get(Refund, refund_id)
        if record is not None:
            status.move(session, record, ("pending",), "failed", failure=why[:300])


def record_outside_refund(
    session: Session,
    *,
    payment_reference: str,
    refunded_in_all: Decimal,
    currency: str,
    reference: str,
    source: str,
) -> Decimal:
    """Record money given back outside BizQ (say, in Stripe's dashboard) on the order
    paid by ``payment_reference``.

    The provider reports everything refunded on the payment so far; only the part
    BizQ has not recorded yet is added, so a refund BizQ made itself (already
    recorded) is never counted twice.

    Args:
        session: the unit of work; the order is locked until it commits.
        payment_reference: the provider's id of the payment (a PaymentIntent id).
        refunded_in_all: everything refunded on that payment, in ``currency``.
        currency: the refund's currency; an order in another currency is left alone.
        reference: the provider's id of what was refunded (a Charge id).
        source: who gave the money back, as the timeline says it ("Stripe").

    Returns:
        The amount recorded now: 0 when BizQ had recorded it all, or no order in that
        currency was paid by ``payment_reference``.
    """
    order = session.exec(
        select(Order).where(Order.payment_reference == payment_reference).with_for_update()
    ).first()
    if order is None or order.currency != currency.upper():
        return Decimal(0)
    value = min(refunded_in_all, order.total) - order.refunded - _pending_refunds(session, order.id)
    if value <= 0:
        return Decimal(0)
    record = Refund(
        order_id=order.id,
        amount=value,
        reference=reference[:120],
        idempotency_key=f"{source}:{reference}:{refunded_in_all}"[:100],
        status="succeeded",
    )
    _add_refund(session, order, record, where=f" in {source} (outside BizQ)")
    return value


def _add_refund(
    session: Session,
    order: Order,
    record: Refund,
    where: str = "",
    actor_id: uuid.UUID | None = None,
) -> None:
    """Keep the refund, restock if it says so, note it on the timeline, tell the buyer."""
    session.add(record)
    order.refunded += record.amount
    _lower_lifetime_value(session, order, record.amount)
    if order.refunded >= order.total:
        _act(session, order, REFUNDABLE, S.REFUNDED, actor_id)
    else:
        _audit(session, order, "refunded_in_part", actor_id, str(record.amount))
    if record.restocked:
        order_stock.release(session, order.id, StockReason.REFUND_RESTOCK, actor_id)
    order.updated_at = utcnow()
    money = f"{format_amount(record.amount, order.currency)}{where}"
    note = f"Refunded {money}. {record.reason}".strip()
    order_timeline.add(order, "refunded", note, _by(session, actor_id))
    said = f" Reason: {record.reason}." if record.reason else ""
    _tell_buyer(session, order, "order_refunded", amount=record.amount, reason=said)
    _saved(session, order)


def _lower_lifetime_value(session: Session, order: Order, amount: Decimal) -> None:
    """What a customer spent is net of what they got back (by an atomic update, so two
    refunds at once both count)."""
    if order.customer_id is not None:
        session.execute(
            update(Customer)
            .where(col(Customer.id) == order.customer_id)
            .values(lifetime_value=Customer.lifetime_value - amount)
        )


def cancel(*, session: Session, user_id: uuid.UUID, order_id: uuid.UUID) -> Order:
    """Cancel an order that has not shipped; its stock goes back (refund it separately).

    Raises:
        InvalidTransition: already shipped, delivered, refunded or cancelled.
    """
    order = _operable(session, user_id, order_id)
    if order.status not in CANCELLABLE:
        raise InvalidTransition(f"Order #{order.number} is {order.status}; it cannot be cancelled.")
    if fulfilment.any_shipped(session, order):
        raise InvalidTransition(
            f"Some items of order #{order.number} have shipped; refund it instead of cancelling."
        )
    _act(session, order, CANCELLABLE, S.CANCELLED, user_id)
    order_stock.release(session, order.id, StockReason.CANCEL, user_id)
    note = "Cancelled; the items went back into stock."
    order_timeline.add(order, "cancelled", note, _by(session, user_id))
    return _saved(session, order)


def _refund_amount(session: Session, order: Order, amount: object) -> Decimal:
    if order.status == S.REFUNDED.value:
        raise InvalidTransition(f"Order #{order.number} is refunded in full already.")
    if order.status not in REFUNDABLE or order.payment_reference is None:
        raise InvalidTransition(f"Order #{order.number} was not paid; there is nothing to refund.")
    left = order.total - order.refunded - _pending_refunds(session, order.id)
    if left <= 0:
        raise InvalidTransition(f"Order #{order.number} has nothing left to refund.")
    try:
        value = left if amount in (None, "") else parse_amount(amount)
    except Invalid as exc:
        raise ValidationFailed.field("$.amount", exc.message) from exc
    if value <= 0:
        raise ValidationFailed.field("$.amount", "must be more than 0")
    if not fits(value, order.currency):
        raise ValidationFailed.field("$.amount", finer_than(order.currency))
    if value > left:
        raise ValidationFailed.field("$.amount", f"must be at most {left} (what is left to refund)")
    return value


def _act(
    session: Session,
    order: Order,
    allowed: tuple[S, ...],
    to: S,
    actor_id: uuid.UUID | None,
    **values: object,
) -> None:
    """Move the order to ``to`` by the one conditional update, and audit who did it.

    Raises:
        Conflict: another change moved the order first (nothing changed).
    """
    what = f"Order #{order.number}"
    status.change(session, order, allowed, to, what, updated_at=utcnow(), **values)
    _audit(session, order, to.value, actor_id)


def _audit(
    session: Session, order: Order, action: str, actor_id: uuid.UUID | None, note: str = ""
) -> None:
    audit.record(
        session=session,
        action=f"order.{action}",
        subject_type="order",
        subject_id=order.id,
        actor_id=actor_id,
        store_id=order.store_id,
        data={"status": order.status, **({"note": note} if note else {})},
    )


def _by(session: Session, user_id: uuid.UUID | None) -> str:
    return order_timeline.by(session, user_id)


def _pending_refunds(session: Session, order_id: uuid.UUID) -> Decimal:
    """Refunds the provider is still being asked about (held back from what is left)."""
    total = session.exec(
        select(func.coalesce(func.sum(Refund.amount), 0)).where(
            Refund.order_id == order_id, Refund.status == "pending"
        )
    ).one()
    return Decimal(str(total))


def _operable(session: Session, user_id: uuid.UUID, order_id: uuid.UUID) -> Order:
    order = session.get(Order, order_id, with_for_update=True)
    if order is None:
        raise NotFound(f"Order {order_id} does not exist.")
    require(
        session=session, store_id=order.store_id, user_id=user_id, permission=Permission.OPERATE
    )
    return order


def _tell_buyer(session: Session, order: Order, kind: str, **context: object) -> None:
    order_pipeline.tell_buyer(session, order, kind, **context)


def _saved(session: Session, order: Order) -> Order:
    session.add(order)
    session.flush()
    order_timeline.announce(session, order)
    return order
