"""The rule form: text in, a template rule out (and back), problems by form field."""

from __future__ import annotations

from bizq_app.automations import automation_rules as R
from bizq_app.core.errors import FieldError, ValidationFailed

FORM = {
    "name": "  Win back big buyers! ",
    "trigger": "order.created",
    "cond0.field": "total",
    "cond0.op": "gte",
    "cond0.value": "99.50",
    "cond1.field": "",
    "cond1.value": "ignored: no field chosen",
    "task": "customer.win_back",
    "param.customer_email": "{{email}}",
    "param.max_discount_percent": "15",
    "param.favourite_products": "Amber candle, Cedar candle",
    "param.channel": "",
}


def test_the_form_becomes_a_rule_with_typed_params() -> None:
    rule = R.from_form(FORM)

    assert rule == {
        "id": "win_back_big_buyers",
        "trigger": {"event": "order.created"},
        "conditions": [{"field": "total", "op": "gte", "value": 99.5}],
        "action": {
            "execute": "task://customer.win_back",
            "params": {
                "customer_email": "{{email}}",
                "max_discount_percent": 15,
                "favourite_products": ["Amber candle", "Cedar candle"],
            },
        },
    }


def test_a_schedule_trigger_and_text_that_is_not_a_number_stay_as_given() -> None:
    rule = R.from_form(
        {
            "name": "Weekly",
            "trigger": "schedule.weekly",
            "task": "finance.analyze_profit",
            "param.period_days": "a week",
        }
    )

    assert rule["trigger"] == {"schedule": "weekly"}
    assert rule["action"]["params"] == {"period_days": "a week"}  # validation names it


def test_a_rule_goes_back_into_the_form_it_came_from() -> None:
    values = R.to_form(R.from_form(FORM))

    assert R.from_form(values) == R.from_form(FORM)
    assert values["param.favourite_products"] == "Amber candle, Cedar candle"


def test_problems_land_on_the_form_field_they_belong_to() -> None:
    exc = ValidationFailed(
        "no",
        [
            FieldError("$.id", "'' does not match '^[A-Za-z]'"),
            FieldError("$.conditions[1].value", "bad value"),
            FieldError("$.action.params.max_discount_percent", "too big"),
            FieldError("$.action.execute", "'x.y' is not a known task type"),
        ],
    )

    assert R.form_errors(exc) == {
        "name": R.NAME_RULE,
        "cond1.value": "bad value",
        "param.max_discount_percent": "too big",
        "task": "'x.y' is not a known task type",
    }


def test_a_rule_reads_as_a_sentence() -> None:
    assert R.describe(R.from_form(FORM)) == (
        "When order.created and total is at least 99.5, start customer.win_back"
    )
    weekly = {"trigger": {"schedule": "weekly"}, "action": {"execute": "task://a.bcd"}}
    assert R.describe(weekly) == "Every week, start a.bcd"
