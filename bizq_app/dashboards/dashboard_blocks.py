"""What each block of a store's dashboard shows: its template block filled with the
store's data, in one flat shape every block kind shares (so the page can draw it).

Shape: ``id``, ``component``, ``kind`` (heading, text, button, card, badge, image,
divider, stat, metric, chart, list, launcher, insight), ``title``, ``text``,
``value``, ``hint``, ``src``, ``points`` ([{label, value}]), ``rows``
([{primary, secondary, href}]), ``actions`` ([{label, execute, key}]).
Figures come from ``dashboard_data`` (database aggregates), each metric period
computed once per page.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from bizq_app.accounts.models import Store
from bizq_app.approvals import approvals
from bizq_app.billing.ledger import show
from bizq_app.catalog import products
from bizq_app.catalog.models import Product, ProductStatus
from bizq_app.catalog.products import ProductFilter
from bizq_app.channels import health
from bizq_app.core import money
from bizq_app.core.errors import NotFound
from bizq_app.dashboards import dashboard_data, setup_progress
from bizq_app.tasks import tasks
from bizq_app.tasks.task_definitions import get_definition

MAX_CHART_DAYS = 365  # the longest a chart block may cover (its props schema says so)
CHARTS = ("chart_revenue", "chart_orders")
PRIMITIVES = {"heading", "text", "button", "card", "badge", "image", "divider", "stat", "tabs"}


@dataclass
class Context:
    """One page build: who looks at which store, and figures already computed."""

    session: Session
    user_id: uuid.UUID
    store: Store
    chart_days: int = MAX_CHART_DAYS  # the longest chart's days: summed once, no more
    metrics: dict[str, dashboard_data.Metrics] = field(default_factory=dict)
    daily: dict[date, tuple[Decimal, int]] | None = None

    def figures(self, period: str) -> dashboard_data.Metrics:
        if period not in self.metrics:
            self.metrics[period] = dashboard_data.metrics(
                session=self.session, user_id=self.user_id, store_id=self.store.id, period=period
            )
        return self.metrics[period]

    def series(self, bucket: str, days: int) -> list[dashboard_data.Point]:
        if self.daily is None:
            longest = max(days, self.chart_days)
            self.daily = dashboard_data.daily_totals(self.session, self.store.id, longest)
        return dashboard_data.buckets(self.daily, days, bucket)


def build(
    *, session: Session, user_id: uuid.UUID, store: Store, document: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every block of ``document`` with its data, in the template's order."""
    context = Context(session, user_id, store, chart_days=_longest_chart(document))
    return [_block(context, block) for block in document.get("blocks", [])]


def _longest_chart(document: dict[str, Any]) -> int:
    """The days the template's longest chart covers: a month's chart sums a month of
    orders, not the year a chart may cover."""
    charts = [b for b in document.get("blocks", []) if b.get("component") in CHARTS]
    return max((_chart_days(b.get("props", {})) for b in charts), default=0)


def _chart_days(props: dict[str, Any]) -> int:
    return min(int(props.get("days", 30)), MAX_CHART_DAYS)


def _block(context: Context, block: dict[str, Any]) -> dict[str, Any]:
    props = block.get("props", {})
    view: dict[str, Any] = {
        "id": block["id"],
        "component": block["component"],
        "kind": block["component"] if block["component"] in PRIMITIVES else "insight",
        "title": str(props.get("title", "")),
        "text": "",
        "value": "",
        "hint": "",
        "src": "",
        "points": [],
        "rows": [],
        "actions": [
            {
                "label": a.get("label", ""),
                "execute": a.get("execute", ""),
                "key": str(i),
            }
            for i, a in enumerate(block.get("actions", []))
        ],
    }
    fill = FILLERS.get(block["component"], _primitive)
    view.update(fill(context, props))
    return view


def _primitive(_context: Context, props: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": str(props.get("title") or props.get("label") or props.get("text", "")),
        "text": str(props.get("text", "")),
        "value": str(props.get("value", "")),
        "hint": str(props.get("hint", "")),
        "src": str(props.get("src", "")),
    }


def _metric(
    pick: Callable[[dashboard_data.Metrics, Context], tuple[str, str]],
) -> Callable[..., Any]:
    def fill(context: Context, props: dict[str, Any]) -> dict[str, Any]:
        value, hint = pick(context.figures(str(props.get("period", "month"))), context)
        return {"kind": "metric", "value": value, "hint": hint}

    return fill


def _chart(field_name: str) -> Callable[..., Any]:
    def fill(context: Context, props: dict[str, Any]) -> dict[str, Any]:
        days = _chart_days(props)
        points = context.series(str(props.get("bucket", "day")), days)
        empty = not any(getattr(p, field_name) for p in points)
        return {
            "kind": "chart",
            "points": [{"label": p.label, "value": float(getattr(p, field_name))} for p in points],
            "value": f"Last {days} days",
            "hint": f"No paid orders in the last {days} days yet: each sale shows here."
            if empty
            else "",
        }

    return fill


def _plural(count: int, one: str, many: str = "") -> str:
    return f"{count:,} {one if count == 1 else many or one + 's'}"


def _money(context: Context, amount: Decimal) -> str:
    return money.format_amount(amount, context.store.currency)


def _recent_orders(context: Context, props: dict[str, Any]) -> dict[str, Any]:
    found = dashboard_data.recent_orders(
        session=context.session,
        user_id=context.user_id,
        store_id=context.store.id,
        limit=int(props.get("limit", 5)),
    )
    rows = [
        _row(f"#{o.number} {o.customer}", f"{_money(context, o.total)} · {o.status}", "/orders")
        for o in found
    ]
    return {"kind": "list", "rows": rows, "hint": "" if rows else "No orders yet."}


def _products(context: Context, props: dict[str, Any]) -> dict[str, Any]:
    page = products.list_products(
        session=context.session,
        user_id=context.user_id,
        store_id=context.store.id,
        filters=ProductFilter(status=props.get("status")),
        limit=int(props.get("limit", 8)),
    )
    rows = [_product_row(p) for p in page.items]
    return {"kind": "list", "rows": rows, "hint": "" if rows else "No products yet."}


def _low_stock(context: Context, props: dict[str, Any]) -> dict[str, Any]:
    page = products.list_products(
        session=context.session,
        user_id=context.user_id,
        store_id=context.store.id,
        filters=ProductFilter(status=ProductStatus.ACTIVE.value, sort="inventory"),
        limit=int(props.get("limit", 5)),
    )
    threshold = int(props.get("threshold", 5))
    rows = [_product_row(p) for p in page.items if p.inventory_quantity <= threshold]
    return {"kind": "list", "rows": rows, "hint": "" if rows else "Nothing is running low."}


def _task_list(context: Context, props: dict[str, Any]) -> dict[str, Any]:
    page = tasks.list_tasks(
        session=context.session,
        user_id=context.user_id,
        store_id=context.store.id,
        status=props.get("status"),
        limit=int(props.get("limit", 5)),
    )
    rows = [_row(d.title, t.status.replace("_", " "), "/tasks") for t, d in page.items]
    return {"kind": "list", "rows": rows, "hint": "" if rows else "No tasks yet."}


def _launcher(context: Context, props: dict[str, Any]) -> dict[str, Any]:
    actions = []
    for task_type in props.get("task_types", []):
        definition = _definition(context.session, task_type)
        if definition is not None:
            label = f"{definition.title} ({show(definition.estimated_cost)} credits)"
            actions.append({"label": label, "execute": f"task://{task_type}", "key": task_type})
    return {"kind": "launcher", "actions": actions}


def _approvals(context: Context, props: dict[str, Any]) -> dict[str, Any]:
    waiting = approvals.waiting(
        session=context.session, user_id=context.user_id, store_id=context.store.id
    )[: int(props.get("limit", 5))]
    rows = [_row(i.title, i.label, "/approvals") for i in waiting]
    return {
        "kind": "list",
        "rows": rows,
        "value": str(len(rows)),
        "hint": "" if rows else "Nothing waits for you.",
    }


def _niche(context: Context, _props: dict[str, Any]) -> dict[str, Any]:
    report = context.store.settings.get("niche_report") or {}
    rows = [
        _row(s.get("name", ""), f"demand {s.get('demand')}, competition {s.get('competition')}", "")
        for s in report.get("sub_niches", [])[:5]
    ]
    score = report.get("viability_score")
    return {
        "value": "" if score is None else f"{score}/100 · {report.get('verdict', '')}",
        "text": str(report.get("summary", "")),
        "rows": rows,
        "hint": "" if report else "Run 'Check if a niche is worth entering' to see a report here.",
    }


def _brand(context: Context, _props: dict[str, Any]) -> dict[str, Any]:
    brand = context.store.settings.get("brand") or {}
    colours = [_row(c, "", "") for c in brand.get("colors", []) if isinstance(c, str)]
    return {
        "value": str(brand.get("name", context.store.name)),
        "text": str(brand.get("tagline", "")),
        "points": [],
        "rows": colours,
        "hint": str(brand.get("voice", "")) or "Run 'Create a brand identity' to fill this in.",
    }


def _suppliers(context: Context, props: dict[str, Any]) -> dict[str, Any]:
    found = (context.store.settings.get("supplier_suggestions") or {}).get("suppliers", [])
    rows = [
        _row(
            s.get("name", ""),
            f"MOQ {s.get('moq', '?')} · fit {s.get('fit_score', '?')}/100",
            "/suppliers",
        )
        for s in found[: int(props.get("limit", 5))]
    ]
    return {"rows": rows, "hint": "" if rows else "Search suppliers to see suggestions here."}


def _checklist(context: Context, _props: dict[str, Any]) -> dict[str, Any]:
    progress = setup_progress.progress(
        session=context.session, user_id=context.user_id, store_id=context.store.id
    )
    rows = [_row(("✓ " if c.done else "○ ") + c.label, "", c.href) for c in progress.checklist]
    done = sum(1 for c in progress.checklist if c.done)
    step = progress.next
    value = f"{done} of {len(rows)} done" + (f" · next: {step.action}" if step else "")
    return {"rows": rows, "value": value}


def _channel_health(context: Context, _props: dict[str, Any]) -> dict[str, Any]:
    found = health.of_store(
        session=context.session, user_id=context.user_id, store_id=context.store.id
    )
    rows = [_row(h.name, h.described(), "/settings/channels") for h in found]
    troubled = sum(1 for h in found if not h.healthy)
    value = "" if not found else f"{troubled} need{'s' if troubled == 1 else ''} a look"
    return {
        "kind": "list",
        "rows": rows,
        "value": "All healthy" if found and not troubled else value,
        "hint": "" if rows else "No sales channel yet: connect Shopify in Settings.",
    }


def _conversion(m: dashboard_data.Metrics, _context: Context) -> tuple[str, str]:
    if m.conversion_percent is None:
        return "—", "Needs storefront visits to measure"
    return f"{m.conversion_percent}%", "of visitors ordered"


def _definition(session: Session, task_type: str) -> Any:
    try:
        return get_definition(session=session, name=task_type)
    except NotFound:  # a type removed since the template was saved: no button for it
        return None


def _product_row(product: Product) -> dict[str, str]:
    margin = products.margin_percent(product.price, product.cost)
    detail = f"{product.price} · {product.inventory_quantity} in stock"
    return _row(
        product.title,
        detail + (f" · {margin}% margin" if margin is not None else ""),
        f"/products/{product.id}",
    )


def _row(primary: str, secondary: str, href: str) -> dict[str, str]:
    return {"primary": primary, "secondary": secondary, "href": href}


FILLERS: dict[str, Callable[[Context, dict[str, Any]], dict[str, Any]]] = {
    "metric_revenue": _metric(lambda m, c: (_money(c, m.revenue), _plural(m.orders, "paid order"))),
    "metric_orders": _metric(
        lambda m, c: (f"{m.orders:,}", f"average {_money(c, m.average_order)}")
    ),
    "metric_conversion": _metric(_conversion),
    "metric_active_tasks": _metric(
        lambda m, _c: (f"{m.active_tasks:,}", "waiting, queued or running")
    ),
    "metric_inventory": _metric(
        lambda m, _c: (
            _plural(m.inventory_units, "unit"),
            f"{_plural(m.low_stock, 'active product')} at 5 or fewer",
        )
    ),
    "chart_revenue": _chart("revenue"),
    "chart_orders": _chart("orders"),
    "recent_orders": _recent_orders,
    "product_grid": _products,
    "low_stock": _low_stock,
    "task_list": _task_list,
    "task_launcher": _launcher,
    "approvals_queue": _approvals,
    "niche_report": _niche,
    "brand_card": _brand,
    "supplier_suggestions": _suppliers,
    "setup_checklist": _checklist,
    "channel_health": _channel_health,
}
