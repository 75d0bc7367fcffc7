"""What an automation rule spends, and whether it may run.

A rule that starts a paid task spends the store's credits each time it fires, so it runs
only once the seller has turned it on (``"enabled": true`` in the rule). A rule without
that flag runs only if its task is free: whatever brings rules into a store — a shipped
template, quick setup, a template bought from the marketplace, a new rule in the form —
leaves the spending ones off until the seller says otherwise.

A run's price is the task domain's quote: the task type's price, which ``create_task``
charges. A scheduled rule's monthly estimate is that price times its runs in a month;
a rule on an event runs as often as the store's events happen, so it has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from bizq_app.billing.ledger import show
from bizq_app.core.errors import NotFound
from bizq_app.core.money import CENT
from bizq_app.tasks.task_definitions import get_definition

RUNS_PER_MONTH = {"hourly": Decimal(24 * 30), "daily": Decimal(30), "weekly": Decimal(52) / 12}


@dataclass(frozen=True)
class RuleCost:
    """What one rule spends: per run and, for a schedule, about how much a month."""

    per_run: Decimal
    per_month: Decimal | None  # None for a rule on an event: it follows the store's events

    @property
    def spends(self) -> bool:
        return self.per_run > 0

    def sentence(self) -> str:
        """ "3.00 credits a run · about 13.00 credits a month", "Free"."""
        if not self.spends:
            return "Free"
        run = f"{show(self.per_run)} credits a run"
        if self.per_month is None:
            return f"{run} · each time the event happens"
        return f"{run} · about {show(self.per_month)} credits a month"


def task_type(rule: dict[str, Any]) -> str:
    """The task type a rule starts: ``task://finance.analyze_profit`` → its name."""
    return str(rule.get("action", {}).get("execute", "")).removeprefix("task://")


def cost_of(session: Session, rule: dict[str, Any]) -> RuleCost:
    """The rule's price per run (the task type's quote) and its monthly estimate."""
    try:
        price = get_definition(session=session, name=task_type(rule)).estimated_cost
    except NotFound:  # the rule cannot start its task: it is logged as failed, never charged
        price = Decimal(0)
    runs = RUNS_PER_MONTH.get(str(rule.get("trigger", {}).get("schedule", "")))
    return RuleCost(price, None if runs is None else (price * runs).quantize(CENT))


def is_on(rule: dict[str, Any], cost: RuleCost) -> bool:
    """Whether the rule runs: as the seller set it, or, never set, only when it is free."""
    flag = rule.get("enabled")
    return flag if isinstance(flag, bool) else not cost.spends
