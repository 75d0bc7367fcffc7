"""The published JSON Schema (Draft 2020-12) of a dashboard template, schemaVersion 2.

The schema checks the document's shape and, for every built-in component, its
props. What a schema cannot say (known task types, block ids in layouts,
overlaps, unsafe text) is checked in ``template_validation``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from bizq_app.dashboards import components
from bizq_app.dashboards.component_props import obj, string, text

SCHEMA_VERSION = 2
CATEGORIES = ("starter", "growth", "scale", "custom")
RADIX_COLOURS = (
    "gray", "gold", "bronze", "brown", "yellow", "amber", "orange", "tomato", "red", "ruby",
    "crimson", "pink", "plum", "purple", "violet", "iris", "indigo", "blue", "cyan", "teal",
    "jade", "green", "grass", "lime", "mint", "sky",
)  # fmt: skip
RADII = ("none", "small", "medium", "large", "full")
# Events a rule can listen to, each with the fields its conditions and params can use.
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "order.created": ("order_id", "number", "total", "email"),
    "inventory.low": ("product_id", "title", "sku", "inventory_quantity"),
    "task.completed": ("task_id", "type"),
    "review.received": ("review_id", "product_id", "rating", "text", "email"),
}
EVENTS = tuple(EVENT_FIELDS)
SCHEDULES = ("hourly", "daily", "weekly")
OPERATORS = ("eq", "ne", "gt", "gte", "lt", "lte", "contains")
COLUMNS = {"desktop": 12, "mobile": 4}
MAX_BLOCKS = 60
MAX_ACTIONS = 10
MAX_AUTOMATIONS = 30
MAX_BYTES = 200_000
BLOCK_ID = r"^[A-Za-z][A-Za-z0-9_-]{0,63}$"
EXECUTE = r"^(task://[a-z]+\.[a-z][a-z0-9_]{2,60}|api://[a-z][a-z0-9_]{2,60})$"
# api:// targets a template may call: name -> the REST endpoint it stands for.
API_ACTIONS: dict[str, str] = {
    "scan_suggestions": "POST /api/stores/{store_id}/suggestions/scan",
    "optimize_listing": "POST /api/products/{product_id}/optimize",
    "export_products": "GET /api/products/export",
    "search_suppliers": "GET /api/suppliers/search",
}


def template_json_schema() -> dict[str, Any]:
    """The template document's JSON Schema, as published at ``GET /api/templates/schema``."""
    return _schema()


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://bizq.app/schemas/ui-template-v2.json",
        "title": "BizQ dashboard template",
        "type": "object",
        "required": ["schemaVersion", "name", "category", "layouts", "blocks"],
        "additionalProperties": False,
        "properties": {
            "schemaVersion": {"const": SCHEMA_VERSION},
            "name": {"type": "string", "minLength": 1, "maxLength": 80},
            "description": text(500),
            "category": string(enum=CATEGORIES),
            "theme": _theme(),
            "layouts": _layouts(),
            "blocks": {"type": "array", "maxItems": MAX_BLOCKS, "items": {"$ref": "#/$defs/block"}},
            "automations": {
                "type": "array",
                "maxItems": MAX_AUTOMATIONS,
                "items": {"$ref": "#/$defs/automation"},
            },
        },
        "$defs": {
            "layoutItem": _layout_item(),
            "action": _action(),
            "block": _block(),
            "automation": _automation(),
            "condition": _condition(),
        },
    }


def _theme() -> dict[str, Any]:
    return obj(accent=string(enum=RADIX_COLOURS), radius=string(enum=RADII))


def _layouts() -> dict[str, Any]:
    items = {"type": "array", "maxItems": MAX_BLOCKS, "items": {"$ref": "#/$defs/layoutItem"}}
    return obj(["desktop"], desktop=items, mobile=items)


def _layout_item() -> dict[str, Any]:
    cell = {"type": "integer", "minimum": 0, "maximum": 1000}
    size = {"type": "integer", "minimum": 1, "maximum": 100}
    return obj(
        ["i", "x", "y", "w", "h"], i=string(pattern=BLOCK_ID), x=cell, y=cell, w=size, h=size
    )


def _action() -> dict[str, Any]:
    return obj(
        ["label", "execute"],
        label={"type": "string", "minLength": 1, "maxLength": 60},
        execute=string(pattern=EXECUTE),
        params={"type": "object"},
    )


def _block() -> dict[str, Any]:
    schema = obj(
        ["id", "component"],
        id=string(pattern=BLOCK_ID),
        component=string(pattern=r"^[a-z][a-z0-9_]{1,40}$"),
        props={"type": "object"},
        actions={"type": "array", "maxItems": MAX_ACTIONS, "items": {"$ref": "#/$defs/action"}},
    )
    schema["allOf"] = [_props_rule(c) for c in components.available()]
    return schema


def _props_rule(component: components.Component) -> dict[str, Any]:
    """A built-in block's props must match that component's props schema."""
    return {
        "if": {"properties": {"component": {"const": component.name}}, "required": ["component"]},
        "then": {"properties": {"props": component.props_schema}},
    }


def _automation() -> dict[str, Any]:
    trigger = {
        "oneOf": [
            obj(["event"], event=string(enum=EVENTS)),
            obj(["schedule"], schedule=string(enum=SCHEDULES)),
        ]
    }
    conditions = {"type": "array", "maxItems": 10, "items": {"$ref": "#/$defs/condition"}}
    action = obj(
        ["execute"],
        execute=string(pattern=r"^task://[a-z]+\.[a-z][a-z0-9_]{2,60}$"),
        params={"type": "object"},
    )
    return obj(
        ["id", "trigger", "action"],
        id=string(pattern=BLOCK_ID),
        trigger=trigger,
        conditions=conditions,
        action=action,
        enabled={"type": "boolean"},  # a rule that spends credits runs only once set to true
    )


def _condition() -> dict[str, Any]:
    return obj(
        ["field", "op", "value"],
        field=string(pattern=r"^[a-z_][a-z0-9_.]{0,80}$"),
        op=string(enum=OPERATORS),
        value={"type": ["string", "number", "boolean", "null"]},
    )
