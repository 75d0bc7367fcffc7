"""Price optimisation from the product's own price and cost and known competitor prices."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from statistics import median
from typing import Any

from bizq_app.core.money import CENT
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

ELASTICITY = Decimal("-1.5")  # a typical elasticity for small-shop consumer goods


def optimize_price(run: Run, data: StoreData) -> dict[str, Any]:
    """Recommend a price for the goal without going under the minimum margin."""
    product = data.product(run.input["product_id"])
    price, cost = product.price, product.cost
    goal = run.input.get("goal", "maximize_profit")
    min_margin = Decimal(str(run.input.get("min_margin_percent", 20)))
    comps = sorted(Decimal(str(c)) for c in run.input.get("competitor_prices", []) if c > 0)
    floor = cost / (1 - min_margin / 100) if min_margin < 100 else cost * 2
    target = _target(goal, price, comps)
    recommended = max(charm(target), _charm_up(floor)) if price or comps else _charm_up(floor)
    change = _sales_change(price, recommended)
    return {
        "current_price": float(price),
        "recommended_price": float(recommended),
        "current_margin_percent": _margin(price, cost),
        "new_margin_percent": _margin(recommended, cost),
        "expected_sales_change_percent": change,
        "confidence": "high" if len(comps) >= 3 else "medium" if comps else "low",
        "rationale": _why(product.title, goal, price, recommended, floor, min_margin, comps),
    }


def _target(goal: str, price: Decimal, comps: list[Decimal]) -> Decimal:
    if goal == "match_market":
        return Decimal(median(comps)) if comps else price
    if goal == "maximize_volume":
        return comps[0] * Decimal("0.98") if comps else price * Decimal("0.90")
    return Decimal(median(comps)) * Decimal("1.05") if comps else price * Decimal("1.08")


def charm(value: Decimal) -> Decimal:
    """The .99 price at or just under ``value`` (prices under 1 keep their cents)."""
    if value < 1:
        return value.quantize(CENT, rounding=ROUND_DOWN)
    whole = value.to_integral_value(rounding=ROUND_DOWN)
    return whole - CENT if value - whole < Decimal("0.99") else whole + Decimal("0.99")


def _charm_up(value: Decimal) -> Decimal:
    charmed = charm(value)
    return charmed if charmed >= value else charmed + 1


def _margin(price: Decimal, cost: Decimal) -> float:
    return float(((price - cost) / price * 100).quantize(Decimal("0.1"))) if price else 0.0


def _sales_change(old: Decimal, new: Decimal) -> float:
    if not old:
        return 0.0
    change = ELASTICITY * (new - old) / old * 100
    return float(max(Decimal(-50), min(Decimal(50), change)).quantize(Decimal("0.1")))


def _why(
    title: str,
    goal: str,
    price: Decimal,
    new: Decimal,
    floor: Decimal,
    min_margin: Decimal,
    comps: list[Decimal],
) -> str:
    market = (
        f"competitors charge {min(comps)}–{max(comps)} (median {median(comps)})"
        if comps
        else "no competitor prices were given"
    )
    return (
        f"{title}: goal {goal.replace('_', ' ')}; {market}. The price must stay at or above "
        f"{floor.quantize(CENT)} to keep a {min_margin}% margin. Suggested {new} "
        f"(from {price}), rounded to a .99 price point."
    )
