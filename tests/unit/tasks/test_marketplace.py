"""Custom task definitions and the royalty their creators earn (PostgreSQL and SQLite)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import Session, select

from bizq_app.billing import ledger
from bizq_app.billing.models import AccountKind, LedgerEntry
from bizq_app.core.errors import Conflict, ValidationFailed
from bizq_app.tasks import task_definitions, task_runs, tasks
from tests.factories import make_store, make_user, seed

SLOGAN: dict[str, Any] = {
    "name": "marketing.write_slogan",
    "title": "Write a slogan",
    "input_schema": {
        "type": "object",
        "properties": {"brand": {"type": "string"}},
        "required": ["brand"],
        "additionalProperties": False,
    },
    "output_schema": {
        "type": "object",
        "properties": {"slogan": {"type": "string"}},
        "required": ["slogan"],
        "additionalProperties": False,
    },
    "estimated_cost": "10.00",
    "royalty_percentage": "15",
    "worker_requirements": ["ai"],
}


def test_a_creator_earns_the_royalty_when_anyones_task_completes(session: Session) -> None:
    seed(session)
    creator = make_user(session)
    definition = task_definitions.create_definition(
        session=session, user_id=creator.id, data=SLOGAN
    )
    buyer = make_store(session)
    task = tasks.create_task(
        session=session,
        user_id=buyer.store.created_by_id,
        store_id=buyer.store.id,
        type="marketing.write_slogan",
        input={"brand": "Calm Corner"},
    )
    run = task_runs.start_run(session=session, task_id=task.id)
    assert run is not None

    task_runs.complete_run(
        session=session,
        task_id=task.id,
        attempt=run.attempt,
        output={"slogan": "Light that lingers"},
    )

    royalty = ledger.balance(session, ledger.Account(AccountKind.CREATOR_ROYALTIES, creator.id))
    assert definition.creator_id == creator.id
    assert royalty == Decimal("1.50")
    assert ledger.balance(session, ledger.store_wallet(buyer.store.id)) == Decimal("90.00")


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"name": "slogan"}, "$.name"),
        ({"name": "pets.write_slogan"}, "$.name"),
        ({"estimated_cost": "0"}, "$.estimated_cost"),
        ({"estimated_cost": "-3"}, "$.estimated_cost"),
        ({"royalty_percentage": "51"}, "$.royalty_percentage"),
        ({"input_schema": {"type": "objekt"}}, "$.input_schema"),
        ({"output_schema": {"type": "string"}}, "$.output_schema"),
        ({"worker_requirements": ["robot"]}, "$.worker_requirements"),
    ],
)
def test_bad_custom_definitions_are_refused(session: Session, change: dict, path: str) -> None:
    creator = make_user(session)

    with pytest.raises(ValidationFailed) as err:
        task_definitions.create_definition(
            session=session, user_id=creator.id, data={**SLOGAN, **change}
        )

    assert err.value.errors[0].path == path


def test_names_are_unique(session: Session) -> None:
    seed(session)
    creator = make_user(session)

    with pytest.raises(Conflict):
        task_definitions.create_definition(
            session=session, user_id=creator.id, data={**SLOGAN, "name": "product.optimize_seo"}
        )


def test_the_marketplace_filters_by_category_and_search(session: Session) -> None:
    seed(session)

    customer = task_definitions.list_definitions(session=session, category="customer")
    found = task_definitions.list_definitions(session=session, search="SENTIMENT")

    assert customer.total == 8
    assert {d.category for d in customer.items} == {"customer"}
    assert [d.name for d in found.items] == ["customer.analyze_review_sentiment"]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cost=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("50"), places=2),
    royalty=st.decimals(min_value=Decimal("0"), max_value=Decimal("50"), places=2),
)
def test_every_settlement_balances(session: Session, cost: Decimal, royalty: Decimal) -> None:
    seed(session)
    creator = make_user(session)
    name = f"growth.try_{abs(hash((cost, royalty))) % 10**8}"
    task_definitions.create_definition(
        session=session,
        user_id=creator.id,
        data={
            **SLOGAN,
            "name": name,
            "estimated_cost": str(cost),
            "royalty_percentage": str(royalty),
        },
    )
    store = make_store(session)
    task = tasks.create_task(
        session=session,
        user_id=store.store.created_by_id,
        store_id=store.store.id,
        type=name,
        input={"brand": "B"},
    )
    run = task_runs.start_run(session=session, task_id=task.id)
    assert run is not None

    task_runs.complete_run(
        session=session, task_id=task.id, attempt=run.attempt, output={"slogan": "S"}
    )

    entries = session.exec(select(LedgerEntry).where(LedgerEntry.task_id == task.id)).all()
    assert sum(e.amount for e in entries) == 0
    assert -sum(e.amount for e in entries if e.amount < 0) == cost
    totals = session.exec(select(func.sum(LedgerEntry.amount))).one()
    assert totals == 0
