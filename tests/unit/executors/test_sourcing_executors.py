"""Supplier tasks on BizQ's rules: schema-valid output that follows the owner's input."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from sqlmodel import Session

from bizq_app.core.errors import NotFound
from bizq_app.executors import sourcing
from bizq_app.executors.store_data import StoreData
from tests.executor_runs import run_rules
from tests.factories import make_product, make_store

EXECUTORS = {
    "supplier.find": sourcing.find_suppliers,
    "supplier.find_zero_moq": sourcing.find_zero_moq,
    "product.sourcing_alternatives": sourcing.sourcing_alternatives,
    "growth.plan_supplier_transition": sourcing.plan_supplier_transition,
}


def execute(type: str, data: dict[str, Any], store: StoreData | None = None) -> dict[str, Any]:
    """The executor's output for ``data``, after checking it against the catalog's schema."""
    return dict(run_rules(EXECUTORS[type], type, data, store, check_input=False))


def test_find_suppliers_keeps_to_the_budget_and_explains_the_choice() -> None:
    output = execute("supplier.find", {"product_type": "ashwagandha", "budget": 100})

    [supliful] = output["suppliers"]  # the bulk makers need $540+ for a first order
    assert supliful["name"] == "Supliful" and supliful["moq"] == 1
    assert supliful["unit_cost_estimate"] == 9.8
    assert "Offers Ashwagandha capsules 60ct at $9.80 a unit" in supliful["pros"]
    assert any("fits the $100.00 budget" in pro for pro in supliful["pros"])
    assert output["recommendation"].startswith("Start with Supliful")
    assert "2026-10" in output["search_notes"]
    assert "Confirm prices" in output["search_notes"]


def test_find_suppliers_follows_the_product_and_kinds_asked_for() -> None:
    tees = execute(
        "supplier.find",
        {"product_type": "custom t-shirts", "supplier_types": ["print_on_demand"], "count": 2},
    )
    bulk = execute("supplier.find", {"product_type": "custom t-shirts", "max_moq": 500})

    assert [s["name"] for s in tees["suppliers"]] == ["Gelato", "Printify"]
    assert {s["supplier_type"] for s in tees["suppliers"]} == {"print_on_demand"}
    assert len(bulk["suppliers"]) == 5
    assert "Real Thread" in [s["name"] for s in bulk["suppliers"]]
    assert tees["search_notes"] != bulk["search_notes"]
    scores = [s["fit_score"] for s in bulk["suppliers"]]
    assert scores == sorted(scores, reverse=True)


def test_a_zero_budget_finds_nothing_and_names_the_cheapest_start() -> None:
    output = execute("supplier.find", {"product_type": "soy candle", "budget": 0})

    assert output["suppliers"] == []
    assert "budget $0.00" in output["recommendation"]
    assert "cheapest start is Printify" in output["recommendation"]
    assert "first order $11.30" in output["recommendation"]


def test_an_empty_input_still_lists_suppliers() -> None:
    output = execute("supplier.find", {})

    assert len(output["suppliers"]) == 5
    assert "any product" in output["search_notes"]


def test_zero_moq_suppliers_show_fees_fulfilment_and_integrations() -> None:
    serum = execute("supplier.find_zero_moq", {"product_type": "vitamin c serum", "count": 3})
    posters = execute(
        "supplier.find_zero_moq",
        {"product_type": "posters", "ship_to_country": "Germany", "private_label": False},
    )

    blanka = serum["suppliers"][0]
    assert (blanka["name"], blanka["fulfilment"], blanka["setup_fee"]) == (
        "Blanka",
        "dropship",
        29.0,
    )
    assert "Shopify" in blanka["integrations"]
    assert "$29.00 a month" in blanka["notes"]
    assert {s["fulfilment"] for s in posters["suppliers"]} == {"print_on_demand"}
    assert {s["name"] for s in posters["suppliers"]} == {"Gelato", "Printful", "Printify"}
    assert "posters" in posters["recommendation"]


def test_zero_moq_search_says_honestly_when_nothing_matches() -> None:
    output = execute("supplier.find_zero_moq", {"product_type": "nuclear submarine"})

    assert output["suppliers"] == []
    assert (
        "Nothing in BizQ's supplier catalog matches 'nuclear submarine'"
        in (output["recommendation"])
    )


def test_sourcing_alternatives_compare_with_the_products_own_cost(session: Session) -> None:
    store = make_store(session)
    candle = make_product(session, store, price=Decimal("24.00"), cost=Decimal("7.50"))
    data = StoreData(store.store.id, session)

    cheapest = execute("product.sourcing_alternatives", {"product_id": str(candle.id)}, data)
    fastest = execute(
        "product.sourcing_alternatives",
        {"product_id": str(candle.id), "priority": "faster_shipping", "max_moq": 0},
        data,
    )

    assert cheapest["current_unit_cost"] == 7.5
    first = cheapest["alternatives"][0]
    assert (first["supplier_name"], first["unit_cost"], first["moq"]) == (
        "Alibaba candle factories",
        2.8,
        200,
    )
    assert first["estimated_margin_percent"] == 88.3  # (24.00 - 2.80) / 24.00
    assert "$4.70 less than your $7.50" in cheapest["recommendation"]
    assert fastest["alternatives"][0]["supplier_name"] == "Spocket"
    assert {a["moq"] for a in fastest["alternatives"]} == {1}


def test_sourcing_alternatives_cannot_read_another_stores_product(session: Session) -> None:
    mine, theirs = make_store(session), make_store(session)
    secret = make_product(session, theirs)

    with pytest.raises(NotFound):
        execute(
            "product.sourcing_alternatives",
            {"product_id": str(secret.id)},
            StoreData(mine.store.id, session),
        )


def test_a_steady_seller_is_told_to_move_to_bulk_with_the_numbers(session: Session) -> None:
    store = make_store(session)
    candle = make_product(session, store)
    data = StoreData(store.store.id, session)
    given = {"product_id": str(candle.id), "monthly_units_sold": 300, "current_unit_cost": 7.5}

    plenty = execute("growth.plan_supplier_transition", {**given, "cash_available": 5000}, data)
    tight = execute("growth.plan_supplier_transition", {**given, "cash_available": 600}, data)

    assert plenty["recommended_stage"] == "bulk"
    assert (plenty["order_quantity"], plenty["target_unit_cost"]) == (500, 2.15)
    assert plenty["upfront_cash_needed"] == 1075.0
    assert plenty["monthly_savings"] == 1605.0  # (7.50 - 2.15) x 300
    assert plenty["payback_months"] == 0.67  # 1075 / 1605
    assert "Alibaba candle factories" in plenty["steps"][0]
    assert tight["recommended_stage"] == "low_moq"  # 200 at 2.80 fits the 600 available
    assert (tight["order_quantity"], tight["upfront_cash_needed"]) == (200, 560.0)
    assert any("93% of your available cash" in risk for risk in tight["risks"])


def test_a_slow_seller_is_told_to_stay_and_why(session: Session) -> None:
    store = make_store(session)
    candle = make_product(session, store)
    data = StoreData(store.store.id, session)

    output = execute(
        "growth.plan_supplier_transition",
        {"product_id": str(candle.id), "monthly_units_sold": 10, "current_unit_cost": 7.5},
        data,
    )

    assert output["recommended_stage"] == "stay_zero_moq"
    assert (output["order_quantity"], output["monthly_savings"]) == (0, 0.0)
    assert output["payback_months"] is None
    assert "Lavender soy candle at 10 a month" in output["rationale"]
