"""Stock levels from the store's inventory and the last 30 days of sales."""

from __future__ import annotations

from collections import Counter
from typing import Any

from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

WINDOW_DAYS = 30


def check_stock(run: Run, data: StoreData) -> dict[str, Any]:
    """Days of cover per product and what needs attention."""
    low_days = run.input.get("low_stock_days", 14)
    over_days = run.input.get("overstock_days", 180)
    sold = Counter()  # type: Counter[Any]
    for sale in data.sales(WINDOW_DAYS):
        sold[sale.product_id] += sale.quantity
    items = []
    for product in data.products():
        daily = sold[product.id] / WINDOW_DAYS
        cover = round(product.inventory / daily, 1) if daily else None
        status = _status(product.inventory, cover, low_days, over_days)
        if status == "out_of_stock" and not run.input.get("include_out_of_stock", True):
            continue
        items.append(
            {
                "product_id": str(product.id),
                "title": product.title,
                "on_hand": product.inventory,
                "days_of_cover": cover,
                "status": status,
            }
        )
    alerts = [_alert(i) for i in items if i["status"] != "ok"]
    return {"items": items, "alerts": alerts, "summary": _summary(items)}


def _status(on_hand: int, cover: float | None, low_days: int, over_days: int) -> str:
    if on_hand <= 0:
        return "out_of_stock"
    if cover is None:
        return "ok"
    if cover < low_days / 2:
        return "critical"
    if cover < low_days:
        return "low"
    return "overstocked" if cover > over_days else "ok"


def _alert(item: dict[str, Any]) -> str:
    cover = item["days_of_cover"]
    when = f" (about {cover:g} days left)" if cover is not None else ""
    return f"{item['title']}: {item['status'].replace('_', ' ')}, {item['on_hand']} on hand{when}"


def _summary(items: list[dict[str, Any]]) -> str:
    if not items:
        return "The store has no products to check yet."
    counts = Counter(i["status"] for i in items)
    parts = [f"{n} {status.replace('_', ' ')}" for status, n in sorted(counts.items())]
    return (
        f"{len(items)} products checked over the last {WINDOW_DAYS} days of sales: "
        + ", ".join(parts)
        + "."
    )
