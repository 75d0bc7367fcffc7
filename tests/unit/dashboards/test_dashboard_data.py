"""Dashboard figures from the database's own sums (both databases)."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session

from bizq_app.dashboards import dashboard_blocks, dashboard_data
from tests.factories import make_product, make_sale, make_store


def test_metrics_and_series_count_paid_orders_in_the_period(session: Session) -> None:
    store = make_store(session)
    owner, store_id = store.store.created_by_id, store.store.id
    candle = make_product(session, store, price=Decimal("24.00"), inventory_quantity=3)
    for days_ago in (0, 1, 1, 9, 40):
        make_sale(session, store, candle, 2, days_ago=days_ago)

    week = dashboard_data.metrics(session=session, user_id=owner, store_id=store_id, period="week")
    month = dashboard_data.metrics(session=session, user_id=owner, store_id=store_id)
    daily = dashboard_data.series(
        session=session, user_id=owner, store_id=store_id, bucket="day", days=7
    )
    weekly = dashboard_data.series(
        session=session, user_id=owner, store_id=store_id, bucket="week", days=28
    )

    assert (week.revenue, week.orders, week.average_order) == (
        Decimal("144.00"),
        3,
        Decimal("48.00"),
    )
    assert (month.revenue, month.orders) == (Decimal("192.00"), 4)
    assert month.inventory_units == 3 and month.low_stock == 1
    assert month.conversion_percent is None  # no storefront visits recorded yet
    assert len(daily) == 7 and sum(p.orders for p in daily) == 3
    assert daily[-1].revenue == Decimal("48.00") and daily[-2].revenue == Decimal("96.00")
    assert sum(p.orders for p in weekly) == 4 and 4 <= len(weekly) <= 5
    recent = dashboard_data.recent_orders(session=session, user_id=owner, store_id=store_id)
    assert [o.total for o in recent][:1] == [Decimal("48.00")]
    assert len(recent) == 5


def test_each_chart_covers_its_own_days_when_a_longer_one_follows(session: Session) -> None:
    store = make_store(session)
    candle = make_product(session, store, price=Decimal("24.00"), inventory_quantity=9)
    for days_ago in (2, 40):
        make_sale(session, store, candle, 1, days_ago=days_ago)
    document = {
        "blocks": [
            {"id": "week", "component": "chart_orders", "props": {"days": 7}},
            {
                "id": "quarter",
                "component": "chart_revenue",
                "props": {"days": 90, "bucket": "week"},
            },
        ]
    }

    week, quarter = dashboard_blocks.build(
        session=session, user_id=store.store.created_by_id, store=store.store, document=document
    )

    assert sum(p["value"] for p in week["points"]) == 1
    assert sum(p["value"] for p in quarter["points"]) == 48.0
