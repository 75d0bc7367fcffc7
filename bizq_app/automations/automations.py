"""Automation rules of a store's applied template: when an event happens (an order, low
stock, a finished task, a review, or a schedule), rules whose trigger and conditions
match start their task, with params filled from the event's fields (``{{field}}``).

Rules run in the workers (``jobs/automations.py``), after the change that raised the
event has committed. Every firing is logged as ``automation.fired`` with the task it
started, and a rule that cannot run as ``automation.failed`` with the reason — never
dropped silently. Loops are cut two ways: a rule never fires on the completion of a
task it started itself, and a chain of rules firing on each other's tasks stops at
``MAX_DEPTH``.

A rule that spends credits runs only once the seller turned it on (``rule_costs``): a
rule that is off does not fire and is not logged.

Rules act as BizQ's ``system:automations`` actor, for the store whose template holds
them, not as any person: they keep running whoever joins or leaves the store, and the
audit log names that actor on every firing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bizq_app.accounts import actors, audit
from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.models import Store
from bizq_app.accounts.permissions import Permission, require
from bizq_app.automations import rule_costs
from bizq_app.core.errors import BizQError
from bizq_app.dashboards import templates
from bizq_app.dashboards.template_validation import PLACEHOLDER
from bizq_app.tasks import tasks

MAX_DEPTH = 3
OPS = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "gt": lambda a, b: _number(a) > _number(b),
    "gte": lambda a, b: _number(a) >= _number(b),
    "lt": lambda a, b: _number(a) < _number(b),
    "lte": lambda a, b: _number(a) <= _number(b),
    "contains": lambda a, b: str(b).lower() in str(a).lower(),
}


@dataclass(frozen=True)
class Firing:
    rule: str
    event: str
    fired: bool
    note: str  # the task started, or why the rule could not run
    task_id: uuid.UUID | None
    at: str


def evaluate(
    *, session: Session, store_id: uuid.UUID, event: str, payload: dict[str, Any]
) -> list[Firing]:
    """Run every matching rule of the store's applied template for one event."""
    store = account_lookups.find_store(session, store_id)
    rules = _rules(session, store_id)
    if store is None or store.deleted_at is not None or not rules:
        return []
    depth, origin = _origin(session, payload)
    fired = []
    for rule in rules:
        if _matches(rule, event, payload, origin) and _on(session, rule):
            fired.append(_fire(session, store, rule, event, payload, depth))
    return fired


def run_schedules(*, session: Session, period: str) -> int:
    """Fire every applied template's ``hourly``, ``daily`` or ``weekly`` rules once."""
    count = 0
    for store_id in templates.stores_with_applied_template(session):
        event = f"schedule.{period}"
        count += len(evaluate(session=session, store_id=store_id, event=event, payload={}))
    return count


def log(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, limit: int = 50
) -> list[Firing]:
    """The store's recent rule firings and failures, newest first."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    actions = ["automation.fired", "automation.failed"]
    found = audit.events(session=session, store_id=store_id, actions=actions, limit=limit)
    return [
        Firing(
            rule=str(e.data.get("rule", "")),
            event=str(e.data.get("event", "")),
            fired=e.action == "automation.fired",
            note=str(e.data.get("note", "")),
            task_id=uuid.UUID(e.data["task_id"]) if e.data.get("task_id") else None,
            at=e.created_at.isoformat(timespec="seconds"),
        )
        for e in found
    ]


def _rules(session: Session, store_id: uuid.UUID) -> list[dict[str, Any]]:
    content = templates.applied_content(session, store_id)
    return list((content or {}).get("automations", []))


def _matches(rule: dict[str, Any], event: str, payload: dict[str, Any], origin: str) -> bool:
    trigger = rule.get("trigger", {})
    if trigger.get("event", f"schedule.{trigger.get('schedule')}") != event:
        return False
    if origin and origin == rule.get("id"):
        return False  # its own task finishing: never a reason to fire again
    return all(
        OPS.get(c.get("op", "eq"), OPS["eq"])(payload.get(c.get("field", "")), c.get("value"))
        for c in rule.get("conditions", [])
    )


def _on(session: Session, rule: dict[str, Any]) -> bool:
    return rule_costs.is_on(rule, rule_costs.cost_of(session, rule))


def _fire(
    session: Session,
    store: Store,
    rule: dict[str, Any],
    event: str,
    payload: dict[str, Any],
    depth: int,
) -> Firing:
    action = rule.get("action", {})
    target = str(action.get("execute", ""))
    note, task_id = "", None
    if depth >= MAX_DEPTH:
        note = f"Stopped: {MAX_DEPTH} rules already fired one after another (a loop?)."
    elif not target.startswith("task://"):
        note = f"'{target}' is not a task this rule can start."
    else:
        try:  # create_task checks everything before it writes: a refusal writes nothing
            task = tasks.create_task(
                session=session,
                user_id=actors.AUTOMATIONS,
                store_id=store.id,
                type=target.removeprefix("task://"),
                input=_filled(action.get("params", {}), payload),
            )
            task_id, note = task.id, f"Started {target.removeprefix('task://')}."
        except BizQError as exc:
            problems = "; ".join(f"{e.path} {e.message}" for e in getattr(exc, "errors", []))
            note = f"Could not start {target}: {problems or exc.message}"
    return _logged(session, store.id, rule, event, note, task_id, depth)


def _logged(
    session: Session,
    store_id: uuid.UUID,
    rule: dict[str, Any],
    event: str,
    note: str,
    task_id: uuid.UUID | None,
    depth: int,
) -> Firing:
    fired = task_id is not None
    entry = audit.record(
        session=session,
        action="automation.fired" if fired else "automation.failed",
        subject_type="automation",
        subject_id=task_id,
        actor_id=None,
        actor=actors.AUTOMATIONS.name,
        store_id=store_id,
        data={
            "rule": rule.get("id", ""),
            "event": event,
            "note": note,
            "task_id": str(task_id) if task_id else None,
            "depth": depth + 1,
        },
    )
    session.flush()
    return Firing(
        str(rule.get("id", "")), event, fired, note, task_id, entry.created_at.isoformat()
    )


def _origin(session: Session, payload: dict[str, Any]) -> tuple[int, str]:
    """How many rules fired one after another to cause this event (0: a person's act), and
    the rule that started the event's task, if one did."""
    task_id = payload.get("task_id")
    if not task_id:
        return 0, ""
    subject = uuid.UUID(str(task_id))
    data = audit.data_of(session=session, action="automation.fired", subject_id=subject)
    return (int(data.get("depth", 0)), str(data.get("rule", ""))) if data else (0, "")


def _filled(params: Any, payload: dict[str, Any]) -> Any:
    """``params`` with every ``{{field}}`` replaced by the event's value (whole-string
    placeholders keep the value's type: a number stays a number)."""
    if isinstance(params, dict):
        return {k: _filled(v, payload) for k, v in params.items()}
    if isinstance(params, list):
        return [_filled(v, payload) for v in params]
    if isinstance(params, str):
        whole = PLACEHOLDER.fullmatch(params.strip())
        if whole:
            return payload.get(whole[1], "")
        return PLACEHOLDER.sub(lambda m: str(payload.get(m[1], "")), params)
    return params


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float("nan")
