"""A store's credits, daily budget and recurring tasks."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from bizq_app.api.deps import CurrentUser, SessionDep
from bizq_app.api.task_schemas import BudgetIn, CreditsOut, RecurringIn, RecurringOut, TopUpIn
from bizq_app.services import budget, ledger, recurring
from bizq_app.services.budget import Credits

router = APIRouter(tags=["credits"])


def _out(c: Credits) -> CreditsOut:
    return CreditsOut(
        balance=ledger.show(c.balance),
        available=ledger.show(c.available),
        spent_today=ledger.show(c.spent_today),
        daily_task_budget=None if c.daily_task_budget is None else ledger.show(c.daily_task_budget),
    )


@router.get("/stores/{store_id}/credits")
def get_credits(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> CreditsOut:
    return _out(budget.credits(session=session, user_id=user.id, store_id=store_id))


@router.post("/stores/{store_id}/credits")
def top_up(
    store_id: uuid.UUID, body: TopUpIn, user: CurrentUser, session: SessionDep
) -> CreditsOut:
    """Add credits to the store's wallet (owners only)."""
    ledger.top_up(session=session, user_id=user.id, store_id=store_id, amount=body.amount)
    return _out(budget.credits(session=session, user_id=user.id, store_id=store_id))


@router.put("/stores/{store_id}/budget")
def set_budget(
    store_id: uuid.UUID, body: BudgetIn, user: CurrentUser, session: SessionDep
) -> CreditsOut:
    """Set the daily task budget in credits (null: no limit); waiting tasks start if they fit."""
    return _out(
        budget.set_daily_budget(
            session=session, user_id=user.id, store_id=store_id, amount=body.daily_task_budget
        )
    )


@router.post("/recurring-tasks", status_code=status.HTTP_201_CREATED)
def schedule(body: RecurringIn, user: CurrentUser, session: SessionDep) -> RecurringOut:
    """Run a task now and every N hours or days until stopped."""
    rule = recurring.schedule(
        session=session,
        user_id=user.id,
        store_id=body.store_id,
        type=body.type,
        input=body.input,
        every=body.every,
        unit=body.unit,
    )
    return RecurringOut.model_validate(rule, from_attributes=True)


@router.post("/recurring-tasks/{recurring_id}/stop")
def stop(recurring_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> RecurringOut:
    rule = recurring.stop(session=session, user_id=user.id, recurring_id=recurring_id)
    return RecurringOut.model_validate(rule, from_attributes=True)
