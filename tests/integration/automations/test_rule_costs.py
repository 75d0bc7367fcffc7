"""Automation rules that spend credits: off in a new store until the seller turns them on,
each showing what a run costs (the task type's price) and about how much a month."""

from __future__ import annotations

import uuid
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from bizq_app.accounts.models import User
from bizq_app.automations import automation_rules, automations
from bizq_app.automations.automation_rules import RuleView
from bizq_app.core.db import get_engine
from bizq_app.tasks.task_definitions import get_definition
from tests.integration.setup.test_quick_setup import ANSWERS, seeded_owner


def new_store(client: TestClient, experience: str) -> tuple[dict[str, str], uuid.UUID]:
    """A store made by quick setup for a seller at ``experience``: its owner's header, its id."""
    auth = seeded_owner(client)
    started = client.post(
        "/api/stores/quick-setup", headers=auth, json={**ANSWERS, "experience": experience}
    )
    assert started.status_code == 201, started.text
    return auth, uuid.UUID(started.json()["store"]["id"])


def owner_id(
    session: Session, store_id: uuid.UUID, client: TestClient, auth: dict[str, str]
) -> uuid.UUID:
    email = client.get("/api/auth/me", headers=auth).json()["email"]
    user = session.exec(select(User).where(User.email == email)).one()
    return user.id


def views(session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> dict[str, RuleView]:
    found = automation_rules.rule_views(session=session, user_id=user_id, store_id=store_id)
    return {str(v.rule["id"]): v for v in found}


def credits(client: TestClient, auth: dict[str, str], store_id: uuid.UUID) -> Decimal:
    return Decimal(client.get(f"/api/stores/{store_id}/credits", headers=auth).json()["balance"])


def test_a_new_store_has_no_rule_that_spends_credits_turned_on(client: TestClient) -> None:
    auth, store_id = new_store(client, "advanced")  # the scale template: three paid rules

    with Session(get_engine()) as session:
        user_id = owner_id(session, store_id, client, auth)
        found = views(session, user_id, store_id)
        quote = {
            name: get_definition(session=session, name=name).estimated_cost
            for name in ("finance.analyze_profit", "operations.check_stock_levels")
        }

    assert set(found) == {"reorder_when_low", "daily_stock_check", "weekly_profit"}
    assert all(v.cost.spends for v in found.values())
    assert [name for name, v in found.items() if v.on] == []
    weekly, daily = found["weekly_profit"].cost, found["daily_stock_check"].cost
    assert weekly.per_run == quote["finance.analyze_profit"]  # the task domain's price
    assert weekly.per_month == (quote["finance.analyze_profit"] * 52 / 12).quantize(Decimal("0.01"))
    assert daily.per_run == quote["operations.check_stock_levels"]
    assert daily.per_month == quote["operations.check_stock_levels"] * 30
    assert found["reorder_when_low"].cost.per_month is None  # runs as often as stock runs low
    assert weekly.sentence() == "3.00 credits a run · about 13.00 credits a month"


def test_a_paid_schedule_runs_only_once_the_seller_turns_it_on(client: TestClient) -> None:
    auth, store_id = new_store(client, "intermediate")  # the growth template: weekly profit
    before = credits(client, auth, store_id)

    with Session(get_engine()) as session:
        assert automations.run_schedules(session=session, period="weekly") == 0
        session.commit()
    assert client.get(f"/api/stores/{store_id}/automations/log", headers=auth).json()["items"] == []

    with Session(get_engine()) as session:
        user_id = owner_id(session, store_id, client, auth)
        turned = automation_rules.switch_rule(
            session=session, user_id=user_id, store_id=store_id, rule_id="weekly_profit", on=True
        )
        session.commit()
    assert turned.on and turned.cost.per_run > 0
    with Session(get_engine()) as session:
        fired = automations.evaluate(
            session=session, store_id=store_id, event="schedule.weekly", payload={}
        )
        session.commit()
    assert [(f.rule, f.fired) for f in fired] == [("weekly_profit", True)]
    task = client.get(f"/api/tasks/{fired[0].task_id}", headers=auth).json()
    assert Decimal(task["cost"]) == turned.cost.per_run  # the cost the page showed

    with Session(get_engine()) as session:
        automation_rules.switch_rule(
            session=session, user_id=user_id, store_id=store_id, rule_id="weekly_profit", on=False
        )
        session.commit()
    with Session(get_engine()) as session:
        again = automations.evaluate(
            session=session, store_id=store_id, event="schedule.weekly", payload={}
        )
    assert again == []
    assert credits(client, auth, store_id) == before  # reserved for the task, not yet charged


def test_a_rule_saved_in_the_form_starts_off_and_a_change_of_task_needs_consent_again(
    client: TestClient,
) -> None:
    auth, store_id = new_store(client, "beginner")
    form = {"name": "Check stock after orders", "trigger": "order.created"}
    with Session(get_engine()) as session:
        user_id = owner_id(session, store_id, client, auth)
        rule = automation_rules.from_form({**form, "task": "operations.check_stock_levels"})
        automation_rules.save_rule(session=session, user_id=user_id, store_id=store_id, rule=rule)
        assert not views(session, user_id, store_id)["check_stock_after_orders"].on
        automation_rules.switch_rule(
            session=session, user_id=user_id, store_id=store_id, rule_id=rule["id"], on=True
        )
        same = automation_rules.from_form({**form, "task": "operations.check_stock_levels"})
        automation_rules.save_rule(
            session=session, user_id=user_id, store_id=store_id, rule=same, replaces=rule["id"]
        )
        assert views(session, user_id, store_id)["check_stock_after_orders"].on  # same price
        other = automation_rules.from_form({**form, "task": "finance.analyze_profit"})
        automation_rules.save_rule(
            session=session, user_id=user_id, store_id=store_id, rule=other, replaces=rule["id"]
        )
        assert not views(session, user_id, store_id)["check_stock_after_orders"].on
        session.commit()
