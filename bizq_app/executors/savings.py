"""Savings estimated from the seller's regular costs with BizQ's typical saving rates."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bizq_app.executors.amounts import decimal, exact, shown, two_places
from bizq_app.executors.expenses import categorize
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run


@dataclass(frozen=True)
class Lever:
    """BizQ's rule of thumb for cutting one kind of cost."""

    rate: Decimal  # share of the cost that the action typically saves
    action: str
    difficulty: str
    risk: str


LEVERS = {
    "software": Lever(
        Decimal("0.15"),
        "Remove unused seats and apps, and switch the rest to "
        "annual billing (usually about 15% cheaper).",
        "easy",
        "Annual plans lock you in for a year.",
    ),
    "shipping": Lever(
        Decimal("0.10"),
        "Buy labels at commercial rates through a label "
        "platform and compare carriers by weight band.",
        "easy",
        "A cheaper service may deliver slower.",
    ),
    "advertising": Lever(
        Decimal("0.20"),
        "Pause the fifth of ad sets with the worst return on ad spend and move budget to the best.",
        "medium",
        "Some sales from the paused ads may be lost.",
    ),
    "payment_fees": Lever(
        Decimal("0.05"),
        "Check for currency-conversion and cross-border "
        "fees and use one processor with the lowest rate.",
        "medium",
        "Changing checkout can briefly lower conversion.",
    ),
    "marketplace_fees": Lever(
        Decimal("0.05"),
        "Drop optional marketplace programs and move repeat buyers to your own store.",
        "medium",
        "Less visibility on the marketplace.",
    ),
    "cost_of_goods": Lever(
        Decimal("0.05"),
        "Ask suppliers for the next price tier or quote another supplier for your best sellers.",
        "hard",
        "A new supplier's quality must be checked first.",
    ),
    "packaging": Lever(
        Decimal("0.15"),
        "Buy packaging in bulk and switch light items to poly mailers.",
        "easy",
        "Mailers protect fragile items less.",
    ),
    "contractors": Lever(
        Decimal("0.10"),
        "Agree fixed-price scopes instead of open hours.",
        "medium",
        "Scope changes cost extra.",
    ),
    "office": Lever(
        Decimal("0.10"), "Review phone, internet and office plans yearly.", "easy", "Little."
    ),
    "travel": Lever(
        Decimal("0.20"),
        "Replace some trips with video calls; book ahead.",
        "easy",
        "Some supplier visits matter.",
    ),
    "other": Lever(
        Decimal("0.05"),
        "Ask whether this cost is still needed.",
        "easy",
        "Cutting something you still rely on.",
    ),
}
FOCUS = {
    "software": {"software"},
    "shipping": {"shipping", "packaging"},
    "suppliers": {"cost_of_goods"},
    "ads": {"advertising"},
    "fees": {"payment_fees", "marketplace_fees"},
}


@exact
def find_savings(run: Run, data: StoreData) -> dict[str, Any]:
    """Savings per cost from BizQ's saving rates, duplicates first, biggest first."""
    costs = run.input.get("monthly_expenses") or []
    wanted = FOCUS.get(run.input.get("focus", "all"))
    least = decimal(run.input.get("min_saving", 10))
    repeats = _repeats(costs)
    found = [_duplicate(costs[i]) for i in repeats]
    found += [_opportunity(c) for i, c in enumerate(costs) if i not in repeats]
    chosen = [
        o
        for o, category in found
        if (wanted is None or category in wanted)
        and decimal(o["estimated_monthly_saving"]) > 0
        and decimal(o["estimated_monthly_saving"]) >= least
    ]
    chosen.sort(key=lambda o: -o["estimated_monthly_saving"])
    total = sum((decimal(o["estimated_monthly_saving"]) for o in chosen), Decimal(0))
    return {
        "opportunities": chosen,
        "total_monthly_saving": two_places(total),
        "summary": _savings_summary(costs, chosen, total, least),
    }


def _category(cost: dict[str, Any]) -> str:
    return str(cost.get("category") or categorize(cost["name"]).category)


def _opportunity(cost: dict[str, Any]) -> tuple[dict[str, Any], str]:
    category = _category(cost)
    amount = decimal(cost["amount"])
    if category == "taxes":
        lever = Lever(Decimal(0), "", "hard", "")  # tax is for an accountant, not a rule
    else:
        lever = LEVERS[category]
    return {
        "area": f"{cost['name']} ({category.replace('_', ' ')})",
        "current_monthly_cost": two_places(amount),
        "estimated_monthly_saving": two_places(amount * lever.rate),
        "action": f"{lever.action} BizQ's typical saving: {shown(lever.rate)} of this cost.",
        "difficulty": lever.difficulty,
        "risk": lever.risk,
    }, category


def _repeats(costs: list[dict[str, Any]]) -> set[int]:
    """Positions of costs whose name (and amount) already came up: likely duplicates."""
    seen: set[tuple[str, Decimal]] = set()
    repeats = set()
    for index, cost in enumerate(costs):
        key = (" ".join(cost["name"].lower().split()), decimal(cost["amount"]))
        if key[0] and key in seen:
            repeats.add(index)
        seen.add(key)
    return repeats


def _duplicate(cost: dict[str, Any]) -> tuple[dict[str, Any], str]:
    amount = two_places(decimal(cost["amount"]))
    return {
        "area": f"{cost['name']} (listed twice)",
        "current_monthly_cost": amount,
        "estimated_monthly_saving": amount,
        "action": "Check for a duplicate subscription or charge and cancel one.",
        "difficulty": "easy",
        "risk": "It may be two genuine purchases.",
    }, _category(cost)


def _savings_summary(
    costs: list[dict[str, Any]], chosen: list[dict[str, Any]], total: Decimal, least: Decimal
) -> str:
    if not costs:
        return "No monthly costs were given, so there is nothing to review yet."
    spend = sum((decimal(c["amount"]) for c in costs), Decimal(0))
    if not chosen:
        return (
            f"Reviewed {len(costs)} costs ({two_places(spend):.2f} a month): no saving of "
            f"{two_places(least):.2f} or more a month found in the chosen area."
        )
    return (
        f"{len(chosen)} savings worth about {two_places(total):.2f} a month out of "
        f"{two_places(spend):.2f} in {len(costs)} costs. Estimates apply BizQ's typical saving "
        "rates to your numbers: check each before acting."
    )
