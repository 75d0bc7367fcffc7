"""Bundle ideas from what customers already buy together."""

from __future__ import annotations

from collections import Counter, defaultdict
from decimal import Decimal
from itertools import combinations
from typing import Any

from bizq_app.core.errors import NotFound
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

DISCOUNT = Decimal("10")  # percent off the bundle, unless that breaks the margin
MIN_MARGIN = Decimal("0.30")


def suggest_bundles(run: Run, data: StoreData) -> dict[str, Any]:
    """Pairs bought together at least ``min_times_together`` times, priced as a bundle."""
    baskets: dict[Any, set[Any]] = defaultdict(set)
    sales = data.sales(run.input.get("period_days", 90))
    for sale in sales:
        if sale.product_id is not None:
            baskets[sale.order_id].add(sale.product_id)
    pairs = Counter(pair for items in baskets.values() for pair in combinations(sorted(items), 2))
    least = run.input.get("min_times_together", 2)
    order_value = _average_order(sales)
    bundles: list[dict[str, Any]] = []
    for (first, second), count in pairs.most_common():
        if count < least or len(bundles) >= run.input.get("max_suggestions", 5):
            break
        try:
            bundles.append(_bundle(data.product(first), data.product(second), count, order_value))
        except NotFound:
            continue  # a product deleted since: no bundle
    summary = (
        f"{len(bundles)} bundle ideas from {len(baskets)} orders."
        if bundles
        else f"No two products were bought together {least}+ times in {len(baskets)} orders."
    )
    return {"bundles": bundles, "summary": summary}


def _bundle(a: Any, b: Any, count: int, order_value: Decimal) -> dict[str, Any]:
    full = a.price + b.price
    cost = a.cost + b.cost
    discount = DISCOUNT
    while discount > 0 and full * (1 - discount / 100) < cost / (1 - MIN_MARGIN):
        discount -= 1
    price = (full * (1 - discount / 100)).quantize(Decimal("0.01"))
    lift = (
        float(((price - order_value) / order_value * 100).quantize(Decimal("0.1")))
        if order_value
        else 0.0
    )
    return {
        "name": f"{a.title} + {b.title}",
        "product_ids": [str(a.id), str(b.id)],
        "product_titles": [a.title, b.title],
        "times_bought_together": count,
        "suggested_price": float(price),
        "discount_percent": float(discount),
        "expected_aov_increase_percent": max(lift, 0.0),
        "rationale": f"Bought together in {count} orders; {discount}% off keeps the "
        f"margin at {MIN_MARGIN * 100:g}% or more.",
    }


def _average_order(sales: list[Any]) -> Decimal:
    orders = {s.order_id for s in sales}
    total = sum((s.unit_price * s.quantity for s in sales), Decimal(0))
    return total / len(orders) if orders else Decimal(0)
