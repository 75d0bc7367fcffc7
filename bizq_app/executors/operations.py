"""Reorders and demand forecasts from the store's stock and its recent sales."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from statistics import mean, pstdev
from typing import Any

from bizq_app.core.columns import utcnow
from bizq_app.executors.amounts import decimal, exact, two_places, units, units_up
from bizq_app.executors.store_data import ProductFacts, StoreData
from bizq_app.tasks.task_runs import Run

SHORT_DAYS, LONG_DAYS = 30, 60
CYCLE_DAYS = 30  # an order covers a month of sales beyond the lead time and the buffer
WEEKS = 8
URGENCY_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
MAX_STOCKOUT_DAYS = 3650  # further than ten years out is no date worth showing


@dataclass(frozen=True)
class Velocity:
    """Units sold per day of one product, and over which window."""

    per_day: Decimal
    window: int


def chosen_products(run: Run, data: StoreData) -> list[ProductFacts]:
    """The products named in ``product_ids`` (each once), or all the store's products."""
    ids = list(dict.fromkeys(run.input.get("product_ids") or []))
    return [data.product(i) for i in ids] if ids else data.products()


def velocities(data: StoreData) -> dict[Any, Velocity]:
    """The faster of each product's 30- and 60-day sales rates, so a recent pick-up counts."""
    sales = data.sales(LONG_DAYS)
    recent_since = today() - timedelta(days=SHORT_DAYS)
    long, short = Counter(), Counter()  # type: Counter[Any], Counter[Any]
    for sale in sales:
        long[sale.product_id] += sale.quantity
        if sale.day >= recent_since:
            short[sale.product_id] += sale.quantity
    rates = {}
    for product_id in +long:  # unary plus drops zero counts
        recent = Velocity(Decimal(short[product_id]) / SHORT_DAYS, SHORT_DAYS)
        steady = Velocity(Decimal(long[product_id]) / LONG_DAYS, LONG_DAYS)
        rates[product_id] = recent if recent.per_day >= steady.per_day else steady
    return rates


@exact
def reorder_stock(run: Run, data: StoreData) -> dict[str, Any]:
    """Purchase orders for products whose stock falls under lead time plus safety stock."""
    lead = run.input.get("lead_time_days", 14)
    safety = run.input.get("safety_stock_days", 7)
    rates = velocities(data)
    planned: list[tuple[dict[str, Any], Decimal]] = []
    skipped = []
    for product in chosen_products(run, data):
        rate = rates.get(product.id)
        reason = _no_reorder_reason(product, rate, lead + safety)
        if reason or rate is None:
            skipped.append({"product_id": str(product.id), "reason": reason})
        else:
            planned.append((_reorder(product, rate, lead, safety, data), product.cost))
    planned.sort(key=lambda p: (URGENCY_ORDER[p[0]["urgency"]], p[0]["current_stock"]))
    budget = run.input.get("budget")
    reorders = [order for order, _ in planned]
    if budget is not None:
        reorders, over = _within_budget(planned, decimal(budget))
        skipped += over
    total = sum((decimal(r["estimated_cost"]) for r in reorders), Decimal(0))
    return {
        "reorders": reorders,
        "total_cost": two_places(total),
        "skipped": skipped,
        "notes": _reorder_notes(rates, lead, safety, budget, len(reorders)),
    }


def _no_reorder_reason(product: ProductFacts, rate: Velocity | None, point_days: int) -> str:
    if rate is None:
        stock = "and none in stock" if product.inventory <= 0 else f"{product.inventory} in stock"
        return f"No sales in the last {LONG_DAYS} days ({stock}): no sales rate to size an order."
    cover = Decimal(max(product.inventory, 0)) / rate.per_day
    if product.inventory > 0 and cover >= point_days:
        return (
            f"{units(cover)} days of cover at {rate.per_day:.2f} a day: above the reorder "
            f"point of {point_days} days (lead time plus safety stock)."
        )
    return ""


def _reorder(
    product: ProductFacts, rate: Velocity, lead: int, safety: int, data: StoreData
) -> dict[str, Any]:
    on_hand = max(product.inventory, 0)
    target = rate.per_day * (lead + safety + CYCLE_DAYS)
    quantity = units_up(target - on_hand)
    return {
        "product_id": str(product.id),
        "product_title": product.title,
        "current_stock": product.inventory,
        "daily_sales_rate": float(rate.per_day.quantize(Decimal("0.01"))),
        "reorder_quantity": quantity,
        "estimated_cost": two_places(product.cost * quantity),
        "supplier_name": data.listing(product.id).supplier_name,
        "urgency": _urgency(Decimal(on_hand) / rate.per_day, lead),
    }


def _urgency(cover: Decimal, lead: int) -> str:
    if cover <= 0 or cover < Decimal(lead) / 2:
        return "critical"  # it runs out well before a new order could arrive
    if cover < lead:
        return "high"
    return "medium" if cover < lead + 3 else "low"


def _within_budget(
    planned: list[tuple[dict[str, Any], Decimal]], budget: Decimal
) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """The most urgent orders that fit ``budget``; the first that does not fit is cut down."""
    kept, over = [], []
    left = budget
    for order, unit in planned:
        cost = decimal(order["estimated_cost"])
        if cost <= left:
            kept.append(order)
            left -= cost
            continue
        affordable = int(left // unit) if unit > 0 else 0
        if affordable > 0:
            kept.append(
                {
                    **order,
                    "reorder_quantity": affordable,
                    "estimated_cost": two_places(unit * affordable),
                }
            )
            left -= decimal(kept[-1]["estimated_cost"])
        else:
            over.append(
                {"product_id": order["product_id"], "reason": f"Over budget: needs {cost:.2f}."}
            )
    return kept, over


def _reorder_notes(
    rates: dict[Any, Velocity], lead: int, safety: int, budget: object, count: int
) -> str:
    if not rates:
        return (
            f"The store has no sales in the last {LONG_DAYS} days, so there is no sales rate "
            "to plan reorders from; nothing is proposed."
        )
    spend = f" within the budget of {decimal(budget):.2f}" if budget is not None else ""
    return (
        f"{count} reorders{spend}. Sales rate: the faster of the last {SHORT_DAYS} and "
        f"{LONG_DAYS} days. Reorder point: {lead} days lead time + {safety} days safety stock; "
        f"each order brings stock up to that plus {CYCLE_DAYS} days of sales. Costs use each "
        "product's recorded cost; confirm supplier prices before ordering."
    )


@exact
def forecast_demand(run: Run, data: StoreData) -> dict[str, Any]:
    """Units expected over the horizon from a 4-week average and the 8-week trend."""
    horizon = run.input.get("horizon_days", 30)
    seasonal = run.input.get("include_seasonality", True)
    sales = data.sales(WEEKS * 7)
    weekly = _weekly_units(sales)
    forecasts = [
        _forecast(product, weekly.get(product.id, [0] * WEEKS), horizon)
        for product in chosen_products(run, data)
    ]
    return {
        "forecasts": forecasts,
        "method_notes": _method_notes(horizon, seasonal, _busiest_weekday(sales)),
        "summary": _forecast_summary(forecasts, horizon, bool(sales)),
    }


def today() -> date:
    """Today's date in UTC, the calendar sales are recorded in."""
    return utcnow().date()


def _weekly_units(sales: list[Any]) -> dict[Any, list[int]]:
    """Units per product in each of the last eight weeks, oldest week first."""
    weekly: dict[Any, list[int]] = {}
    for sale in sales:
        age = min(max((today() - sale.day).days, 0) // 7, WEEKS - 1)
        weekly.setdefault(sale.product_id, [0] * WEEKS)[WEEKS - 1 - age] += sale.quantity
    return weekly


def trend(weeks: list[int]) -> Decimal:
    """Change of the last four weeks against the four before, capped at -50%..+50%; none
    until sales show in three of the four earlier weeks (a new product is not a trend)."""
    before, recent = sum(weeks[:4]), sum(weeks[4:])
    if sum(1 for w in weeks[:4] if w) < 3:
        return Decimal(0)
    return max(Decimal("-0.5"), min(Decimal("0.5"), Decimal(recent - before) / before))


def _forecast(product: ProductFacts, weeks: list[int], horizon: int) -> dict[str, Any]:
    daily = Decimal(sum(weeks[4:])) / 28 * (1 + trend(weeks))
    expected = daily * horizon
    spread = _spread(weeks)
    return {
        "product_id": str(product.id),
        "product_title": product.title,
        "expected_units": units(expected),
        "low_units": units(expected * (1 - spread)),
        "high_units": units_up(expected * (1 + spread)),
        "stockout_date": _stockout(product.inventory, daily),
        "confidence": _confidence(weeks, spread),
    }


def _spread(weeks: list[int]) -> Decimal:
    """How much weekly sales vary (their coefficient of variation), kept to 15%..100%."""
    average = mean(weeks)
    variation = Decimal(str(pstdev(weeks) / average)) if average else Decimal(1)
    return max(Decimal("0.15"), min(Decimal(1), variation))


def _stockout(inventory: int, daily: Decimal) -> str | None:
    if inventory <= 0:
        return today().isoformat()
    if not daily:
        return None
    days = Decimal(inventory) / daily
    if days >= MAX_STOCKOUT_DAYS:
        return None
    return (today() + timedelta(days=int(days))).isoformat()


def _confidence(weeks: list[int], spread: Decimal) -> str:
    selling = sum(1 for w in weeks if w)
    if selling >= 6 and spread < Decimal("0.5"):
        return "high"
    return "medium" if selling >= 3 else "low"


def _busiest_weekday(sales: list[Any]) -> str | None:
    days = Counter()  # type: Counter[str]
    for sale in sales:
        days[sale.day.strftime("%A")] += sale.quantity
    total = sum(days.values())
    if total < 20 or not days:
        return None  # too few units to call a weekday pattern
    day, count = days.most_common(1)[0]
    return f"{day}s bring {count * 100 // total}% of units sold"


def _method_notes(horizon: int, seasonal: bool, weekday: str | None) -> str:
    notes = (
        f"Expected units = average daily sales of the last 4 weeks x {horizon} days, adjusted "
        "by the change between the last 4 weeks and the 4 before (capped at -50%..+50%; only "
        "when sales show in 3 of those earlier weeks). The "
        "range widens with how much weekly sales vary (at least +-15%). Stock-out dates assume "
        "that daily rate and no new stock."
    )
    if not seasonal:
        return notes + " Seasonality was left out, as asked."
    pattern = f" Weekday pattern: {weekday}." if weekday else " No clear weekday pattern yet."
    return (
        notes + pattern + " Eight weeks of history cannot show yearly seasons: adjust by hand "
        "for holidays and peak months you know from past years."
    )


def _forecast_summary(forecasts: list[dict[str, Any]], horizon: int, any_sales: bool) -> str:
    if not forecasts:
        return "The store has no products to forecast yet."
    if not any_sales:
        return (
            f"The store has no sales in the last {WEEKS} weeks, so every forecast is 0 units "
            "with low confidence; record sales first."
        )
    total = sum(f["expected_units"] for f in forecasts)
    soon = [f["product_title"] for f in forecasts if _runs_out_within(f, horizon)]
    out = f" Running out within the horizon: {', '.join(soon[:5])}." if soon else ""
    return (
        f"About {total} units expected over {horizon} days across {len(forecasts)} products.{out}"
    )


def _runs_out_within(forecast: dict[str, Any], horizon: int) -> bool:
    when = forecast["stockout_date"]
    return when is not None and date.fromisoformat(when) <= today() + timedelta(horizon)
