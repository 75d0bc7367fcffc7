"""BizQ's offline rules on a real store: prices, stock and cash from the store's own data."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import Session

from bizq_app.core.errors import NotFound
from bizq_app.executors import execute
from bizq_app.executors.store_data import StoreData
from bizq_app.sales.models import OrderItem
from bizq_app.tasks.task_runs import Run
from tests.factories import make_product, make_sale, make_store


def run(type: str, data: dict[str, Any], store_id: uuid.UUID) -> Run:
    return Run(uuid.uuid4(), store_id, 1, type, data, None, provider="rules")


def test_price_optimisation_follows_the_market_but_keeps_the_margin(session: Session) -> None:
    store = make_store(session)
    candle = make_product(session, store, price=Decimal("24.00"), cost=Decimal("7.50"))
    data = StoreData(store.store.id, session)

    market = execute(
        run(
            "product.price_optimization",
            {
                "product_id": str(candle.id),
                "goal": "match_market",
                "competitor_prices": [19.5, 21, 22.4],
            },
            store.store.id,
        ),
        data,
    ).output
    floor = execute(
        run(
            "product.price_optimization",
            {
                "product_id": str(candle.id),
                "goal": "maximize_volume",
                "min_margin_percent": 70,
                "competitor_prices": [12],
            },
            store.store.id,
        ),
        data,
    ).output

    assert market["current_margin_percent"] == 68.8
    assert market["recommended_price"] == 20.99
    assert market["confidence"] == "high"
    assert market["expected_sales_change_percent"] > 0
    assert floor["recommended_price"] == 25.99  # floor 7.50 / 0.30 = 25.00; next .99 above
    assert floor["new_margin_percent"] >= 70
    assert "keep a 70% margin" in floor["rationale"]


def test_an_executor_cannot_read_another_stores_product(session: Session) -> None:
    mine, theirs = make_store(session), make_store(session)
    secret = make_product(session, theirs)

    with pytest.raises(NotFound, match="not a product of this store"):
        execute(
            run("product.price_optimization", {"product_id": str(secret.id)}, mine.store.id),
            StoreData(mine.store.id, session),
        )


def test_stock_levels_come_from_inventory_and_the_last_30_days(session: Session) -> None:
    store = make_store(session)
    fast = make_product(session, store, title="Fast seller", inventory_quantity=10)
    make_product(session, store, title="Gone", inventory_quantity=0)
    slow = make_product(session, store, title="Slow mover", inventory_quantity=500)
    make_sale(session, store, fast, 30, days_ago=2)  # 1 a day: 10 days of cover
    make_sale(session, store, slow, 1, days_ago=5)  # 1 a month: 15,000 days of cover

    output = execute(
        run("operations.check_stock_levels", {"low_stock_days": 14}, store.store.id),
        StoreData(store.store.id, session),
    ).output

    by_title = {i["title"]: i for i in output["items"]}
    assert by_title["Fast seller"]["days_of_cover"] == 10.0
    assert by_title["Fast seller"]["status"] == "low"
    assert by_title["Gone"]["status"] == "out_of_stock"
    assert by_title["Slow mover"]["status"] == "overstocked"
    assert any(a.startswith("Fast seller: low") for a in output["alerts"])


def test_the_cash_forecast_uses_recent_sales_and_planned_payments(session: Session) -> None:
    store = make_store(session)
    candle = make_product(session, store, price=Decimal("25.00"), cost=Decimal("10.00"))
    make_sale(session, store, candle, 8, days_ago=3)  # 200 in, 80 cost over four weeks

    output = execute(
        run(
            "finance.forecast_cash_flow",
            {
                "starting_cash": 100,
                "weeks": 4,
                "planned_expenses": [{"description": "Supplier deposit", "amount": 300, "week": 2}],
            },
            store.store.id,
        ),
        StoreData(store.store.id, session),
    ).output

    weeks = output["weeks"]
    assert weeks[0] == {
        "week": 1,
        "starting_cash": 100.0,
        "inflows": 50.0,
        "outflows": 20.0,
        "ending_cash": 130.0,
    }
    assert weeks[1]["ending_cash"] == -140.0
    assert output["lowest_balance"] == -140.0 and output["runway_weeks"] == 1
    assert any("Supplier deposit" in r for r in output["risks"])


def test_profit_comes_from_real_orders_with_fees_estimated(session: Session) -> None:
    store = make_store(session)
    candle = make_product(
        session, store, price=Decimal("20.00"), cost=Decimal("8.00"), inventory_quantity=50
    )
    soap = make_product(
        session, store, title="Oat milk soap", price=Decimal("10.00"), cost=Decimal("9.50")
    )
    for day in (1, 2, 3, 4, 5):
        make_sale(session, store, candle, 2, days_ago=day)
    make_sale(session, store, soap, 4, days_ago=2)
    data = StoreData(store.store.id, session)

    one = execute(
        run(
            "product.profit_analysis",
            {"product_id": str(candle.id), "period_days": 7},
            store.store.id,
        ),
        data,
    )
    whole = execute(
        run("finance.analyze_profit", {"period_days": 7, "group_by": "product"}, store.store.id),
        data,
    ).output

    # 10 units: revenue 200, cost 80, fees 200 × 2.9% + 5 orders × 0.30 = 7.30
    assert one.output["units_sold"] == 10
    assert (one.output["revenue"], one.output["cost_of_goods"], one.output["fees"]) == (
        200.0,
        80.0,
        7.3,
    )
    assert one.output["net_profit"] == 112.7 and one.output["verdict"] == "scale"
    assert whole["total_revenue"] == 240.0
    assert whole["top_drivers"][0] == "Lavender soy candle"
    assert whole["drains"] == ["Oat milk soap"]


def test_bundles_come_from_products_bought_together(session: Session) -> None:
    store = make_store(session)
    candle = make_product(session, store, price=Decimal("20.00"), cost=Decimal("6.00"))
    holder = make_product(
        session, store, title="Brass holder", price=Decimal("15.00"), cost=Decimal("5.00")
    )
    for day in (1, 2, 3):
        order = make_sale(session, store, candle, 1, days_ago=day)
        session.add(
            OrderItem(
                order_id=order.id,
                product_id=holder.id,
                title=holder.title,
                quantity=1,
                unit_price=holder.price,
                unit_cost=holder.cost,
            )
        )
    session.flush()

    output = execute(
        run("growth.suggest_bundles", {"min_times_together": 2}, store.store.id),
        StoreData(store.store.id, session),
    ).output

    bundle = output["bundles"][0]
    assert bundle["times_bought_together"] == 3
    assert set(bundle["product_titles"]) == {"Lavender soy candle", "Brass holder"}
    assert bundle["suggested_price"] == 31.5 and bundle["discount_percent"] == 10.0


def test_seo_rewrites_the_title_around_the_products_own_keywords(session: Session) -> None:
    store = make_store(session)
    candle = make_product(
        session,
        store,
        title="Lavender candle",
        description="Hand-poured soy wax with lavender oil. Burns 40 hours.",
    )

    output = execute(
        run(
            "product.optimize_seo",
            {
                "product_id": str(candle.id),
                "target_keywords": ["Soy Candle"],
                "channel": "ebay",
                "max_title_length": 40,
            },
            store.store.id,
        ),
        StoreData(store.store.id, session),
    ).output

    assert output["keywords"][0] == "soy candle"
    assert output["proposed_title"] == "Lavender candle – Soy Candle"
    assert len(output["proposed_title"]) <= 40
    assert output["proposed_meta_description"] == (
        "Lavender candle: Hand-poured soy wax with lavender oil."
    )
    assert "lavender" in output["keywords"]
    assert output["expected_conversion_increase"] > 0


def test_a_price_change_waits_for_approval_then_applies(session: Session) -> None:
    from bizq_app.tasks import task_runs, tasks
    from tests.factories import seed

    seed(session)
    store = make_store(session)
    candle = make_product(session, store, price=Decimal("24.00"), cost=Decimal("7.50"))
    task = tasks.create_task(
        session=session,
        user_id=store.store.created_by_id,
        store_id=store.store.id,
        type="product.price_optimization",
        input={
            "product_id": str(candle.id),
            "goal": "match_market",
            "competitor_prices": [19.5, 21, 22.4],
        },
    )
    started = task_runs.start_run(session=session, task_id=task.id)
    assert started is not None
    result = execute(started, StoreData(store.store.id, session))
    task_runs.complete_run(
        session=session, task_id=task.id, attempt=started.attempt, output=result.output
    )

    assert task.status == "awaiting_review"
    assert candle.price == Decimal("24.00")  # nothing changes before the owner approves
    task_runs.approve(session=session, user_id=store.store.created_by_id, task_id=task.id)
    session.flush()
    session.refresh(candle)
    assert candle.price == Decimal("20.99")


def test_a_generated_catalog_becomes_draft_products_with_their_suppliers(
    session: Session,
) -> None:
    from sqlmodel import select

    from bizq_app.catalog.models import Product
    from bizq_app.tasks import task_runs, tasks
    from tests.factories import seed

    seed(session)
    store = make_store(session)

    def generate() -> str:
        task = tasks.create_task(
            session=session,
            user_id=store.store.created_by_id,
            store_id=store.store.id,
            type="product.generate_catalog",
            input={"niche": "eco candles", "count": 3},
        )
        started = task_runs.start_run(session=session, task_id=task.id)
        assert started is not None
        result = execute(started, StoreData(store.store.id, session))
        task_runs.complete_run(
            session=session,
            task_id=task.id,
            attempt=started.attempt,
            output=result.output,
            review_note=result.review_note,
        )
        return task.status

    assert generate() == "completed"
    created = session.exec(select(Product).where(Product.store_id == store.store.id)).all()
    assert len(created) == 3 and all(p.status == "draft" for p in created)
    assert any("candle" in p.title.lower() for p in created)
    assert all(str(p.sku).startswith("CAN-") for p in created)  # the candle niche's products
    assert all(p.price > p.cost > 0 for p in created)
    assert any(p.supplier_id is not None for p in created)

    assert generate() == "completed"  # again: new drafts, the first ones keep their SKUs
    skus = [p.sku for p in session.exec(select(Product).where(Product.store_id == store.store.id))]
    assert len(skus) == 6 and len({s for s in skus if s}) == 3


def test_a_forecast_with_sales_falling_to_nothing_still_answers(session: Session) -> None:
    store = make_store(session)

    output = execute(
        run(
            "finance.forecast_cash_flow",
            {"starting_cash": 0, "weeks": 4, "growth_assumption_percent": -100},
            store.store.id,
        ),
        StoreData(store.store.id, session),
    ).output

    assert [w["ending_cash"] for w in output["weeks"]] == [0.0, 0.0, 0.0, 0.0]


def test_a_rewritten_listing_reads_as_copy_not_as_a_keyword_list(session: Session) -> None:
    store = make_store(session)
    product = make_product(
        session,
        store,
        title="Cork yoga block pair",
        description="Two firm cork blocks for deeper stretches. Natural cork, easy to grip.",
    )
    wanted = {"product_id": str(product.id), "tone": "friendly"}

    output = execute(
        run("product.optimize_listing", wanted, store.store.id), StoreData(store.store.id, session)
    ).output

    assert "Good for" not in output["new_description"]
    assert output["new_description"].startswith("You'll love the cork yoga block pair.")
    assert "Two firm cork blocks for deeper stretches." in output["new_description"]
    assert "cork" in output["new_keywords"]  # the keywords still go to their own field
