"""Seasonal listing changes from the product's price, cost, stock and sales rate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from bizq_app.executors.amounts import exact, shown, two_places, units_up
from bizq_app.executors.operations import today, velocities
from bizq_app.executors.pricing import charm
from bizq_app.executors.store_data import ProductFacts, StoreData
from bizq_app.tasks.task_runs import Run

MIN_MARGIN = Decimal("0.20")  # a seasonal price never goes under a 20% margin


@dataclass(frozen=True)
class Season:
    """A season or event: when it starts, how long it runs and BizQ's rule of thumb for it."""

    label: str
    month: int
    day: int
    length_days: int
    demand_factor: Decimal  # daily sales against an ordinary day
    price_change: Decimal  # percent
    lead_days: int  # how long before the start the seasonal listing should go live
    tags: tuple[str, ...]


SEASONS = {
    "spring": Season("Spring", 3, 20, 92, Decimal("1.0"), Decimal(0), 14, ("spring", "fresh")),
    "summer": Season("Summer", 6, 21, 92, Decimal("1.0"), Decimal(0), 14, ("summer", "outdoor")),
    "autumn": Season("Autumn", 9, 22, 90, Decimal("1.0"), Decimal(0), 14, ("autumn", "fall")),
    "winter": Season("Winter", 12, 21, 89, Decimal("1.1"), Decimal(0), 14, ("winter", "cosy")),
    "holiday": Season(
        "Holiday", 11, 15, 47, Decimal("1.8"), Decimal(0), 21, ("holiday gift", "christmas")
    ),
    "back_to_school": Season(
        "Back to school", 7, 15, 57, Decimal("1.3"), Decimal(0), 14, ("back to school", "student")
    ),
    "black_friday": Season(
        "Black Friday", 11, 0, 4, Decimal("3.0"), Decimal(-20), 7, ("black friday", "cyber monday")
    ),
    "valentines": Season(
        "Valentine's Day", 2, 1, 14, Decimal("1.5"), Decimal(5), 14, ("valentines gift", "for her")
    ),
}
SOUTHERN = frozenset(
    {
        "au",
        "australia",
        "nz",
        "new zealand",
        "za",
        "south africa",
        "ar",
        "argentina",
        "br",
        "brazil",
        "cl",
        "chile",
        "uy",
        "uruguay",
    }
)
FLIPPED = {"spring": "autumn", "summer": "winter", "autumn": "spring", "winter": "summer"}


@exact
def seasonal_adjustment(run: Run, data: StoreData) -> dict[str, Any]:
    """Price, stock and listing changes for the season, from the product's own numbers."""
    product = data.product(run.input["product_id"])
    name = run.input["season"]
    season = SEASONS[name]
    region = str(run.input.get("region") or "US").strip()
    start, end = _window(run.input.get("start_date"), name, season, region)
    rate = velocities(data).get(product.id)
    stock = units_up(rate.per_day * season.demand_factor * (end - start).days) if rate else None
    price = _seasonal_price(product, season)
    return {
        "adjustments": _adjustments(product, season, price, stock),
        "recommended_price": two_places(price) if price is not None else None,
        "stock_recommendation_units": stock,
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
        "summary": _summary(product, season, region, rate is not None, price, stock),
    }


def _window(given: str | None, name: str, season: Season, region: str) -> tuple[date, date]:
    """Go-live and end dates: from the date given, or the season's next run in ``region``,
    going live ``lead_days`` before it starts."""
    start = _parse(given)
    if start is not None:
        return start, _add_days(start, season.lead_days + season.length_days)
    months = season
    if region.lower() in SOUTHERN and name in FLIPPED:
        months = SEASONS[FLIPPED[name]]  # the hemisphere's calendar is the other way round
    now = today()
    begins = _season_day(now.year, months)
    if _add_days(begins, season.length_days) < now:
        begins = _season_day(now.year + 1, months)
    return max(now, _add_days(begins, -season.lead_days)), _add_days(begins, season.length_days)


def _parse(given: str | None) -> date | None:
    try:
        return date.fromisoformat(given) if given else None
    except ValueError:
        return None  # not a date after all: plan from the season's calendar


def _season_day(year: int, season: Season) -> date:
    if season.day:
        return date(year, season.month, season.day)
    first = date(year, 11, 1)  # Black Friday: the day after the fourth Thursday of November
    thursday = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    return thursday + timedelta(days=1)


def _add_days(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def _seasonal_price(product: ProductFacts, season: Season) -> Decimal | None:
    if not season.price_change or product.price <= 0:
        return None
    floor = product.cost / (1 - MIN_MARGIN)
    proposed = max(charm(product.price * (1 + season.price_change / 100)), floor)
    proposed = proposed.quantize(Decimal("0.01"))
    return proposed if proposed != product.price else None


def _adjustments(
    product: ProductFacts, season: Season, price: Decimal | None, stock: int | None
) -> list[dict[str, Any]]:
    changes = [
        _change(
            "title",
            product.title,
            f"{product.title} | {season.label}",
            f"Shoppers search for {season.label.lower()} products; the title shows it.",
        ),
        _change(
            "tags",
            None,
            ", ".join(season.tags),
            f"Seasonal tags put the product in {season.label.lower()} collections and search.",
        ),
        _change(
            "description",
            product.description or None,
            f"{product.description}\n\nReady for {season.label}: order early.".strip(),
            "A seasonal line and an order-by reminder lift conversion.",
        ),
    ]
    if price is not None:
        why = "a short seasonal discount" if price < product.price else "higher seasonal demand"
        changes.append(
            _change(
                "price",
                f"{two_places(product.price):.2f}",
                f"{two_places(price):.2f}",
                f"{season.price_change:+g}% for {why}, kept above a {shown(MIN_MARGIN)} margin.",
            )
        )
    if stock is not None and stock > product.inventory:
        changes.append(
            _change(
                "inventory",
                str(product.inventory),
                str(stock),
                f"Daily sales x {season.demand_factor} for the season's length.",
            )
        )
    return changes


def _change(field: str, current: str | None, proposed: str, reason: str) -> dict[str, Any]:
    return {"field": field, "current_value": current, "proposed_value": proposed, "reason": reason}


def _summary(
    product: ProductFacts,
    season: Season,
    region: str,
    has_sales: bool,
    price: Decimal | None,
    stock: int | None,
) -> str:
    if has_sales and stock is not None:
        plan = f"have {stock} units in stock ({product.inventory} today)"
    else:
        plan = "no stock target: the product has no sales in the last 60 days to size it from"
    move = (
        f"price {two_places(price):.2f} (from {two_places(product.price):.2f})"
        if price
        else "keep the price"
    )
    return (
        f"{product.title} for {season.label} ({region or 'US'}): {move}; {plan}. Demand factor "
        f"{season.demand_factor} is BizQ's general rule of thumb for this season; adjust it with "
        "what you saw last year."
    )
