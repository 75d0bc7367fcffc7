"""The numbers dashboard blocks show, computed by the database (aggregates over
indexed columns), never by looping over orders in Python.

Revenue and orders count paid orders (paid, fulfilling, shipped, delivered).
Conversion needs storefront visits; until the store records some it is None
and blocks say so.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlmodel import Session

from bizq_app.accounts.permissions import Permission, require
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.core.columns import utcnow
from bizq_app.sales import facts
from bizq_app.storefront import storefront_events
from bizq_app.tasks import lookups as task_lookups

PERIOD_DAYS = {"day": 1, "week": 7, "month": 30}


@dataclass(frozen=True)
class Metrics:
    revenue: Decimal
    orders: int
    average_order: Decimal
    active_tasks: int
    inventory_units: int
    low_stock: int
    conversion_percent: Decimal | None


@dataclass(frozen=True)
class Point:
    label: str
    revenue: Decimal
    orders: int


@dataclass(frozen=True)
class RecentOrder:
    id: uuid.UUID
    number: int
    customer: str
    total: Decimal
    status: str
    created_at: datetime


def metrics(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, period: str = "month"
) -> Metrics:
    """The store's headline numbers over the last day, week or month."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    since = utcnow() - timedelta(days=PERIOD_DAYS.get(period, 30))
    revenue, orders = facts.revenue_since(session, store_id, since)
    units, low = catalog_lookups.stock_on_sale(session, store_id)
    active = task_lookups.count_in_progress(session, store_id)
    total = Decimal(str(revenue)).quantize(Decimal("0.01"))
    visited = storefront_events.visitors(session, store_id, since)
    return Metrics(
        revenue=total,
        orders=int(orders),
        average_order=(total / orders).quantize(Decimal("0.01")) if orders else Decimal("0.00"),
        active_tasks=int(active),
        inventory_units=int(units),
        low_stock=int(low),
        conversion_percent=storefront_events.conversion_percent(visited, int(orders)),
    )


def series(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, bucket: str, days: int
) -> list[Point]:
    """Revenue and paid orders per day, week or month over the last ``days`` days (the
    database sums per day; days are then grouped into weeks or months)."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    return buckets(daily_totals(session, store_id, days), days, bucket)


def daily_totals(
    session: Session, store_id: uuid.UUID, days: int
) -> dict[date, tuple[Decimal, int]]:
    """Revenue and paid orders per day over the last ``days`` days (one grouped query)."""
    start = (utcnow() - timedelta(days=days - 1)).date()
    return facts.revenue_per_day(session, store_id, start)


def recent_orders(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, limit: int = 10
) -> list[RecentOrder]:
    """The newest orders, any status."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    return [
        RecentOrder(
            o.id, o.number, o.customer_name or o.customer_email, o.total, o.status, o.created_at
        )
        for o in facts.newest_orders(session, store_id, max(1, min(limit, 50)))
    ]


def buckets(per_day: dict[date, tuple[Decimal, int]], days: int, bucket: str) -> list[Point]:
    """The last ``days`` days of ``per_day`` totals grouped by day, week or month."""
    start = (utcnow() - timedelta(days=days - 1)).date()
    points: dict[str, list[Decimal | int]] = {}
    for offset in range(days):
        when = start + timedelta(days=offset)
        label = _label(when, bucket)
        revenue, orders = per_day.get(when, (Decimal(0), 0))
        point = points.setdefault(label, [Decimal(0), 0])
        point[0] = Decimal(point[0]) + revenue
        point[1] = int(point[1]) + orders
    return [
        Point(label, Decimal(r).quantize(Decimal("0.01")), int(n))
        for label, (r, n) in points.items()
    ]


def _label(when: date, bucket: str) -> str:
    """A point's date as a seller reads it: "Nov 2026", "w/c 9 Nov", "11 Nov"."""
    if bucket == "month":
        return when.strftime("%b %Y")
    if bucket == "week":
        monday = when - timedelta(days=when.weekday())
        return f"w/c {monday.day} {monday.strftime('%b')}"
    return f"{when.day} {when.strftime('%b')}"
