"""``validate_template``: every problem of a dashboard template, each with its JSON path.

Beyond the published schema: known components (built-in or the store's
variants) and their props, safe text, known task types and their input,
allow-listed API actions, and a layout whose cells name real blocks, fit the
grid and do not overlap on the desktop.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlmodel import Session

from bizq_app.core.errors import FieldError, NotFound, ValidationFailed
from bizq_app.core.schemas import errors_against
from bizq_app.dashboards import components
from bizq_app.dashboards.component_variants import store_variants
from bizq_app.dashboards.components import Component
from bizq_app.dashboards.template_migrations import DEFAULT_THEME, stacked, upgrade
from bizq_app.dashboards.template_schema import (
    API_ACTIONS,
    COLUMNS,
    EVENT_FIELDS,
    MAX_BYTES,
    template_json_schema,
)
from bizq_app.dashboards.template_text import unsafe_text_errors
from bizq_app.tasks import task_definitions
from bizq_app.tasks.catalog import builtin_definitions

PLACEHOLDER = re.compile(r"\{\{\s*([a-zA-Z_][a-zA-Z0-9_.]*)\s*\}\}")
Rect = tuple[int, int, int, int]


@dataclass
class Catalog:
    """What a template may refer to: components and task types (looked up once each)."""

    session: Session | None = None
    variants: dict[str, Component] = field(default_factory=dict)
    _inputs: dict[str, dict[str, Any] | None] = field(default_factory=dict)

    def component(self, name: str) -> Component | None:
        return components.find(name) or self.variants.get(name)

    def task_input(self, name: str) -> dict[str, Any] | None:
        """The input schema of task type ``name``, or None when there is no such type."""
        if name not in self._inputs:
            self._inputs[name] = self._load(name)
        return self._inputs[name]

    def _load(self, name: str) -> dict[str, Any] | None:
        """Built-in types from the catalog files; custom ones from the database, if any."""
        builtin = builtin_inputs().get(name)
        if builtin is not None or self.session is None:
            return builtin
        try:
            return task_definitions.get_definition(session=self.session, name=name).input_schema
        except NotFound:
            return None


@lru_cache(maxsize=1)
def builtin_inputs() -> dict[str, dict[str, Any]]:
    return {d["name"]: d["input_schema"] for d in builtin_definitions()}


def validate_template(
    document: object, *, session: Session | None = None, store_id: uuid.UUID | None = None
) -> dict[str, Any]:
    """The document upgraded to the current schema version, checked, with defaults filled in.

    Task types are looked up in the database when ``session`` is given (else in the
    built-in catalog); the store's component variants are known when ``store_id`` is too.

    Raises:
        ValidationFailed: listing every problem with its JSON path.
    """
    if not isinstance(document, dict):
        raise ValidationFailed.field("$", "must be a JSON object")
    size = len(json.dumps(document, default=str).encode("utf-8"))
    if size > MAX_BYTES:
        raise ValidationFailed.field("$", f"is {size:,} bytes; a template may be {MAX_BYTES:,}")
    upgraded = upgrade(document)
    variants = store_variants(session=session, store_id=store_id) if session and store_id else {}
    errors = problems(upgraded, Catalog(session=session, variants=variants))
    if errors:
        detail = "; ".join(f"{e.path}: {e.message}" for e in errors[:10])
        raise ValidationFailed(f"The template is not valid: {detail}", errors)
    return with_defaults(upgraded)


def problems(document: dict[str, Any], catalog: Catalog) -> list[FieldError]:
    """Every problem of a current-version document, in document order within each kind."""
    blocks = _indexed(document.get("blocks"))
    errors = errors_against(template_json_schema(), document, root="$")
    errors += unsafe_text_errors(document)
    errors += _duplicate_ids(blocks)
    errors += _component_errors(blocks, catalog)
    errors += _action_errors(blocks, catalog)
    errors += _automation_errors(_indexed(document.get("automations")), catalog)
    errors += _layout_errors(document.get("layouts"), {b.get("id") for _, b in blocks})
    return list(dict.fromkeys(errors))


def with_defaults(document: dict[str, Any]) -> dict[str, Any]:
    """A valid document with its optional parts present: theme, mobile layout, props, actions."""
    cleaned = dict(document)
    cleaned["theme"] = {**DEFAULT_THEME, **document.get("theme", {})}
    layouts = dict(document["layouts"])
    layouts.setdefault("mobile", stacked(layouts["desktop"]))
    cleaned["layouts"] = layouts
    cleaned["blocks"] = [{"props": {}, "actions": [], **b} for b in document["blocks"]]
    cleaned.setdefault("automations", [])
    return cleaned


def _indexed(items: object) -> list[tuple[int, dict[str, Any]]]:
    return (
        [(n, i) for n, i in enumerate(items) if isinstance(i, dict)]
        if isinstance(items, list)
        else []
    )


def _duplicate_ids(blocks: list[tuple[int, dict[str, Any]]]) -> list[FieldError]:
    first: dict[Any, int] = {}
    errors = []
    for n, block in blocks:
        block_id = block.get("id")
        if block_id in first:
            errors.append(
                FieldError(f"$.blocks[{n}].id", f"repeats the id of $.blocks[{first[block_id]}]")
            )
        first.setdefault(block_id, n)
    return errors


def _component_errors(
    blocks: list[tuple[int, dict[str, Any]]], catalog: Catalog
) -> list[FieldError]:
    errors = []
    for n, block in blocks:
        name = block.get("component")
        found = catalog.component(name) if isinstance(name, str) else None
        if isinstance(name, str) and found is None:
            errors.append(
                FieldError(f"$.blocks[{n}].component", f"'{name}' is not a known component")
            )
            continue
        props = block.get("props", {})
        if found is None or not isinstance(props, dict):
            continue
        merged = {**found.preset, **props}
        if found.base is not None:  # built-ins are checked by the schema itself
            errors += errors_against(found.props_schema, merged, root=f"$.blocks[{n}].props")
        errors += _task_type_errors(
            merged.get("task_types"), f"$.blocks[{n}].props.task_types", catalog
        )
    return errors


def _task_type_errors(names: object, path: str, catalog: Catalog) -> list[FieldError]:
    if not isinstance(names, list):
        return []
    return [
        FieldError(f"{path}[{k}]", f"'{name}' is not a known task type")
        for k, name in enumerate(names)
        if isinstance(name, str) and catalog.task_input(name) is None
    ]


def _action_errors(blocks: list[tuple[int, dict[str, Any]]], catalog: Catalog) -> list[FieldError]:
    errors = []
    for n, block in blocks:
        for k, action in _indexed(block.get("actions")):
            errors += _execute_errors(action, f"$.blocks[{n}].actions[{k}]", catalog)
    return errors


def _automation_errors(
    automations: list[tuple[int, dict[str, Any]]], catalog: Catalog
) -> list[FieldError]:
    errors = []
    for n, automation in automations:
        action = automation.get("action")
        if isinstance(action, dict):
            errors += _execute_errors(action, f"$.automations[{n}].action", catalog)
        errors += _event_field_errors(automation, f"$.automations[{n}]")
    return errors


def _event_field_errors(automation: dict[str, Any], path: str) -> list[FieldError]:
    """Conditions and ``{{field}}`` params may only use fields the trigger's event has."""
    trigger = automation.get("trigger")
    if not isinstance(trigger, dict):
        return []
    event = trigger.get("event")
    fields = EVENT_FIELDS.get(event, ()) if isinstance(event, str) else ()
    offer = f"{event} has: {', '.join(fields)}" if fields else "a schedule has no fields"
    errors = []
    conditions = automation.get("conditions")
    for n, condition in _indexed(conditions if isinstance(conditions, list) else []):
        field = condition.get("field")
        if isinstance(field, str) and field not in fields:
            errors.append(
                FieldError(f"{path}.conditions[{n}].field", f"no field '{field}' ({offer})")
            )
    action = automation.get("action")
    params = action.get("params", {}) if isinstance(action, dict) else {}
    for where, name in _placeholders(params, f"{path}.action.params").items():
        if name not in fields:
            errors.append(FieldError(where, f"no field '{name}' to fill it from ({offer})"))
    return errors


def _execute_errors(action: dict[str, Any], path: str, catalog: Catalog) -> list[FieldError]:
    """A ``task://`` target must be a known task type whose input the params match;
    an ``api://`` target must be on the allow-list."""
    target = action.get("execute")
    if not isinstance(target, str):
        return []
    scheme, _, name = target.partition("://")
    if scheme == "api" and name not in API_ACTIONS:
        allowed = ", ".join(sorted(API_ACTIONS))
        return [FieldError(f"{path}.execute", f"'{name}' is not an allowed API action ({allowed})")]
    if scheme != "task":
        return []
    schema = catalog.task_input(name)
    if schema is None:
        return [FieldError(f"{path}.execute", f"'{name}' is not a known task type")]
    params = action.get("params", {})
    later = set(_placeholders(params, f"{path}.params"))  # filled from the event: checked then
    return [e for e in errors_against(schema, params, root=f"{path}.params") if e.path not in later]


def _placeholders(value: Any, path: str) -> dict[str, str]:
    """Path → field name of each param that is a whole ``{{field}}`` of the triggering event."""
    if isinstance(value, dict):
        return {p: f for k, v in value.items() for p, f in _placeholders(v, f"{path}.{k}").items()}
    if isinstance(value, list):
        return {
            p: f for i, v in enumerate(value) for p, f in _placeholders(v, f"{path}[{i}]").items()
        }
    whole = PLACEHOLDER.fullmatch(value.strip()) if isinstance(value, str) else None
    return {path: whole[1]} if whole else {}


def _layout_errors(layouts: object, block_ids: set[Any]) -> list[FieldError]:
    if not isinstance(layouts, dict):
        return []
    errors = []
    for breakpoint, columns in COLUMNS.items():
        errors += _breakpoint_errors(layouts.get(breakpoint), breakpoint, columns, block_ids)
    return errors


def _breakpoint_errors(
    items: object, breakpoint: str, columns: int, block_ids: set[Any]
) -> list[FieldError]:
    errors: list[FieldError] = []
    placed: dict[Any, Rect] = {}
    for k, item in _indexed(items):
        path = f"$.layouts.{breakpoint}[{k}]"
        block_id, rect = item.get("i"), _rect(item)
        if block_id not in block_ids:
            errors.append(FieldError(f"{path}.i", f"'{block_id}' is not the id of a block"))
        elif block_id in placed:
            errors.append(FieldError(f"{path}.i", f"places block '{block_id}' a second time"))
        if rect is None:
            continue
        if rect[0] + rect[2] > columns:
            reach = rect[0] + rect[2]
            errors.append(
                FieldError(
                    f"{path}.w", f"reaches column {reach}; the {breakpoint} grid has {columns}"
                )
            )
        if breakpoint == "desktop":
            errors += [
                FieldError(path, f"overlaps block '{other}'")
                for other, r in placed.items()
                if _overlap(rect, r)
            ]
        placed.setdefault(block_id, rect)
    return errors


def _rect(item: dict[str, Any]) -> Rect | None:
    values = [item.get(key) for key in ("x", "y", "w", "h")]
    ints = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
    return (ints[0], ints[1], ints[2], ints[3]) if len(ints) == 4 else None


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]
