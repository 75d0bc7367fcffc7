"""BizQ's offline rules for stock, demand, bundles, listing checks and seasons on a real store."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import Session

from bizq_app.core.errors import NotFound
from bizq_app.executors import merchandising, operations, seasons
from bizq_app.executors.store_data import StoreData
from tests.executor_runs import run_rules
from tests.factories import make_product, make_sale, make_store


def run_task(executor: Any, type: str, data: dict[str, Any], store: Any, session: Session) -> Any:
    """Run ``executor`` on ``store`` and check its input and output against the catalog."""
    return run_rules(executor, type, data, StoreData(store.store.id, session))


def selling_two_a_day(session: Session, store: Any, **overrides: Any) -> Any:
    """A product that sold 2 units on each of the last 30 days."""
    product = make_product(session, store, **overrides)
    for day in range(1, 31):
        make_sale(session, store, product, 2, days_ago=day)
    return product


def test_reorder_covers_lead_time_safety_stock_and_a_month(session: Session) -> None:
    store = make_store(session)
    candle = selling_two_a_day(session, store, inventory_quantity=10, sku="CANDLE-1")
    stocked = make_product(session, store, title="Oat milk soap", inventory_quantity=500)
    make_sale(session, store, stocked, 3, days_ago=5)
    idle = make_product(session, store, title="Wax melts", inventory_quantity=0)

    out = run_task(
        operations.reorder_stock,
        "operations.reorder_stock",
        {"lead_time_days": 14, "safety_stock_days": 7},
        store,
        session,
    )

    (order,) = out["reorders"]
    assert order["product_id"] == str(candle.id)
    assert order["daily_sales_rate"] == 2.0
    # 2 a day x (14 lead + 7 safety + 30 cycle) = 102 units wanted, 10 on hand
    assert order["reorder_quantity"] == 92
    assert order["estimated_cost"] == 690.0  # 92 x 7.50
    assert order["urgency"] == "critical"  # 5 days of cover, 14 days to restock
    assert out["total_cost"] == 690.0
    reasons = {s["product_id"]: s["reason"] for s in out["skipped"]}
    assert "above the reorder point of 21 days" in reasons[str(stocked.id)]
    assert "No sales in the last 60 days" in reasons[str(idle.id)]


def test_reorder_within_a_budget_cuts_the_order_down(session: Session) -> None:
    store = make_store(session)
    candle = selling_two_a_day(session, store, inventory_quantity=10)

    out = run_task(
        operations.reorder_stock,
        "operations.reorder_stock",
        {"product_ids": [str(candle.id)], "budget": 300},
        store,
        session,
    )

    assert out["reorders"][0]["reorder_quantity"] == 40  # 300 / 7.50
    assert out["total_cost"] == 300.0
    assert "within the budget of 300.00" in out["notes"]


def test_reorder_without_sales_says_so(session: Session) -> None:
    store = make_store(session)
    make_product(session, store)

    out = run_task(operations.reorder_stock, "operations.reorder_stock", {}, store, session)

    assert out["reorders"] == [] and out["total_cost"] == 0
    assert "no sales in the last 60 days" in out["notes"]


def test_reorder_cannot_read_another_stores_product(session: Session) -> None:
    mine, theirs = make_store(session), make_store(session)
    secret = make_product(session, theirs)

    with pytest.raises(NotFound):
        run_task(
            operations.reorder_stock,
            "operations.reorder_stock",
            {"product_ids": [str(secret.id)]},
            mine,
            session,
        )


def test_demand_forecast_extends_steady_sales(session: Session) -> None:
    store = make_store(session)
    candle = selling_two_a_day(session, store, inventory_quantity=20)

    out = run_task(
        operations.forecast_demand,
        "operations.forecast_demand",
        {"horizon_days": 30},
        store,
        session,
    )

    (forecast,) = out["forecasts"]
    assert forecast["product_id"] == str(candle.id)
    assert forecast["low_units"] <= forecast["expected_units"] <= forecast["high_units"]
    assert 50 <= forecast["expected_units"] <= 90  # about 2 a day for 30 days
    stockout = operations.today() + timedelta(days=10)  # 20 units at 2 a day
    assert abs((stockout - _day(forecast["stockout_date"])).days) <= 3
    assert "Running out within the horizon" in out["summary"]
    assert "x 30 days" in out["method_notes"]


def _day(text: str) -> Any:
    from datetime import date

    return date.fromisoformat(text)


def test_demand_forecast_without_sales_is_zero_and_says_so(session: Session) -> None:
    store = make_store(session)
    make_product(session, store)

    out = run_task(
        operations.forecast_demand,
        "operations.forecast_demand",
        {"include_seasonality": False},
        store,
        session,
    )

    assert out["forecasts"][0]["expected_units"] == 0
    assert out["forecasts"][0]["stockout_date"] is None
    assert "no sales in the last 8 weeks" in out["summary"]


def test_bundle_price_takes_the_discount_and_computes_savings_exactly(session: Session) -> None:
    store = make_store(session)
    candle = make_product(session, store)  # 24.00, cost 7.50
    soap = make_product(
        session, store, title="Oat milk soap", price=Decimal("9.00"), cost=Decimal("2.10")
    )

    out = run_task(
        merchandising.bundle_creation,
        "product.bundle_creation",
        {"product_ids": [str(candle.id), str(soap.id)], "max_discount_percent": 15},
        store,
        session,
    )

    assert out["bundle_price"] == 29.70  # 33.00 less the 10% aimed for a bigger order
    assert out["savings_amount"] == 3.30
    assert out["discount_percent"] == 10.0
    assert out["margin_percent"] == 67.68  # (29.70 - 9.60) / 29.70
    assert "Lavender soy candle" in out["bundle_name"]


def test_bundle_discount_stops_at_the_minimum_margin(session: Session) -> None:
    store = make_store(session)
    thin = make_product(session, store, price=Decimal("10.00"), cost=Decimal("6.50"))

    out = run_task(
        merchandising.bundle_creation,
        "product.bundle_creation",
        {"product_ids": [str(thin.id), str(thin.id)], "bundle_goal": "clear_stock"},
        store,
        session,
    )

    # 2 x 10.00 with goods at 13.00: a 30% margin needs 18.58, so 7.10% off, not 15%
    assert out["bundle_price"] == 18.58
    assert out["margin_percent"] >= 30
    assert out["discount_percent"] == 7.1
    assert out["bundle_name"].startswith("Bundle deal: 2 x")


def test_quality_check_flags_claims_stock_and_sku(session: Session) -> None:
    store = make_store(session)
    risky = make_product(
        session,
        store,
        title="Miracle balm",
        description="Cures headaches. FDA approved and guaranteed!",
        inventory_quantity=0,
    )

    out = run_task(
        merchandising.quality_validation,
        "product.quality_validation",
        {"product_id": str(risky.id), "channel": "amazon"},
        store,
        session,
    )

    fields = {(i["field"], i["severity"]) for i in out["issues"]}
    assert ("claims", "critical") in fields
    assert ("inventory", "high") in fields
    assert ("sku", "medium") in fields
    assert out["passed"] is False
    assert out["score"] < 50


def test_quality_check_passes_a_complete_listing(session: Session) -> None:
    store = make_store(session)
    good = make_product(
        session,
        store,
        title="Lavender soy candle, 200 g, hand-poured",
        description="Hand-poured soy wax with lavender oil. " * 8,
        sku="CANDLE-LAV-200",
        images=["https://shop.example.com/candle.jpg"],
    )

    out = run_task(
        merchandising.quality_validation,
        "product.quality_validation",
        {"product_id": str(good.id), "check_claims": True},
        store,
        session,
    )

    assert out == {
        "score": 100,
        "passed": True,
        "issues": [],
        "summary": out["summary"],
    }
    assert "no problems found for shopify" in out["summary"]


def test_valentines_price_and_stock_from_sales_rate(session: Session) -> None:
    store = make_store(session)
    candle = selling_two_a_day(session, store, inventory_quantity=10)

    out = run_task(
        seasons.seasonal_adjustment,
        "product.seasonal_adjustment",
        {"product_id": str(candle.id), "season": "valentines", "start_date": "2027-01-18"},
        store,
        session,
    )

    assert out["recommended_price"] == 24.99  # 24.00 + 5%, at its .99 price point
    # 2 a day x 1.5 for 28 days (14 days before the event and its 14 days)
    assert out["stock_recommendation_units"] == 84
    assert (out["start_date"], out["end_date"]) == ("2027-01-18", "2027-02-15")
    inventory = next(a for a in out["adjustments"] if a["field"] == "inventory")
    assert (inventory["current_value"], inventory["proposed_value"]) == ("10", "84")


def test_seasonal_adjustment_without_sales_sets_no_stock_target(session: Session) -> None:
    store = make_store(session)
    candle = make_product(session, store)

    out = run_task(
        seasons.seasonal_adjustment,
        "product.seasonal_adjustment",
        {"product_id": str(candle.id), "season": "black_friday", "region": "Australia"},
        store,
        session,
    )

    assert out["stock_recommendation_units"] is None
    assert out["recommended_price"] == 18.99  # 24.00 - 20% = 19.20, at .99 below
    assert "no sales in the last 60 days" in out["summary"]
    assert out["start_date"] <= out["end_date"]


def test_demand_forecast_follows_a_rising_trend_capped_at_half(session: Session) -> None:
    store = make_store(session)
    candle = make_product(session, store, inventory_quantity=1000)
    for days_ago in (31, 38, 45, 52):  # 7 units a week, a month or two ago
        make_sale(session, store, candle, 7, days_ago=days_ago)
    for days_ago in (3, 10, 17, 24):  # 14 units a week lately: +100%, counted as +50%
        make_sale(session, store, candle, 14, days_ago=days_ago)

    out = run_task(
        operations.forecast_demand,
        "operations.forecast_demand",
        {"product_ids": [str(candle.id)], "horizon_days": 30},
        store,
        session,
    )

    assert out["forecasts"][0]["expected_units"] == 90  # 2 a day x 1.5 x 30 days
