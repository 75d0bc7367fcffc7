"""Orders whose payment nobody has settled: the charge call raised (the provider timed
out, failed on its side, the connection dropped) or the process stopped before it asked.

Such an order stays ``pending`` with its stock set aside, so it cannot be sold twice.
Once a minute the sweeper asks the provider, outside any transaction, what became of
the charge made for each order (found by the order id sent with it) and settles the
order through checkout's own functions: paid, declined, or still processing. An order
the provider has no charge for is cancelled once it has waited ``unpaid_order_minutes``
(a setting, 30 by default) and its stock goes back on sale: stock held by unpaid orders
never leaks. Refunds left pending (the provider could not be reached when asked) are
asked again with their own key, which makes the retry safe.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from bizq_app.core import status
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import IntegrationError
from bizq_app.core.settings import get_settings
from bizq_app.integrations.payments import PaymentProvider
from bizq_app.inventory.models import StockReason
from bizq_app.sales import checkout, order_stock, order_timeline, orders
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
            charge = provider.find_charge(order_id=str(order.id))
        except IntegrationError as exc:
            log.warning("payment check of order %s: %s", order.id, exc)
            counts["unreachable"] += 1
            continue
        with open_session() as session:
            if charge is not None:
                checkout.settle(session, order.id, charge, confirmed_by=provider.label)
                outcome = "paid" if charge.succeeded else "processing"
                counts[outcome if charge.succeeded or charge.pending else "declined"] += 1
            elif order.payment_status != "processing" and _expire(session, order, now):
                counts["expired"] += 1
    counts["refunds"] = orders.retry_pending_refunds(
        open_session=open_session, provider=provider, before=now - ASK_AFTER
    )
    return counts


def _waiting(open_session: OpenSession, before: datetime) -> list[_Waiting]:
    with open_session() as session:
        rows = session.exec(
            select(Order.id, Order.payment_status, Order.updated_at)
            .where(
                Order.status == OrderStatus.PENDING.value,
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
    minutes = get_settings().unpaid_order_minutes
    if waiting.updated_at > now - timedelta(minutes=minutes):
        return False
    order = session.get(Order, waiting.id, with_for_update=True, populate_existing=True)
    if order is None or (order.payment_status, order.updated_at) != (
        waiting.payment_status,
        waiting.updated_at,
    ):
        return False
    pending, cancelled = (OrderStatus.PENDING,), OrderStatus.CANCELLED
    if not status.move(session, order, pending, cancelled, payment_status="expired"):
        return False
    order_stock.release(session, order.id, StockReason.EXPIRED)
    order_timeline.add(
        order,
        "payment_expired",
        f"No payment was found for this order after {minutes} minutes; it was cancelled "
        "and its items went back into stock.",
    )
    order.updated_at = utcnow()
    session.add(order)
    order_timeline.announce(session, order)
    return True
