"""A store's credits at a glance, and its daily task budget."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, select

from bizq_app.accounts import audit
from bizq_app.accounts.permissions import Permission, require
from bizq_app.billing import ledger
from bizq_app.tasks import task_flow, tasks
from bizq_app.tasks.models import Task, TaskDefinition, TaskStatus


@dataclass(frozen=True)
class Credits:
    balance: Decimal
    available: Decimal
    spent_today: Decimal
    daily_task_budget: Decimal | None


def credits(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> Credits:
    """The wallet, what is free to spend, today's spend and the budget.

    Raises:
        NotFound, PermissionDenied.
    """
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW
    )
    return Credits(
        balance=ledger.balance(session, ledger.store_wallet(store_id)),
        available=tasks.available_credits(session, store_id),
        spent_today=task_flow.spent_today(session, store_id),
        daily_task_budget=access.store.daily_task_budget,
    )


def set_daily_budget(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, amount: object
) -> Credits:
    """Set (or, with None, remove) the daily task budget; tasks it was holding back start now.

    Raises:
        NotFound, PermissionDenied, ValidationFailed.
    """
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.MANAGE_BILLING
    )
    budget = None if amount is None else ledger.parse_credits(amount, path="$.daily_task_budget")
    access.store.daily_task_budget = budget
    session.add(access.store)
    audit.record(
        session=session,
        action="budget.changed",
        subject_type="store",
        subject_id=store_id,
        actor_id=user_id,
        store_id=store_id,
        data={"daily_task_budget": None if budget is None else str(budget)},
    )
    _release_waiting(session, store_id)
    return credits(session=session, user_id=user_id, store_id=store_id)


def _release_waiting(session: Session, store_id: uuid.UUID) -> None:
    waiting = session.exec(
        select(Task, TaskDefinition)
        .join(TaskDefinition)
        .where(
            Task.store_id == store_id,
            Task.status == TaskStatus.PENDING.value,
            col(Task.run_after).is_not(None),
        )
        .order_by(col(Task.created_at))
    )
    for task, definition in waiting:
        task.run_after = None
        task_flow.admit(session, task, definition)
