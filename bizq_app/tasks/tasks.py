"""Tasks, seen from the store: create (single, batch, chain), read, cancel.

The engine's other half — running, completing, settling — is in
``task_runs``. Every status change writes an audit event (the task's history)
and publishes ``task.updated`` after commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func
from sqlmodel import Session, col, select

from bizq_app.accounts import actors
from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.permissions import Permission, require
from bizq_app.billing import ledger
from bizq_app.core.db import tx_cache
from bizq_app.core.errors import InsufficientCredits, InvalidTransition, NotFound, ValidationFailed
from bizq_app.core.pagination import DEFAULT_LIMIT, Page, paginate
from bizq_app.core.schemas import validate
from bizq_app.tasks import task_flow
from bizq_app.tasks.models import HOLDING_CREDITS, IN_PROGRESS, Task, TaskDefinition, TaskStatus
from bizq_app.tasks.task_definitions import get_definition

MAX_BATCH = 50


@dataclass(frozen=True)
class TaskRequest:
    """What to run: a task type and its input."""

    type: str
    input: object


def create_task(
    *, session: Session, user_id: actors.Actor, store_id: uuid.UUID, type: str, input: object
) -> Task:
    """Validate, quote, check credits and budget, store and queue one task. ``user_id``:
    the person asking, or a system actor (``accounts.actors``) acting for the store.

    Raises:
        NotFound, PermissionDenied, ValidationFailed (each failing input path),
        InsufficientCredits: the store cannot pay the quoted cost.
    """
    return create_batch(
        session=session, user_id=user_id, store_id=store_id, requests=[TaskRequest(type, input)]
    )[0]


def create_batch(
    *,
    session: Session,
    user_id: actors.Actor,
    store_id: uuid.UUID,
    requests: Sequence[TaskRequest],
    chained: bool = False,
) -> list[Task]:
    """Create several tasks at once: all or none. With ``chained`` each step waits for the last.

    Raises:
        as ``create_task``; paths of input errors start with ``$.tasks[i].input``.
    """
    actors.require(session=session, store_id=store_id, actor=user_id, permission=Permission.OPERATE)
    if not 1 <= len(requests) <= MAX_BATCH:
        raise ValidationFailed.field("$.tasks", f"must hold from 1 to {MAX_BATCH} tasks")
    planned = [
        _checked(session, r, f"$.tasks[{i}]" if len(requests) > 1 else "$")
        for i, r in enumerate(requests)
    ]
    reserve(session, store_id, sum((d.estimated_cost for d, _ in planned), Decimal(0)))
    chain_id = uuid.uuid4() if chained else None
    tasks: list[Task] = []
    for position, (definition, data) in enumerate(planned):
        task = Task(
            store_id=store_id,
            definition_id=definition.id,
            input=data,
            cost=definition.estimated_cost,
            created_by_id=actors.user_id_of(user_id),
            max_attempts=definition.max_retries + 1,
            chain_id=chain_id,
            chain_position=position if chained else None,
            parent_id=tasks[-1].id if chained and tasks else None,
        )
        session.add(task)
        task_flow.record(session, task, "created", actor_id=actors.user_id_of(user_id))
        tasks.append(task)
    for task, (definition, _) in zip(tasks, planned, strict=True):
        if task.parent_id is None:
            task_flow.admit(session, task, definition)
        else:
            task_flow.wait(session, task, f"Waits for step {task.chain_position} of the chain.")
    return tasks


def get_task(*, session: Session, user_id: uuid.UUID, task_id: uuid.UUID) -> Task:
    """A task of a store the user belongs to.

    Raises:
        NotFound, PermissionDenied.
    """
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound(f"Task {task_id} does not exist.")
    require(session=session, store_id=task.store_id, user_id=user_id, permission=Permission.VIEW)
    return task


def list_tasks(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    status: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page[tuple[Task, TaskDefinition]]:
    """The store's tasks, newest first, optionally of one status.

    Raises:
        NotFound, PermissionDenied, ValidationFailed: unknown status.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    query = (
        select(Task, TaskDefinition)
        .join(TaskDefinition)
        .where(Task.store_id == store_id)
        .order_by(col(Task.created_at).desc(), col(Task.id))
    )
    if status:
        if status not in {s.value for s in TaskStatus}:
            raise ValidationFailed.field("query.status", "is not a task status")
        query = query.where(Task.status == status)
    return paginate(session, query, limit=limit, offset=offset)  # type: ignore[arg-type]


def cancel_task(*, session: Session, user_id: uuid.UUID, task_id: uuid.UUID) -> Task:
    """Cancel a task that has not finished; it is never charged.

    Raises:
        NotFound, PermissionDenied, InvalidTransition: it already finished.
    """
    task = get_task(session=session, user_id=user_id, task_id=task_id)
    require(session=session, store_id=task.store_id, user_id=user_id, permission=Permission.OPERATE)
    if task.status not in IN_PROGRESS:
        raise InvalidTransition(
            f"This task is {task.status}; only pending, queued or running tasks can be cancelled."
        )
    task_flow.cancel(session, task, "Cancelled by the store.", actor_id=user_id)
    return task


def retry_task(*, session: Session, user_id: uuid.UUID, task_id: uuid.UUID) -> Task:
    """Run a task again, as a new task with the same type and input (quoted afresh).

    Raises:
        NotFound, PermissionDenied, ValidationFailed, InsufficientCredits.
    """
    old = get_task(session=session, user_id=user_id, task_id=task_id)
    definition = session.get(TaskDefinition, old.definition_id)
    assert definition is not None  # foreign key
    return create_task(
        session=session,
        user_id=user_id,
        store_id=old.store_id,
        type=definition.name,
        input=old.input,
    )


def available_credits(session: Session, store_id: uuid.UUID) -> Decimal:
    """The wallet balance minus what open tasks have reserved."""
    reserved = session.exec(
        select(func.coalesce(func.sum(Task.cost), 0)).where(
            Task.store_id == store_id, col(Task.status).in_([s.value for s in HOLDING_CREDITS])
        )
    ).one()
    return ledger.balance(session, ledger.store_wallet(store_id)) - Decimal(reserved)


def _checked(session: Session, request: TaskRequest, root: str) -> tuple[TaskDefinition, dict]:
    if not isinstance(request.type, str):
        raise ValidationFailed.field(f"{root}.type", "must name a task type")
    cache, key = tx_cache(session), ("definition", request.type)
    try:
        if key not in cache:  # a batch names the same few types again and again
            cache[key] = get_definition(session=session, name=request.type)
    except NotFound as exc:
        raise ValidationFailed.field(f"{root}.type", exc.message) from exc
    definition = cache[key]
    assert isinstance(definition, TaskDefinition)
    validate(definition.input_schema, request.input, root=f"{root}.input", what="task input")
    assert isinstance(request.input, dict)  # the schema says it is an object
    return definition, dict(request.input)


def reserve(session: Session, store_id: uuid.UUID, cost: Decimal) -> None:
    """Lock the store row (so two concurrent requests cannot both spend the same credits)
    and check the wallet can pay ``cost`` on top of what open tasks reserved.

    Raises:
        InsufficientCredits: it cannot; nothing was written.
    """
    account_lookups.lock_store(session, store_id)
    available = available_credits(session, store_id)
    if cost > available:
        raise InsufficientCredits(
            f"This costs {ledger.show(cost)} credits but the store has "
            f"{ledger.show(available)} available. "
            "Buy credits or wait for running tasks to finish; nothing was queued."
        )
