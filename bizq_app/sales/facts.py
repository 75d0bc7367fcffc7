"""What other domains may read of a store's sales: the paid order lines."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session, col, select

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
