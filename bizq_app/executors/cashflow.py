"""A weekly cash forecast from the store's recent sales and the seller's planned payments."""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import Any

from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

HISTORY_DAYS = 28


def forecast_cash(run: Run, data: StoreData) -> dict[str, Any]:
    """Week-by-week cash: sales in, cost of goods and planned payments out."""
    with localcontext() as context:
        context.prec = 80  # steep growth over many weeks makes very long numbers
        return _forecast(run, data)


def _forecast(run: Run, data: StoreData) -> dict[str, Any]:
    weeks = run.input.get("weeks", 13)
    growth = Decimal(str(run.input.get("growth_assumption_percent", 0))) / 100
    sales = data.sales(HISTORY_DAYS)
    weekly_in = sum((s.unit_price * s.quantity for s in sales), Decimal(0)) / 4
    weekly_cogs = sum((s.unit_cost * s.quantity for s in sales), Decimal(0)) / 4
    planned = run.input.get("planned_expenses", [])
    cash = Decimal(str(run.input["starting_cash"]))
    rows = []
    for week in range(1, weeks + 1):
        factor = (1 + growth) ** (week - 1) if week > 1 else Decimal(1)  # 0**0 is undefined
        inflow = weekly_in * factor
        outflow = weekly_cogs * factor + sum(
            (Decimal(str(p["amount"])) for p in planned if p["week"] == week), Decimal(0)
        )
        end = cash + inflow - outflow
        rows.append(
            {
                "week": week,
                "starting_cash": _money(cash),
                "inflows": _money(inflow),
                "outflows": _money(outflow),
                "ending_cash": _money(end),
            }
        )
        cash = end
    lowest = min(rows, key=lambda r: r["ending_cash"])
    negative = next((r["week"] for r in rows if r["ending_cash"] < 0), None)
    return {
        "weeks": rows,
        "lowest_balance": lowest["ending_cash"],
        "lowest_balance_week": lowest["week"],
        "runway_weeks": None if negative is None else negative - 1,
        "risks": _risks(rows, planned, weekly_in),
        "assumptions": _assumptions(weekly_in, weekly_cogs, growth, len(sales)),
    }


def _money(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.01")))


def _risks(
    rows: list[dict[str, Any]], planned: list[dict[str, Any]], weekly_in: Decimal
) -> list[str]:
    risks = [
        f"Cash goes below zero in week {r['week']} ({r['ending_cash']})."
        for r in rows
        if r["ending_cash"] < 0
    ][:3]
    big = [p for p in planned if Decimal(str(p["amount"])) > 2 * weekly_in]
    risks += [
        f"'{p['description']}' in week {p['week']} is more than two weeks of sales." for p in big
    ][:3]
    if weekly_in == 0:
        risks.append("No sales in the last four weeks: the forecast has no income.")
    return risks


def _assumptions(
    weekly_in: Decimal, weekly_cogs: Decimal, growth: Decimal, lines: int
) -> list[str]:
    return [
        f"Weekly sales of {_money(weekly_in)} and cost of goods of {_money(weekly_cogs)}: "
        f"the average of the last {HISTORY_DAYS} days ({lines} order lines).",
        f"Sales and cost of goods grow {growth * 100:g}% a week.",
        "Planned payments fall in the week given; nothing else is paid.",
    ]
