"""The automation rules a marketplace template brings, and the buyer's consent to each.

A template published by another store may carry rules that start paid tasks on a
schedule or on an event. Nothing runs in the buyer's store without the buyer saying so:
``offers`` lists each rule with the task it starts, what one run costs and the most it
may spend per day; applying the template keeps only the rules the buyer accepted
(``accepted``), and the audit trail records both lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from bizq_app.core.errors import NotFound, ValidationFailed
from bizq_app.tasks.task_definitions import get_definition

RUNS_PER_DAY = {"hourly": 24, "daily": 1, "weekly": 1}
WHEN = {"hourly": "every hour", "daily": "every day", "weekly": "every week"}


@dataclass(frozen=True)
class RuleOffer:
    """One rule as the buyer sees it before accepting it."""

    id: str
    when: str  # "every day", "on order.created"
    task_type: str
    task_title: str
    cost_per_run: Decimal
    # the most a schedule may spend in a day; None for an event rule, whose runs follow
    # the store's own events (the store's daily task budget caps those)
    most_per_day: Decimal | None


def offers(session: Session, content: dict[str, Any]) -> list[RuleOffer]:
    """Each rule of a template's content, with its task and what it may spend."""
    found = []
    for rule in content.get("automations", []):
        task_type = str(rule["action"]["execute"]).removeprefix("task://")
        try:
            definition = get_definition(session=session, name=task_type)
            title, cost = definition.title, definition.estimated_cost
        except NotFound:
            title, cost = "an unknown task type (it would fail)", Decimal(0)
        trigger = rule.get("trigger", {})
        schedule = trigger.get("schedule")
        when = WHEN[schedule] if schedule else f"on {trigger.get('event')}"
        most = cost * RUNS_PER_DAY[schedule] if schedule else None
        found.append(RuleOffer(str(rule["id"]), when, task_type, title, cost, most))
    return found


def accepted(content: dict[str, Any], accept: Sequence[str] | None) -> dict[str, Any]:
    """The content with only the rules the buyer accepted.

    Raises:
        ValidationFailed: the template carries rules and ``accept`` is None (the buyer
            must choose, ``[]`` for none), or ``accept`` names a rule it does not carry.
    """
    rules = list(content.get("automations", []))
    ids = [str(r["id"]) for r in rules]
    if not rules:
        return content
    if accept is None:
        raise ValidationFailed.field(
            "$.accept_rules",
            f"this template carries {len(rules)} automation rule(s) that start paid tasks "
            f"({', '.join(ids)}); list the ones you accept, or [] for none",
        )
    unknown = [a for a in accept if a not in ids]
    if unknown:
        raise ValidationFailed.field(
            "$.accept_rules", f"this template has no rule {', '.join(unknown)}"
        )
    return {**content, "automations": [r for r in rules if r["id"] in set(accept)]}
