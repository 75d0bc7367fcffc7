"""Sourcing: ranking the bundled suppliers' offers, and cheaper ways to buy as sales grow."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from bizq_app.core.errors import ValidationFailed
from bizq_app.data.suppliers import KINDS, supplier_catalog
from bizq_app.sourcing import sourcing


def names(**criteria: Any) -> list[str]:
    return [r.supplier.name for r in sourcing.search(**criteria)]


def test_the_bundled_catalog_covers_common_niches_and_says_prices_are_indicative() -> None:
    catalog = supplier_catalog()
    offers = [o for s in catalog.suppliers for o in s.offers]

    assert catalog.prices_as_of == "2026-10"
    assert "Confirm prices" in catalog.note
    assert {s.kind for s in catalog.suppliers} == set(KINDS)
    assert len({o.category for o in offers}) >= 10
    assert all(o.tiers == tuple(sorted(o.tiers, key=lambda t: t.min_qty)) for o in offers)


def test_a_zero_moq_supplier_ranks_first_for_a_beginner_and_says_why() -> None:
    ranked = sourcing.search(query="ashwagandha")

    assert [r.supplier.name for r in ranked] == [
        "Supliful",
        "US supplement contract manufacturers",
        "Alibaba GMP supplement factories",
    ]
    top = ranked[0]
    assert top.first_order_cost == Decimal("38.80")  # 1 x 9.80 + the 29.00 monthly plan
    assert top.margin_percent == Decimal("67.3")  # at the suggested 29.99
    assert "Matches 'ashwagandha' (1 of 1 words) (40/40 points)" in top.reasons
    assert any(r.startswith("67% margin at $29.99") for r in top.reasons)
    assert any(r.startswith("Ships to US in 3–7 days") for r in top.reasons)
    assert top.score == sum(p.points for p in top.parts)


def test_plurals_and_capitals_match_the_same_offers() -> None:
    assert names(query="Dog Harnesses", limit=3) == names(query="dog harness", limit=3)
    assert names(query="dog harness", limit=1) == ["CJdropshipping"]


def test_equal_scores_keep_a_stable_order_by_name() -> None:
    ranked = sourcing.search(query="soy candles", limit=2)

    assert ranked[0].score == ranked[1].score
    assert [r.supplier.name for r in ranked] == ["Spocket", "Zendrop"]


def test_a_target_price_changes_the_margin_and_the_score() -> None:
    suggested = sourcing.search(query="ashwagandha", limit=1)[0]
    cheaper = sourcing.search(query="ashwagandha", target_price=Decimal("19.99"), limit=1)[0]

    assert cheaper.margin_percent == Decimal("51.0")  # (19.99 - 9.80) / 19.99
    assert cheaper.score < suggested.score
    assert any(r.startswith("51% margin at $19.99") for r in cheaper.reasons)


def test_max_moq_region_and_budget_exclude_offers() -> None:
    assert names(query="ashwagandha", max_moq=50) == ["Supliful"]
    assert names(query="ashwagandha", ship_to="Germany") == ["Alibaba GMP supplement factories"]
    affordable = sourcing.search(query="soy candle", budget=Decimal(50))
    assert [r.supplier.name for r in affordable] == ["Printify", "Spocket"]
    assert all(r.first_order_cost <= 50 for r in affordable)
    assert any("fits the $50.00 budget" in r for r in affordable[0].reasons)
    assert sourcing.search(query="soy candle", budget=Decimal(0)) == []


def test_kinds_private_label_and_one_per_supplier_narrow_the_list() -> None:
    pod = sourcing.search(query="t-shirt", kinds=["print_on_demand"])
    unbranded = sourcing.search(query="candle", private_label=False)
    per_supplier = sourcing.search(query="mug", one_per_supplier=True, limit=20)

    assert {r.supplier.kind for r in pod} == {"print_on_demand"}
    assert {r.supplier.name for r in unbranded} == {"Faire wholesale brands", "Spocket"}
    assert len({r.supplier.id for r in per_supplier}) == len(per_supplier) > 1


def test_a_query_that_matches_nothing_finds_nothing() -> None:
    assert sourcing.search(query="nuclear submarine") == []


@pytest.mark.parametrize(
    ("criteria", "path"),
    [
        ({"budget": Decimal(-1)}, "budget"),
        ({"max_moq": -5}, "max_moq"),
        ({"target_price": Decimal(0)}, "target_price"),
        ({"target_price": Decimal("5.76e-53")}, "target_price"),  # no margin to speak of
        ({"kinds": ["factory"]}, "kinds"),
        ({"limit": 0}, "limit"),
        ({"ship_to": " .. "}, "ship_to"),
    ],
)
def test_bad_search_criteria_are_refused(criteria: dict[str, Any], path: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        sourcing.search(query="candle", **criteria)

    assert refused.value.errors[0].path == f"$.{path}"


def test_growing_sales_move_a_candle_from_low_moq_to_bulk() -> None:
    def best(monthly: int) -> sourcing.BulkOption:
        return sourcing.bulk_alternatives(
            product_title="Lavender soy candle",
            current_unit_cost=Decimal("7.50"),
            monthly_units=monthly,
        )[0]

    low, bulk = best(130), best(300)

    assert (low.stage, low.order_quantity, low.tier.unit_cost) == ("low_moq", 200, Decimal("2.8"))
    assert low.unit_saving == Decimal("4.70")
    assert low.monthly_saving == Decimal("611.00")  # 4.70 x 130
    assert low.upfront_cash == Decimal("560.00")  # 200 x 2.80
    assert (bulk.stage, bulk.order_quantity) == ("bulk", 500)
    assert bulk.monthly_saving == Decimal("1605.00")  # (7.50 - 2.15) x 300
    assert bulk.upfront_cash == Decimal("1075.00")
    assert "500 units last 1.7 months at 300 a month" in bulk.reasons[1]


def test_a_monthly_plan_fee_is_taken_off_the_saving() -> None:
    options = sourcing.bulk_alternatives(
        product_title="Lavender soy candle", current_unit_cost=Decimal("7.50"), monthly_units=300
    )
    zendrop = next(o for o in options if o.supplier.name == "Zendrop")

    assert zendrop.stage == "zero_moq" and zendrop.order_quantity == 0
    assert zendrop.monthly_saving == Decimal("161.00")  # 0.70 x 300 - 49.00 plan
    assert "after the $49.00 monthly plan" in zendrop.reasons[2]


def test_slow_sales_or_an_already_low_cost_find_no_cheaper_option() -> None:
    def options(monthly: int, cost: str) -> list[sourcing.BulkOption]:
        return sourcing.bulk_alternatives(
            product_title="Lavender soy candle",
            current_unit_cost=Decimal(cost),
            monthly_units=monthly,
        )

    assert options(20, "7.50") == []  # 200 candles would be 10 months of stock
    assert options(300, "1.50") == []  # nothing in the catalog is cheaper
    assert options(0, "7.50") == []


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"product_title": "  "}, "product_title"),
        ({"current_unit_cost": Decimal("-0.01")}, "current_unit_cost"),
        ({"monthly_units": -1}, "monthly_units"),
    ],
)
def test_bad_bulk_input_is_refused(arguments: dict[str, Any], path: str) -> None:
    values: dict[str, Any] = {
        "product_title": "Soy candle",
        "current_unit_cost": Decimal("7.50"),
        "monthly_units": 100,
    }
    with pytest.raises(ValidationFailed) as refused:
        sourcing.bulk_alternatives(**{**values, **arguments})

    assert refused.value.errors[0].path == f"$.{path}"
