"""Cash-flow actions, each with its effect computed from the seller's own figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bizq_app.executors.amounts import decimal, exact, percent, shown, two_places
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

STOCK_RELEASE = Decimal("0.20")  # selling down a fifth of stock value, usually the slow movers
SUPPLIER_SHARE = Decimal("0.50")  # supplier bills taken as half of monthly expenses
TARGET_TERMS = 30  # days of supplier credit worth asking for
SPENDING_CUT = Decimal("0.10")
PRICE_RISE = Decimal("0.03")
RUNWAY_MONTHS = 3  # months of net spending a small store should be able to cover
BUFFER_MONTHS = 2  # months of expenses to keep before paying debt down


@dataclass(frozen=True)
class Figures:
    """The seller's numbers, as Decimals."""

    cash: Decimal
    revenue: Decimal
    expenses: Decimal
    stock: Decimal
    terms: int

    @property
    def burn(self) -> Decimal:
        """Net cash spent a month (0 when revenue covers expenses)."""
        return max(Decimal(0), self.expenses - self.revenue)


@exact
def optimize_cash_flow(run: Run, data: StoreData) -> dict[str, Any]:
    """Actions for the goal, biggest effect first, with their combined effect."""
    given = run.input
    figures = Figures(
        decimal(given["current_cash"]),
        decimal(given.get("monthly_revenue", 0)),
        decimal(given.get("monthly_expenses", 0)),
        decimal(given.get("inventory_value", 0)),
        given.get("supplier_terms_days", 0),
    )
    goal = given.get("goal", "extend_runway")
    actions = [a for a in _candidates(figures, goal) if decimal(a["estimated_cash_impact"]) > 0]
    actions.sort(key=lambda a: -a["estimated_cash_impact"])
    total = sum((decimal(a["estimated_cash_impact"]) for a in actions), Decimal(0))
    return {
        "recommendations": actions,
        "total_estimated_impact": two_places(total),
        "summary": _summary(figures, goal, actions, total),
    }


def _action(area: str, action: str, impact: Decimal, effort: str, days: int) -> dict[str, Any]:
    return {
        "action": action,
        "area": area,
        "estimated_cash_impact": two_places(impact),
        "effort": effort,
        "timeframe_days": days,
    }


def _candidates(f: Figures, goal: str) -> list[dict[str, Any]]:
    actions = [_stock(f, goal), _payables(f), _spending(f), _pricing(f)]
    if goal == "reduce_debt":
        actions.append(_pay_down(f))
    else:
        actions.append(_financing(f, goal))
    return actions


def _stock(f: Figures, goal: str) -> dict[str, Any]:
    use = "fund new stock that sells" if goal == "fund_inventory" else "keep the cash"
    return _action(
        "inventory",
        f"Sell down slow-moving stock (about {shown(STOCK_RELEASE)} of the "
        f"{two_places(f.stock):.2f} on hand) with a bundle or clearance, and {use}.",
        f.stock * STOCK_RELEASE,
        "medium",
        30,
    )


def _payables(f: Figures) -> dict[str, Any]:
    extra_days = max(0, TARGET_TERMS - f.terms)
    bills = f.expenses * SUPPLIER_SHARE
    return _action(
        "payables",
        f"Ask suppliers for {TARGET_TERMS}-day terms (today {f.terms}): {extra_days} more days "
        f"on bills of about {two_places(bills):.2f} a month (taken as {shown(SUPPLIER_SHARE)} of "
        "expenses) is cash you keep once.",
        bills * extra_days / 30,
        "medium",
        30,
    )


def _spending(f: Figures) -> dict[str, Any]:
    return _action(
        "spending",
        f"Cut {shown(SPENDING_CUT)} of the {two_places(f.expenses):.2f} monthly expenses, "
        "starting with unused software and the weakest ads (saved every month).",
        f.expenses * SPENDING_CUT,
        "low",
        30,
    )


def _pricing(f: Figures) -> dict[str, Any]:
    return _action(
        "pricing",
        f"Raise prices {shown(PRICE_RISE)} on best sellers: on {two_places(f.revenue):.2f} of "
        "monthly revenue that is extra cash each month if order numbers hold.",
        f.revenue * PRICE_RISE,
        "low",
        14,
    )


def _financing(f: Figures, goal: str) -> dict[str, Any]:
    if goal == "fund_inventory":
        need = f.expenses * SUPPLIER_SHARE - max(Decimal(0), f.cash)
        what = "a month of supplier bills your cash does not cover"
    else:
        need = f.burn * RUNWAY_MONTHS - max(Decimal(0), f.cash)
        what = f"the gap to {RUNWAY_MONTHS} months of net spending"
    return _action(
        "financing",
        f"Arrange a line of credit or inventory financing for {what} "
        f"({two_places(max(need, Decimal(0))):.2f}); compare the total cost of each offer.",
        need,
        "high",
        45,
    )


def _pay_down(f: Figures) -> dict[str, Any]:
    spare = f.cash - f.expenses * BUFFER_MONTHS
    return _action(
        "financing",
        f"Pay debt down with cash above a {BUFFER_MONTHS}-month expense buffer "
        f"({two_places(f.expenses * BUFFER_MONTHS):.2f}), the most expensive debt first.",
        spare,
        "low",
        7,
    )


def _months(months: Decimal) -> str:
    return f"{percent(months):g} months" if months < 1200 else "more than 100 years"


def _summary(f: Figures, goal: str, actions: list[dict[str, Any]], total: Decimal) -> str:
    if f.burn and f.cash > 0:
        position = f"Spending exceeds revenue by {two_places(f.burn):.2f} a month: about "
        position += f"{_months(f.cash / f.burn)} of runway."
    elif f.burn:
        position = (
            f"Cash is {two_places(f.cash):.2f} and spending exceeds revenue by "
            f"{two_places(f.burn):.2f} a month: there is no runway left."
        )
    else:
        position = f"Revenue covers expenses; cash on hand is {two_places(f.cash):.2f}."
    if not actions:
        return position + " The figures given leave no action with a cash effect to estimate."
    return (
        f"{position} Goal: {goal.replace('_', ' ')}. {len(actions)} actions worth about "
        f"{two_places(total):.2f} together (monthly savings counted once; supplier terms and "
        "stock sales free cash once). Estimates use your figures and BizQ's stated shares."
    )
