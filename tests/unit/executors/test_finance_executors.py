"""BizQ's offline rules that work from the seller's figures alone: money, shipping, referrals."""

from __future__ import annotations

from typing import Any

from bizq_app.executors import expenses, growth, savings, shipping, working_capital
from tests.executor_runs import run_rules


def run_task(executor: Any, type: str, data: dict[str, Any]) -> Any:
    """Run a store-free ``executor`` and check its input and output against the catalog."""
    return run_rules(executor, type, data)


def test_expenses_are_sorted_by_keyword_with_exact_totals() -> None:
    out = run_task(
        expenses.categorize_expenses,
        "finance.categorize_expenses",
        {
            "transactions": [
                {"description": "FACEBK *ADS 1234", "amount": 120.10},
                {"description": "USPS POSTAGE", "amount": 0.1},
                {"description": "Pirate Ship label", "amount": 0.2},
                {"description": "SHOPIFY PAYMENTS FEE", "amount": 3.5},
                {"description": "Monthly plan", "merchant": "Shopify", "amount": 39},
                {"description": "Coffee with Sam", "amount": 4.2},
            ]
        },
    )

    categories = [t["category"] for t in out["transactions"]]
    assert categories == [
        "advertising",
        "shipping",
        "shipping",
        "payment_fees",
        "software",
        "other",
    ]
    totals = {t["category"]: t["total"] for t in out["totals_by_category"]}
    assert totals["shipping"] == 0.3  # 0.1 + 0.2 exactly, not 0.30000000000000004
    assert totals["advertising"] == 120.1
    assert out["uncertain_count"] == 1
    assert out["transactions"][5]["deductible"] is False


def test_savings_apply_stated_rates_and_catch_duplicates() -> None:
    out = run_task(
        savings.find_savings,
        "finance.find_savings",
        {
            "monthly_expenses": [
                {"name": "Email tool", "amount": 100, "category": "software"},
                {"name": "Email tool", "amount": 100, "category": "software"},
                {"name": "Meta ads", "amount": 1000},
                {"name": "Sales tax", "amount": 500, "category": "taxes"},
                {"name": "Canva", "amount": 12.99},
            ],
            "min_saving": 10,
        },
    )

    savings_by_area = {o["area"]: o["estimated_monthly_saving"] for o in out["opportunities"]}
    assert savings_by_area == {
        "Meta ads (advertising)": 200.0,  # 20% of 1,000
        "Email tool (listed twice)": 100.0,
        "Email tool (software)": 15.0,  # 15% of 100
    }  # Canva's 1.95 is under the 10 minimum; tax has no rule-of-thumb saving
    assert out["total_monthly_saving"] == 315.0
    assert [o["estimated_monthly_saving"] for o in out["opportunities"]] == [200.0, 100.0, 15.0]


def test_savings_without_costs_say_so() -> None:
    out = run_task(savings.find_savings, "finance.find_savings", {"focus": "ads"})

    assert out["opportunities"] == [] and out["total_monthly_saving"] == 0
    assert "No monthly costs were given" in out["summary"]


def test_cash_flow_actions_are_computed_from_the_figures() -> None:
    out = run_task(
        working_capital.optimize_cash_flow,
        "finance.optimize_cash_flow",
        {
            "current_cash": 6000,
            "monthly_revenue": 10000,
            "monthly_expenses": 12000,
            "inventory_value": 8000,
            "supplier_terms_days": 0,
        },
    )

    impacts = {r["area"]: r["estimated_cash_impact"] for r in out["recommendations"]}
    assert impacts == {
        "payables": 6000.0,  # half of 12,000 a month, paid 30 days later
        "inventory": 1600.0,  # a fifth of 8,000 of stock
        "spending": 1200.0,
        "pricing": 300.0,
    }  # 6,000 of cash already covers 3 months of net spending: no financing
    assert out["total_estimated_impact"] == 9100.0
    assert "about 3 months of runway" in out["summary"]  # 6,000 / 2,000 a month


def test_shipping_compares_indicative_rates_with_todays_cost() -> None:
    out = run_task(
        shipping.optimize_shipping_rates,
        "operations.optimize_shipping_rates",
        {
            "monthly_shipments": 100,
            "average_weight_kg": 0.5,
            "main_destinations": ["US"],
            "current_carrier": "UPS",
            "current_average_cost": 12,
        },
    )

    first = out["recommendations"][0]
    assert (first["carrier"], first["estimated_cost_per_shipment"]) == ("DHL eCommerce", 8.9)
    assert out["estimated_monthly_saving"] == 310.0  # (12.00 - 8.90) x 100
    assert "indicative" in out["summary"]
    assert any("the carrier you use today" in r["best_for"] for r in out["recommendations"])


def test_shipping_abroad_and_too_heavy_parcels() -> None:
    abroad = run_task(
        shipping.optimize_shipping_rates,
        "operations.optimize_shipping_rates",
        {"monthly_shipments": 10, "average_weight_kg": 0.3, "main_destinations": ["Germany"]},
    )
    heavy = run_task(
        shipping.optimize_shipping_rates,
        "operations.optimize_shipping_rates",
        {"monthly_shipments": 10, "average_weight_kg": 40},
    )

    assert {r["carrier"] for r in abroad["recommendations"]} == {"USPS", "DHL"}
    assert "No current cost was given" in abroad["summary"]
    assert heavy["recommendations"] == [] and "freight" in heavy["summary"]


def test_referral_rewards_stay_under_the_share_of_first_order_profit() -> None:
    out = run_task(
        growth.plan_referral_program,
        "growth.plan_referral_program",
        {
            "average_order_value": 60,
            "gross_margin_percent": 50,
            "monthly_customers": 500,
            "monthly_budget": 50,
        },
    )

    # 60 x 50% = 30 gross profit; 40% of it = 12, split: 6 each side
    assert out["referrer_reward"]["value"] == out["friend_reward"]["value"] == 6.0
    assert out["cost_per_acquired_customer"] == 12.0
    assert out["expected_referrals_per_month"] == 4  # 2% of 500 = 10, budget 50 pays for 4
    assert out["expected_monthly_cost"] == 48.0


def test_referral_with_no_margin_offers_no_paid_reward() -> None:
    out = run_task(
        growth.plan_referral_program,
        "growth.plan_referral_program",
        {"average_order_value": 0, "gross_margin_percent": 0, "reward_preference": "cash"},
    )

    assert out["cost_per_acquired_customer"] == 0
    assert out["expected_referrals_per_month"] == 0
    assert out["rules"][0].startswith("An order earns no gross profit")
