"""Profit from the store's real orders: per product, or for the whole store."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from bizq_app.executors.store_data import Sale, StoreData
from bizq_app.tasks.task_runs import Run

CARD_RATE, CARD_FIXED = Decimal("0.029"), Decimal("0.30")  # a typical card-processing fee
FEE_NOTE = "Payment fees are estimated at 2.9% + 0.30 per order; no ad spend is recorded in BizQ."


def product_profit(run: Run, data: StoreData) -> dict[str, Any]:
    """What one product earned over the period, and what to do about it."""
    product = data.product(run.input["product_id"])
    days = run.input.get("period_days", 30)
    sales = [s for s in data.sales(days) if s.product_id == product.id]
    units = sum(s.quantity for s in sales)
    revenue, cogs = _revenue(sales), _cogs(sales)
    fees = _fees(sales)
    profit = revenue - cogs - fees
    margin = _percent(profit, revenue)
    unit_profit = product.price - product.cost
    verdict = _verdict(margin, units, days, revenue)
    return {
        "units_sold": units,
        "revenue": _money(revenue),
        "cost_of_goods": _money(cogs),
        "shipping_costs": 0.0,
        "fees": _money(fees),
        "ad_spend": 0.0,
        "net_profit": _money(profit),
        "margin_percent": margin,
        "break_even_units": 0 if unit_profit > 0 else units,
        "verdict": verdict,
        "recommendations": _advice(product.title, verdict, margin, units, product.inventory),
    }


def store_profit(run: Run, data: StoreData) -> dict[str, Any]:
    """Revenue and profit for the whole store, broken down by product or month."""
    sales = data.sales(run.input.get("period_days", 30))
    key = {"month": lambda s: s.day.strftime("%Y-%m"), "channel": lambda s: "BizQ storefront"}.get(
        run.input.get("group_by", "product"), lambda s: s.title
    )
    groups: dict[str, list[Sale]] = defaultdict(list)
    for sale in sales:
        groups[key(sale)].append(sale)
    breakdown = [_group(name, lines) for name, lines in sorted(groups.items())]
    revenue, cost = _revenue(sales), _cogs(sales) + _fees(sales)
    ranked = sorted(breakdown, key=lambda g: g["profit"], reverse=True)
    drains = [g["group"] for g in breakdown if g["margin_percent"] < 20]
    return {
        "total_revenue": _money(revenue),
        "total_profit": _money(revenue - cost),
        "margin_percent": _percent(revenue - cost, revenue),
        "breakdown": breakdown,
        "top_drivers": [g["group"] for g in ranked[:3] if g["profit"] > 0],
        "drains": drains,
        "recommendations": (
            [f"Raise prices or cut costs on {', '.join(drains[:3])}: margins under 20%."]
            if drains
            else []
        )
        + ([] if sales else ["No paid orders in the period yet."])
        + [FEE_NOTE],
    }


def _group(name: str, lines: list[Sale]) -> dict[str, Any]:
    revenue, cost = _revenue(lines), _cogs(lines) + _fees(lines)
    return {
        "group": name,
        "revenue": _money(revenue),
        "cost": _money(cost),
        "profit": _money(revenue - cost),
        "margin_percent": _percent(revenue - cost, revenue),
    }


def _revenue(sales: list[Sale]) -> Decimal:
    return sum((s.unit_price * s.quantity for s in sales), Decimal(0))


def _cogs(sales: list[Sale]) -> Decimal:
    return sum((s.unit_cost * s.quantity for s in sales), Decimal(0))


def _fees(sales: list[Sale]) -> Decimal:
    orders = {s.order_id for s in sales}
    return _revenue(sales) * CARD_RATE + CARD_FIXED * len(orders)


def _verdict(margin: float, units: int, days: int, revenue: Decimal) -> str:
    if revenue == 0:
        return "improve"
    if margin >= 40 and units >= days / 7:
        return "scale"
    if margin >= 25:
        return "keep"
    return "improve" if margin > 0 else "discontinue"


def _advice(title: str, verdict: str, margin: float, units: int, stock: int) -> list[str]:
    advice = {
        "scale": f"{title} sells well at a {margin:g}% margin: keep it in stock and promote it.",
        "keep": f"{title} is profitable at {margin:g}%: test a small price rise.",
        "improve": f"{title} earns little: improve the listing or lower the cost of goods.",
        "discontinue": f"{title} loses money: raise the price or stop selling it.",
    }[verdict]
    extra = [f"Only {stock} left in stock for a seller of {units} units."] if stock < units else []
    return [advice, *extra, FEE_NOTE]


def _percent(part: Decimal, whole: Decimal) -> float:
    return float((part / whole * 100).quantize(Decimal("0.1"))) if whole else 0.0


def _money(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01")))
