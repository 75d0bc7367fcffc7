"""Editing a store's automation rules without touching JSON: each rule is part of the
store's applied template, so saving one saves a new version of that template and
applies it (the rules that run are always the applied template's).

A rule as the form gives it — a name, a trigger, up to ``MAX_CONDITIONS`` conditions,
a task type and its params as text — is turned into the template's rule format by
``from_form``; the template's validation then checks it like any other template
change, and its problems come back with paths inside the rule (``$.action.params.x``).

A new rule that spends credits starts off (``rule_costs``); ``switch_rule`` turns a rule
on or off, and says what it spends. A changed rule stays on only while it starts the
same task: another task is another price, to be agreed to again.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bizq_app.automations import rule_costs
from bizq_app.automations.rule_costs import RuleCost
from bizq_app.core.errors import FieldError, NotFound, ValidationFailed
from bizq_app.core.forms import text
from bizq_app.dashboards import templates
from bizq_app.dashboards.models import UITemplate
from bizq_app.dashboards.template_schema import EVENT_FIELDS, OPERATORS, SCHEDULES
from bizq_app.dashboards.template_validation import PLACEHOLDER, builtin_inputs
from bizq_app.tasks.catalog import builtin_definitions

MAX_CONDITIONS = 3
NAME_RULE = "give the rule a name that starts with a letter (up to 64 characters)"
TRIGGERS = (*EVENT_FIELDS, *(f"schedule.{s}" for s in SCHEDULES))
OPERATOR_LABELS = {
    "eq": "is",
    "ne": "is not",
    "gt": "is more than",
    "gte": "is at least",
    "lt": "is less than",
    "lte": "is at most",
    "contains": "contains",
}
assert set(OPERATOR_LABELS) == set(OPERATORS)


@dataclass(frozen=True)
class RuleView:
    """A rule as the seller sees it: what it spends and whether it runs."""

    rule: dict[str, Any]
    cost: RuleCost
    on: bool


def rules(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> list[dict[str, Any]]:
    """The rules of the store's applied template, in order."""
    active = templates.active_template(session=session, user_id=user_id, store_id=store_id)
    return list(active.content.get("automations", []))


def rule_views(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> list[RuleView]:
    """The applied template's rules, each with its cost and whether it runs."""
    found = rules(session=session, user_id=user_id, store_id=store_id)
    return [_view(session, rule) for rule in found]


def switch_rule(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, rule_id: str, on: bool
) -> RuleView:
    """Turn a rule on or off (saved as a new version of the template and applied).

    Raises:
        NotFound: no rule ``rule_id`` in the applied template.
    """
    active = templates.active_template(session=session, user_id=user_id, store_id=store_id)
    document = copy.deepcopy(active.content)
    chosen = [r for r in document.get("automations", []) if r.get("id") == rule_id]
    if not chosen:
        raise NotFound(f"The applied template has no rule '{rule_id}'.")
    chosen[0]["enabled"] = on
    _saved(session, user_id, store_id, document)
    return _view(session, chosen[0])


def save_rule(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    rule: dict[str, Any],
    replaces: str = "",
) -> UITemplate:
    """Add ``rule`` (or put it in the place of rule ``replaces``) and apply the result.

    Raises:
        ValidationFailed: the rule's problems, with paths inside the rule; nothing saved.
        NotFound: ``replaces`` names no rule of the applied template.
    """
    active = templates.active_template(session=session, user_id=user_id, store_id=store_id)
    document = copy.deepcopy(active.content)
    existing = [r.get("id") for r in document.get("automations", [])]
    if replaces and replaces not in existing:
        raise NotFound(f"The applied template has no rule '{replaces}'.")
    if rule.get("id") in existing and rule.get("id") != replaces:
        raise ValidationFailed(
            "A rule of that name exists.",
            [FieldError("$.id", f"another rule is called '{rule.get('id')}'")],
        )
    found = existing.index(replaces) if replaces else len(existing)
    automations = document.setdefault("automations", [])
    if replaces:
        rule = _consent_kept(automations[found], rule)
    automations[found : found + (1 if replaces else 0)] = [rule]
    try:
        return _saved(session, user_id, store_id, document)
    except ValidationFailed as exc:
        raise _inside_rule(exc, found) from None


def delete_rule(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, rule_id: str
) -> UITemplate:
    """Remove one rule from the applied template (saved as a new version and applied)."""
    active = templates.active_template(session=session, user_id=user_id, store_id=store_id)
    document = copy.deepcopy(active.content)
    kept = [r for r in document.get("automations", []) if r.get("id") != rule_id]
    if len(kept) == len(document.get("automations", [])):
        raise NotFound(f"The applied template has no rule '{rule_id}'.")
    document["automations"] = kept
    return _saved(session, user_id, store_id, document)


def from_form(values: dict[str, Any]) -> dict[str, Any]:
    """The rule a form describes: ``name``, ``trigger`` (an event or ``schedule.<period>``),
    ``cond<n>.field/op/value``, ``task`` and ``param.<name>`` (text; a whole ``{{field}}``
    is filled from the event when the rule fires)."""
    trigger_name = str(values.get("trigger", "")).strip()
    period = trigger_name.removeprefix("schedule.")
    trigger = {"schedule": period} if period != trigger_name else {"event": trigger_name}
    conditions = []
    for n in range(MAX_CONDITIONS):
        field = str(values.get(f"cond{n}.field", "")).strip()
        if field:
            conditions.append(
                {
                    "field": field,
                    "op": str(values.get(f"cond{n}.op", "eq")),
                    "value": _literal(str(values.get(f"cond{n}.value", "")).strip()),
                }
            )
    task = str(values.get("task", "")).strip()
    return {
        "id": rule_id(str(values.get("name", ""))),
        "trigger": trigger,
        "conditions": conditions,
        "action": {"execute": f"task://{task}", "params": _params(task, values)},
    }


def to_form(rule: dict[str, Any]) -> dict[str, str]:
    """The form's values for an existing rule (the reverse of ``from_form``)."""
    trigger = rule.get("trigger", {})
    values = {
        "name": str(rule.get("id", "")),
        "trigger": trigger.get("event") or f"schedule.{trigger.get('schedule', '')}",
        "task": str(rule.get("action", {}).get("execute", "")).removeprefix("task://"),
    }
    for n, condition in enumerate(rule.get("conditions", [])[:MAX_CONDITIONS]):
        values[f"cond{n}.field"] = str(condition.get("field", ""))
        values[f"cond{n}.op"] = str(condition.get("op", "eq"))
        values[f"cond{n}.value"] = text(condition.get("value", ""))
    for name, value in rule.get("action", {}).get("params", {}).items():
        values[f"param.{name}"] = text(value, ", ")
    return values


def form_errors(exc: ValidationFailed) -> dict[str, str]:
    """The problems of a rule (paths as ``save_rule`` gives them) by the form field they
    belong to: ``name``, ``trigger``, ``cond<n>.<part>``, ``task`` or ``param.<name>``."""
    found: dict[str, str] = {}
    for error in exc.errors:
        field = _form_field(error.path)
        pattern_broken = error.path == "$.id" and "does not match" in error.message
        message = NAME_RULE if pattern_broken else error.message
        found.setdefault(field, message)
    return found


def _form_field(path: str) -> str:
    if path.startswith("$.action.params."):
        return "param." + re.split(r"[.\[]", path.removeprefix("$.action.params."))[0]
    if match := re.match(r"^\$\.conditions\[(\d+)\]\.(field|op|value)", path):
        return f"cond{match[1]}.{match[2]}"
    if path.startswith("$.trigger"):
        return "trigger"
    if path.startswith("$.action"):
        return "task"
    if path.startswith("$.id"):
        return "name"
    return "rule"


def rule_id(name: str) -> str:
    """A rule's id from the name a person gives it: "Thank big buyers" → thank_big_buyers."""
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")[:64]


def task_params(task: str) -> list[dict[str, str]]:
    """The top-level params of a task type, as the rule form shows them."""
    schema = builtin_inputs().get(task, {})
    required = set(schema.get("required", []))
    return [
        {
            "name": name,
            "type": str(spec.get("type", "string")),
            "description": str(spec.get("description", "")),
            "default": text(spec.get("default", ""), ", "),
            "required": "yes" if name in required else "",
        }
        for name, spec in schema.get("properties", {}).items()
    ]


def task_types() -> list[dict[str, str]]:
    """Every built-in task type a rule can start: name and title."""
    return [{"name": d["name"], "title": d.get("title", d["name"])} for d in builtin_definitions()]


def describe(rule: dict[str, Any]) -> str:
    """One sentence a person can read: "When order.created and total is at least 100,
    start customer.win_back"."""
    trigger = rule.get("trigger", {})
    period = {"hourly": "hour", "daily": "day", "weekly": "week"}.get(trigger.get("schedule"))
    when = f"When {trigger.get('event')}" if trigger.get("event") else f"Every {period}"
    parts = [
        f"{c.get('field')} {OPERATOR_LABELS.get(c.get('op', 'eq'), c.get('op'))} {c.get('value')}"
        for c in rule.get("conditions", [])
    ]
    task = str(rule.get("action", {}).get("execute", "")).removeprefix("task://")
    condition = f" and {' and '.join(parts)}" if parts else ""
    return f"{when}{condition}, start {task}"


def _view(session: Session, rule: dict[str, Any]) -> RuleView:
    cost = rule_costs.cost_of(session, rule)
    return RuleView(rule, cost, rule_costs.is_on(rule, cost))


def _consent_kept(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The changed rule keeps the old one's on or off while it starts the same task."""
    kept = "enabled" in old and rule_costs.task_type(old) == rule_costs.task_type(new)
    return {**new, "enabled": old["enabled"]} if kept else new


def _saved(
    session: Session, user_id: uuid.UUID, store_id: uuid.UUID, document: dict[str, Any]
) -> UITemplate:
    row = templates.save_template(
        session=session, user_id=user_id, store_id=store_id, document=document
    )
    return templates.apply_template(
        session=session, user_id=user_id, store_id=store_id, template_id=row.id
    )


def _inside_rule(exc: ValidationFailed, index: int) -> ValidationFailed:
    prefix = f"$.automations[{index}]"
    errors = [
        FieldError("$" + e.path.removeprefix(prefix), e.message)
        for e in exc.errors
        if e.path.startswith(prefix)
    ]
    others = [e for e in exc.errors if not e.path.startswith(prefix)]
    return ValidationFailed("The rule was not saved: " + exc.message, errors + others)


def _params(task: str, values: dict[str, Any]) -> dict[str, Any]:
    schema = builtin_inputs().get(task, {})
    params: dict[str, Any] = {}
    for name, spec in schema.get("properties", {}).items():
        raw = str(values.get(f"param.{name}", "")).strip()
        if raw:
            params[name] = raw if PLACEHOLDER.fullmatch(raw) else _typed(raw, spec)
    return params


def _typed(raw: str, spec: dict[str, Any]) -> Any:
    """Text as the param's type; text that is not of that type is kept as it is, so the
    template's validation names the param and the type it wants."""
    kind = spec.get("type")
    if kind == "array":
        return [part.strip() for part in re.split(r"[,\n]", raw) if part.strip()]
    if kind in ("integer", "number", "boolean"):
        parsed = _literal(raw)
        return parsed if not isinstance(parsed, str) else raw
    return raw


def _literal(raw: str) -> Any:
    """A number or true/false when the text is one (JSON has no decimals: a threshold such
    as 99.50 is compared as a number when the rule runs), else the text."""
    if raw in ("true", "false"):
        return raw == "true"
    if re.fullmatch(r"-?\d+", raw):
        return int(raw)
    if re.fullmatch(r"-?\d+\.\d+", raw):
        return json.loads(raw)
    return raw
