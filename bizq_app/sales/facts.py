"""What other domains may read of a store's sales: paid order lines, revenue and paid
orders over a period or per day, the newest orders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from sqlmodel import Session, col, func, select

from bizq_app.core.columns import utcnow
from bizq_app.sales.models import SOLD, Order, OrderItem


@dataclass(frozen=True)
class Sale:
    """One order line that was paid for."""

    order_id: uuid.UUID
    product_id: uuid.UUID | None
    title: str
    quantity: int
    unit_price: Decimal
    unit_cost: Decimal
    day: date


def paid_lines(session: Session, store_id: uuid.UUID, days: int) -> list[Sale]:
    """Paid order lines of the last ``days`` days, oldest first."""
    since = utcnow() - timedelta(days=days)
    query = (
        select(OrderItem, Order)
        .join(Order)
        .where(
            Order.store_id == store_id,
            col(Order.created_at) >= since,
            col(Order.status).in_([s.value for s in SOLD]),
        )
        .order_by(col(Order.created_at))
    )
    return [
        Sale(
            order.id,
            item.product_id,
            item.title,
            item.quantity,
            item.unit_price,
            item.unit_cost,
            order.created_at.date(),
        )
        for item, order in session.exec(query)
    ]


def revenue_since(session: Session, store_id: uuid.UUID, since: datetime) -> tuple[Decimal, int]:
    """What the orders paid since ``since`` brought in, net of refunds, and how many
    there were."""
    revenue, orders = session.exec(
        select(func.coalesce(func.sum(Order.total - Order.refunded), 0), func.count()).where(
            Order.store_id == store_id,
            col(Order.created_at) >= since,
            col(Order.status).in_([s.value for s in SOLD]),
        )
    ).one()
    return Decimal(str(revenue)), int(orders)


def revenue_per_day(
    session: Session, store_id: uuid.UUID, start: date
) -> dict[date, tuple[Decimal, int]]:
    """Revenue (net of refunds) and paid orders per day from ``start`` (one grouped query;
    days without a paid order are missing)."""
    day = func.date(Order.created_at)
    rows = session.exec(
        select(day, func.sum(Order.total - Order.refunded), func.count())
        .where(
            Order.store_id == store_id,
            col(Order.created_at) >= datetime.combine(start, time.min, tzinfo=UTC),
            col(Order.status).in_([s.value for s in SOLD]),
        )
        .group_by(day)
    ).all()
    return {_as_date(d): (Decimal(str(r)), int(n)) for d, r, n in rows}


def order_by_id(session: Session, order_id: uuid.UUID) -> Order | None:
    """One order, for a domain that was handed its id by the sales domain."""
    return session.get(Order, order_id)


def newest_orders(session: Session, store_id: uuid.UUID, limit: int) -> list[Order]:
    """The store's newest orders, any status."""
    query = (
        select(Order)
        .where(Order.store_id == store_id)
        .order_by(col(Order.created_at).desc())
        .limit(limit)
    )
    return list(session.exec(query))


def _as_date(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
