"""The dashboard in a seller's words: money in the store's own currency, counts that
agree with their noun, days as people write them, and a chart with nothing to show says
so instead of drawing a row of zeros."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session

from bizq_app.dashboards import dashboard_blocks
from tests.factories import make_product, make_sale, make_store

BLOCKS = {
    "blocks": [
        {"id": "r", "component": "metric_revenue", "props": {"period": "week"}},
        {"id": "c", "component": "chart_revenue", "props": {"days": 7}},
        {"id": "o", "component": "chart_orders", "props": {"days": 7}},
    ]
}


def test_a_euro_stores_first_sale_reads_as_one_paid_order_in_euros(session: Session) -> None:
    store = make_store(session, currency="EUR")
    candle = make_product(session, store, price=Decimal("24.50"), inventory_quantity=3)
    make_sale(session, store, candle, 1, days_ago=1)

    revenue, chart, _ = dashboard_blocks.build(
        session=session, user_id=store.store.created_by_id, store=store.store, document=BLOCKS
    )

    assert (revenue["value"], revenue["hint"]) == ("€24.50", "1 paid order")
    assert chart["hint"] == "" and chart["value"] == "Last 7 days"
    assert [p["label"][-3:] for p in chart["points"]][0].isalpha()  # "11 Nov", not 2026-11-11
    assert sum(p["value"] for p in chart["points"]) == 24.5


def test_a_chart_with_no_sale_says_so(session: Session) -> None:
    store = make_store(session)

    _, chart, orders = dashboard_blocks.build(
        session=session, user_id=store.store.created_by_id, store=store.store, document=BLOCKS
    )

    assert chart["hint"] == "No paid orders in the last 7 days yet: each sale shows here."
    assert orders["hint"] == chart["hint"]
