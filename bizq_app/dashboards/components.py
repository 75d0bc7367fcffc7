"""The component registry: which blocks a dashboard template may use, and their props.

Pure metadata. Each component declares its props as JSON Schema (no extra keys
allowed), a default size on the 12-column grid and, for business blocks, the
store data it is bound to. The Reflex side maps the same names to components.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bizq_app.core.errors import NotFound
from bizq_app.dashboards.component_props import (
    MEDIA_URL,
    PERIODS,
    integer,
    obj,
    string,
    text,
    title,
)


@dataclass(frozen=True)
class Component:
    """A block a template may place; ``data`` names the store data it shows, if any.

    A registered variant has ``base`` (the built-in it presets) and ``preset`` props.
    """

    name: str
    category: str
    description: str
    props_schema: dict[str, Any]
    default_size: tuple[int, int]
    data: str | None = None
    base: str | None = None
    preset: Mapping[str, Any] = field(default_factory=dict)


_METRIC = obj(title=title(), period=string(enum=PERIODS))
_CHART = obj(
    title=title(), bucket=string(enum=PERIODS), days=integer(minimum=7, maximum=365, default=30)
)
_LIST = obj(title=title(), limit=integer(minimum=1, maximum=50, default=5))
_TASK_STATUSES = ("pending", "queued", "running", "awaiting_review", "completed", "failed")
_PRODUCT_STATUSES = ("active", "draft", "archived")
_TASK_TYPE = string(pattern=r"^[a-z]+\.[a-z][a-z0-9_]{2,60}$")


def _c(
    name: str,
    category: str,
    description: str,
    props: dict[str, Any],
    size: tuple[int, int],
    data: str | None = None,
) -> Component:
    return Component(name, category, description, props, size, data)


BUILTINS: tuple[Component, ...] = (
    _c(
        "heading",
        "primitive",
        "A heading",
        obj(["text"], text=text(120), level=integer(1, 4)),
        (12, 1),
    ),
    _c("text", "primitive", "A paragraph of text", obj(["text"], text=text(2000)), (6, 2)),
    _c(
        "button",
        "primitive",
        "A button that runs the block's action",
        obj(
            ["label"],
            label=text(60),
            variant=string(enum=("solid", "soft", "outline", "ghost")),
            action=integer(0, 9),
        ),
        (3, 1),
    ),
    _c(
        "card",
        "primitive",
        "A card with a title and text",
        obj(title=title(), text=text(2000)),
        (4, 3),
    ),
    _c(
        "badge",
        "primitive",
        "A short label",
        obj(
            ["label"], label=text(40), color=string(enum=("gray", "green", "amber", "red", "blue"))
        ),
        (2, 1),
    ),
    _c(
        "image",
        "primitive",
        "An image",
        obj(["src"], src=string(pattern=MEDIA_URL), alt=text(200)),
        (4, 3),
    ),
    _c("divider", "primitive", "A horizontal rule", obj(), (12, 1)),
    _c(
        "tabs",
        "primitive",
        "Tabs that group other blocks by id",
        obj(
            ["tabs"],
            tabs={
                "type": "array",
                "maxItems": 8,
                "items": obj(
                    ["label", "blocks"],
                    label=text(40),
                    blocks={"type": "array", "maxItems": 20, "items": text(64)},
                ),
            },
        ),
        (12, 6),
    ),
    _c(
        "stat",
        "primitive",
        "A figure with a label",
        obj(["label", "value"], label=text(60), value=text(40), hint=text(120)),
        (3, 2),
    ),
    _c("metric_revenue", "metric", "Revenue in a period", _METRIC, (3, 2), "orders.revenue"),
    _c("metric_orders", "metric", "Orders in a period", _METRIC, (3, 2), "orders.count"),
    _c(
        "metric_conversion",
        "metric",
        "Visit-to-order conversion",
        _METRIC,
        (3, 2),
        "orders.conversion",
    ),
    _c("metric_active_tasks", "metric", "Tasks being worked on", _METRIC, (3, 2), "tasks.active"),
    _c(
        "metric_inventory",
        "metric",
        "Units and value in stock",
        _METRIC,
        (3, 2),
        "products.inventory",
    ),
    _c("chart_revenue", "chart", "Revenue over time", _CHART, (6, 4), "orders.revenue_series"),
    _c("chart_orders", "chart", "Orders over time", _CHART, (6, 4), "orders.count_series"),
    _c("recent_orders", "list", "The latest orders", _LIST, (6, 4), "orders.recent"),
    _c(
        "product_grid",
        "list",
        "Products as cards",
        obj(
            title=title(),
            limit=integer(1, 48, default=8),
            status=string(enum=_PRODUCT_STATUSES),
        ),
        (12, 5),
        "products.list",
    ),
    _c(
        "low_stock",
        "list",
        "Products running out",
        obj(
            title=title(), threshold=integer(0, 10_000, default=5), limit=integer(1, 50, default=5)
        ),
        (6, 4),
        "products.low_stock",
    ),
    _c(
        "task_list",
        "tasks",
        "Tasks of the store",
        obj(title=title(), status=string(enum=_TASK_STATUSES), limit=integer(1, 50, default=10)),
        (6, 4),
        "tasks.list",
    ),
    _c(
        "task_launcher",
        "tasks",
        "Start tasks of the listed types",
        obj(
            title=title(),
            task_types={"type": "array", "maxItems": 12, "uniqueItems": True, "items": _TASK_TYPE},
        ),
        (6, 3),
        "tasks.definitions",
    ),
    _c(
        "approvals_queue",
        "tasks",
        "Work waiting for the owner's approval",
        _LIST,
        (6, 4),
        "approvals",
    ),
    _c(
        "niche_report",
        "insight",
        "The store's niche research",
        obj(title=title()),
        (6, 4),
        "setup.niche",
    ),
    _c(
        "brand_card",
        "insight",
        "The store's brand: name, colours, voice",
        obj(title=title()),
        (6, 3),
        "setup.brand",
    ),
    _c(
        "supplier_suggestions",
        "insight",
        "Cheaper or better suppliers found for products",
        _LIST,
        (6, 4),
        "suggestions.suppliers",
    ),
    _c(
        "channel_health",
        "list",
        "How each sales channel is doing: listings, problems, orders waiting",
        obj(title=title()),
        (6, 3),
        "channels.health",
    ),
    _c(
        "setup_checklist",
        "insight",
        "What is left to set the store up",
        obj(title=title()),
        (6, 4),
        "setup.checklist",
    ),
)
_BY_NAME = {c.name: c for c in BUILTINS}


def available() -> list[Component]:
    """Every built-in component, primitives first."""
    return list(BUILTINS)


def get(name: str) -> Component:
    """The built-in component called ``name``.

    Raises:
        NotFound: no such component.
    """
    component = _BY_NAME.get(name)
    if component is None:
        raise NotFound(f"There is no component called '{name}'.")
    return component


def find(name: str) -> Component | None:
    """The built-in component called ``name``, or None (for checks that collect errors)."""
    return _BY_NAME.get(name)
