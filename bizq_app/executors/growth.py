"""A referral program sized from the store's order value and margin."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any

from bizq_app.core.money import CENT
from bizq_app.executors.amounts import decimal, exact, shown, two_places
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

PROFIT_SHARE = Decimal("0.40")  # rewards cost at most 40% of a first order's gross profit
REFERRAL_RATE = Decimal("0.02")  # a common planning figure: 2% of customers bring a friend
MIN_ORDER_SHARE = Decimal("0.75")  # the friend's reward needs an order of 75% of the AOV
REWARD_WORDS = {
    "discount": "off their next order",
    "store_credit": "in store credit",
    "cash": "paid out in cash",
    "free_product": "worth of free product of their choice",
}


@exact
def plan_referral_program(run: Run, data: StoreData) -> dict[str, Any]:
    """Rewards whose cost stays under 40% of a first order's gross profit, split evenly."""
    aov = decimal(run.input["average_order_value"])
    margin = decimal(run.input["gross_margin_percent"]) / 100
    kind = run.input.get("reward_preference", "store_credit")
    allowance = aov * margin * PROFIT_SHARE
    value = _face_value(allowance / 2, kind, margin)
    cost_each = _cost(value, kind, margin)
    per_customer = (cost_each * 2).quantize(CENT)
    referrals = _referrals(run.input.get("monthly_customers"))
    budget = run.input.get("monthly_budget")
    if budget is not None and per_customer > 0:
        referrals = min(referrals, int(decimal(budget) // per_customer))
    return {
        "referrer_reward": _reward(kind, value, "for each friend who places a first order"),
        "friend_reward": _reward(
            kind, value, f"on a first order of {two_places(aov * MIN_ORDER_SHARE):.2f} or more"
        ),
        "cost_per_acquired_customer": two_places(per_customer),
        "expected_referrals_per_month": referrals,
        "expected_monthly_cost": two_places(per_customer * referrals),
        "rules": _rules(aov, margin, allowance, per_customer, budget, run.input),
        "launch_steps": _launch_steps(kind, value),
    }


def _face_value(cost_allowed: Decimal, kind: str, margin: Decimal) -> Decimal:
    """The reward's face value whose cost to the store is ``cost_allowed`` at most.

    A free product costs the store its goods cost, (1 - margin) of its retail value;
    discounts, credit and cash cost their face value.
    """
    ratio = 1 - margin if kind == "free_product" else Decimal(1)
    if ratio <= 0:
        return Decimal(0)  # a 100% margin product costs nothing to give: offer no free items
    value = cost_allowed / ratio
    whole = value.to_integral_value(rounding=ROUND_FLOOR)
    return whole if whole >= 5 else value.quantize(CENT, rounding=ROUND_FLOOR)


def _cost(value: Decimal, kind: str, margin: Decimal) -> Decimal:
    return value * (1 - margin) if kind == "free_product" else value


def _referrals(customers: int | None) -> int:
    return int((Decimal(customers or 0) * REFERRAL_RATE).to_integral_value(rounding=ROUND_FLOOR))


def _reward(kind: str, value: Decimal, condition: str) -> dict[str, Any]:
    words = f"{two_places(value):.2f} {REWARD_WORDS[kind]}, {condition}"
    return {"type": kind, "value": two_places(value), "description": words[0].upper() + words[1:]}


def _rules(
    aov: Decimal,
    margin: Decimal,
    allowance: Decimal,
    per_customer: Decimal,
    budget: object,
    given: dict[str, Any],
) -> list[str]:
    profit = aov * margin
    rules = [
        f"A first order of {two_places(aov):.2f} at a {shown(margin)} margin earns "
        f"{two_places(profit):.2f} gross profit; rewards cost at most {shown(PROFIT_SHARE)} of it "
        f"({two_places(allowance):.2f}), split between both sides: "
        f"{two_places(per_customer):.2f} in all.",
        "The referrer is rewarded only after the friend's order is paid and past the return "
        "window.",
        "One reward per new customer: a new email, card and delivery address; no self-referrals.",
        "Rewards cannot be combined with other discounts and expire after 90 days.",
    ]
    if profit <= 0:
        rules.insert(
            0,
            "An order earns no gross profit, so any paid reward loses money: "
            "fix pricing first, or thank referrers without a money reward.",
        )
    if budget is not None:
        rules.append(
            f"Pause new rewards once {two_places(decimal(budget)):.2f} is paid out in a month."
        )
    if not given.get("monthly_customers"):
        rules.append("No monthly customer count was given, so no referrals are expected yet.")
    rules.append(
        f"Expected referrals assume {shown(REFERRAL_RATE)} of monthly customers bring a "
        "friend, a common planning figure: measure your own rate after a month."
    )
    return rules


def _launch_steps(kind: str, value: Decimal) -> list[str]:
    return [
        "Set up referral links or codes in your store or a referral app.",
        f"Configure the reward: {two_places(value):.2f} {REWARD_WORDS[kind]} for each side.",
        "Add the offer to the order confirmation email and the account page.",
        "Email past customers who ordered more than once: they refer most.",
        "After 30 days, compare referral orders and reward cost with this plan.",
    ]
