"""Orders whose payment nobody has settled: the charge call raised (the provider timed
out, failed on its side, the connection dropped) or the process stopped before it asked.

Such an order stays ``pending`` with its stock set aside, so it cannot be sold twice.
Once a minute the sweeper asks the provider, outside any transaction, what became of
the charge made for each order (found by the order id sent with it) and settles the
order through checkout's own functions: paid, declined, or still processing. An order
the provider has no charge for is cancelled once it has waited ``unpaid_order_minutes``
(a setting, 30 by default) and its stock goes back on sale: stock held by unpaid orders
never leaks. An order waiting on a hosted payment page (Stripe Checkout) is asked about
by its page; once its wait is over the page is closed first, so the buyer cannot pay
for stock that went back on sale. A payment still processing, as it was when last asked,
changes nothing: its timeline gets no new step (it said so once), the order only takes
its turn at the back of the queue. Refunds left pending (the provider could not be
reached when asked) are asked again with their own key, which makes the retry safe.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select as select_columns
from sqlalchemy import update
from sqlmodel import Session, col

from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import IntegrationError
from bizq_app.core.settings import get_settings
from bizq_app.integrations.payments import Charge, PaymentProvider
from bizq_app.sales import checkout, orders
from bizq_app.sales.models import Order, OrderStatus

log = logging.getLogger(__name__)
# A charge younger than this may still be on its way (the SDK retries for a while), and
# Stripe's search shows a new payment within about a minute.
ASK_AFTER = timedelta(minutes=2)
UNSETTLED = ("unpaid", "unknown", "processing")
BATCH = 100


@dataclass(frozen=True)
class _Waiting:
    id: uuid.UUID
    payment_status: str
    updated_at: datetime
    checkout_session: str | None
    payment_reference: str | None


def reconcile(
    *, open_session: OpenSession, provider: PaymentProvider, now: datetime | None = None
) -> dict[str, int]:
    """One pass over the unsettled orders and refunds; how many orders became paid, were
    declined, still process, expired, or could not be checked (the provider was
    unreachable), and how many pending refunds were settled."""
    now = now or utcnow()
    counts = dict.fromkeys(("paid", "declined", "processing", "expired", "unreachable"), 0)
    for order in _waiting(open_session, now - ASK_AFTER):
        try:
            charge = _ask(provider, order, now)
        except IntegrationError as exc:
            log.warning("payment check of order %s: %s", order.id, exc)
            counts["unreachable"] += 1
            continue
        with open_session() as session:
            if charge is not None and _unchanged(order, charge):
                _asked_again(session, order)
                counts["processing"] += 1
            elif charge is not None:
                checkout.settle(session, order.id, charge, confirmed_by=provider.label)
                counts[_outcome(charge)] += 1
            elif order.payment_status != "processing" and _expire(session, order, now):
                counts["expired"] += 1
    counts["refunds"] = orders.retry_pending_refunds(
        open_session=open_session, provider=provider, before=now - ASK_AFTER
    )
    return counts


def _ask(provider: PaymentProvider, order: _Waiting, now: datetime) -> Charge | None:
    """What became of the order's payment; a hosted page still open after the wait is
    closed now (and says what it became: paid at the last moment, or expired)."""
    if not order.checkout_session:
        return provider.find_charge(order_id=str(order.id))
    charge = provider.checkout_outcome(order.checkout_session)
    if charge is None and _waited_out(order, now):
        charge = provider.expire_checkout(order.checkout_session)
    return charge


def _outcome(charge: Charge) -> str:
    if charge.succeeded:
        return "paid"
    if charge.expired:
        return "expired"
    return "processing" if charge.pending else "declined"


def _unchanged(order: _Waiting, charge: Charge) -> bool:
    """The charge is still processing, as the order already says: nothing to record."""
    still = charge.pending and not (charge.succeeded or charge.expired)
    known = order.payment_status == "processing" and order.payment_reference == charge.reference
    return still and known


def _asked_again(session: Session, order: _Waiting) -> None:
    """Send the order to the back of the queue (without a timeline step), so a batch of
    payments that stay processing never keeps the others from being asked; nothing when
    it changed meanwhile (a webhook settled it)."""
    session.execute(
        update(Order)
        .where(
            col(Order.id) == order.id,
            col(Order.payment_status) == "processing",
            col(Order.updated_at) == order.updated_at,
        )
        .values(updated_at=utcnow())
    )


def _waited_out(order: _Waiting, now: datetime) -> bool:
    return order.updated_at <= now - timedelta(minutes=get_settings().unpaid_order_minutes)


def _waiting(open_session: OpenSession, before: datetime) -> list[_Waiting]:
    with open_session() as session:
        rows = session.execute(
            select_columns(
                col(Order.id),
                col(Order.payment_status),
                col(Order.updated_at),
                col(Order.checkout_session),
                col(Order.payment_reference),
            )
            .where(
                col(Order.status) == OrderStatus.PENDING.value,
                col(Order.payment_status).in_(UNSETTLED),
                col(Order.updated_at) < before,
            )
            .order_by(col(Order.updated_at))
            .limit(BATCH)
        ).all()
    return [_Waiting(*row) for row in rows]


def _expire(session: Session, waiting: _Waiting, now: datetime) -> bool:
    """Cancel an order the provider never charged once its wait is over; False when it is
    not over or the order moved on meanwhile (a webhook, a buyer's retry)."""
    if not _waited_out(waiting, now):
        return False
    order = session.get(Order, waiting.id, with_for_update=True, populate_existing=True)
    if order is None or (order.payment_status, order.updated_at) != (
        waiting.payment_status,
        waiting.updated_at,
    ):
        return False
    minutes = get_settings().unpaid_order_minutes
    return checkout.expire_payment(
        session,
        order.id,
        f"No payment was found for this order after {minutes} minutes; it was cancelled.",
    )
