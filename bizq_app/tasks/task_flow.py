"""Moving a task from one status to the next, safely.

Every move is a conditional UPDATE (``WHERE status IN (...)`` and, for runs,
``AND attempt = ...``): a job delivered twice, a late worker or a concurrent
cancel finds the row already moved and changes nothing. Each move writes an
audit event (the task's history) and publishes ``task.updated`` after commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bizq_app.accounts import audit
from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.models import Store
from bizq_app.billing import ledger
from bizq_app.core import events, queue, status
from bizq_app.core.columns import utcnow
from bizq_app.core.db import on_commit, tx_cache
from bizq_app.integrations.ai.registry import AI_PROVIDERS
from bizq_app.tasks import ai_settings, task_definitions, workers
from bizq_app.tasks.models import Task, TaskDefinition, TaskStatus, Worker, WorkerKind

S = TaskStatus
INBOX_NOTE = "Waiting for a person to claim it in the worker inbox."


def transition(
    session: Session,
    task: Task,
    allowed: Sequence[TaskStatus],
    to: TaskStatus,
    *,
    at_attempt: int | None = None,
    reason: str | None = None,
    actor_id: uuid.UUID | None = None,
    **values: Any,
) -> bool:
    """Move ``task`` to ``to`` if it is still in one of ``allowed`` (and, given
    ``at_attempt``, still on that attempt); False if it was not."""
    same_attempt = [col(Task.attempt) == at_attempt] if at_attempt is not None else []
    values.update(status_reason=reason, updated_at=utcnow())
    if not status.move(session, task, allowed, to, conditions=same_attempt, **values):
        return False
    record(session, task, to.value, actor_id=actor_id, note=reason)
    return True


def record(
    session: Session,
    task: Task,
    what: str,
    *,
    actor_id: uuid.UUID | None = None,
    note: str | None = None,
) -> None:
    """Write the task's history entry and announce the change after commit."""
    data = {"status": task.status, "attempt": task.attempt}
    if note:
        data["note"] = note
    audit.record(
        session=session,
        action=f"task.{what}",
        subject_type="task",
        subject_id=task.id,
        actor_id=actor_id,
        store_id=task.store_id,
        data=data,
    )
    store_id, task_id, status = task.store_id, task.id, task.status
    if status == TaskStatus.COMPLETED.value:
        kind = task_definitions.snapshot(session=session, definition_id=task.definition_id).name
        events.emit(session, store_id, "task.completed", {"task_id": str(task_id), "type": kind})
    _announce(session, store_id, task_id, status)


def _announce(session: Session, store_id: uuid.UUID, task_id: uuid.UUID, status: str) -> None:
    """Publish ``task.updated`` after commit with the status each task of the transaction
    ended in (a batch of tasks created and queued at once: one message per task, sent
    together)."""
    cache = tx_cache(session)
    updates = cache.get("task updates")
    if not isinstance(updates, dict):
        updates = cache["task updates"] = {}
        on_commit(session, lambda: events.publish_all(updates.values()))
    updates[task_id] = (store_id, "task.updated", {"task_id": str(task_id), "status": status})


def wait(session: Session, task: Task, reason: str) -> None:
    """Leave a task pending, saying why."""
    task.status_reason = reason
    session.add(task)
    session.flush()
    record(session, task, "waiting", note=reason)


def admit(session: Session, task: Task, definition: TaskDefinition) -> None:
    """Queue a pending task, unless the store's daily budget says it must wait."""
    store = _store(session, task.store_id)
    assert store is not None
    if store.daily_task_budget is not None:
        spent = spent_today(session, task.store_id)
        if spent + task.cost > store.daily_task_budget:
            task.run_after = next_midnight()
            wait(
                session,
                task,
                f"Waits for tomorrow's budget: {ledger.show(spent)} of "
                f"{ledger.show(store.daily_task_budget)} credits used today.",
            )
            return
    queue_task(session, task, definition, allowed=(S.PENDING,))


def queue_task(
    session: Session,
    task: Task,
    definition: TaskDefinition,
    *,
    allowed: Sequence[TaskStatus],
    reason: str | None = None,
) -> bool:
    """Queue a task for the best AI worker, or for the human inbox."""
    worker = None
    if WorkerKind.AI.value in definition.worker_requirements:
        worker = _matched(session, definition, task.store_id)
    people = {WorkerKind.HUMAN.value, WorkerKind.EXPERT.value} & set(definition.worker_requirements)
    if worker is None and not people:
        return transition(
            session,
            task,
            allowed,
            S.FAILED,
            completed_at=utcnow(),
            reason="No AI worker is available for this task type.",
        )
    group = _job_group(session, task, definition, worker) if worker else None
    job_id = group.job_id if group else None
    moved = transition(
        session,
        task,
        allowed,
        S.QUEUED,
        reason=reason or (None if worker else INBOX_NOTE),
        worker_id=worker.id if worker else None,
        queued_at=task.queued_at or utcnow(),
        rq_job_id=job_id,
        claim_expires_at=None,
    )
    if moved and group:
        group.task_ids.append(str(task.id))
    return moved


GROUP_SIZE = 10


@dataclass
class _JobGroup:
    job_id: str
    timeout: int
    task_ids: list[str] = field(default_factory=list)


def _job_group(
    session: Session, task: Task, definition: TaskDefinition, worker: Worker
) -> _JobGroup:
    """The RQ job that will run ``task``, enqueued once the transaction commits.

    Tasks of one type queued together (a batch) for BizQ's offline rules worker share
    jobs of up to ``GROUP_SIZE``: such a run takes a few milliseconds, about what RQ's
    own bookkeeping takes per job. A task for an AI provider or a person's worker waits
    on the network, so it gets a job of its own and runs beside the others."""
    groups = tx_cache(session)
    key = ("job group", definition.id)
    group = groups.get(key) if worker.provider not in AI_PROVIDERS else None
    if isinstance(group, _JobGroup) and len(group.task_ids) < GROUP_SIZE:
        return group
    group = _JobGroup(queue.new_job_id(task.id, task.attempt + 1), definition.timeout_seconds)
    if worker.provider not in AI_PROVIDERS:
        groups[key] = group
    on_commit(session, lambda: queue.enqueue_tasks(group.task_ids, group.job_id, group.timeout))
    return group


def _store(session: Session, store_id: uuid.UUID) -> Store | None:
    """The store, read once per transaction: the cache holds it, so a batch of tasks does
    not load it again for each task (the session keeps only rows someone refers to)."""
    cache = tx_cache(session)
    key = ("store", store_id)
    if key not in cache:
        with session.no_autoflush:  # new tasks need not be written to read their store
            cache[key] = account_lookups.find_store(session, store_id)
    return cache[key]  # type: ignore[return-value]


def _matched(session: Session, definition: TaskDefinition, store_id: uuid.UUID) -> Worker | None:
    """The best worker for the definition, matched once per transaction (a batch reuses it),
    honouring the store's own provider keys and chosen provider."""
    cache = tx_cache(session)
    key = ("match", definition.id, store_id)
    if key not in cache:
        store = _store(session, store_id)
        with session.no_autoflush:  # nor to match their worker
            cache[key] = workers.match(
                session=session,
                definition=definition,
                own_keys=ai_settings.providers_with_keys(session, store_id),
                prefer=(store.settings.get("ai_provider") if store else None),
            )
    return cache[key]  # type: ignore[return-value]


def cancel(
    session: Session,
    task: Task,
    reason: str,
    *,
    actor_id: uuid.UUID | None = None,
) -> None:
    """Cancel a task (never charged) and the chain steps after it; stop its job if it
    is running (a queued task's job finds it cancelled and skips it; the job may run other
    tasks of its group too)."""
    job_id = task.rq_job_id if task.status == S.RUNNING.value else None
    if not transition(
        session,
        task,
        (S.PENDING, S.QUEUED, S.RUNNING),
        S.CANCELLED,
        reason=reason,
        actor_id=actor_id,
        completed_at=utcnow(),
    ):
        return
    if job_id:
        on_commit(session, lambda: queue.stop_job(job_id))
    stop_chain_after(session, task, f"Step {task.chain_position} was cancelled.")


def stop_chain_after(session: Session, task: Task, reason: str) -> None:
    """Cancel the steps of ``task``'s chain that come after it."""
    if task.chain_id is None:
        return
    later = session.exec(
        select(Task).where(
            Task.chain_id == task.chain_id,
            col(Task.chain_position) > task.chain_position,
            Task.status == S.PENDING.value,
        )
    )
    for step in later:
        transition(session, step, (S.PENDING,), S.CANCELLED, reason=reason, completed_at=utcnow())


def next_in_chain(session: Session, task: Task) -> Task | None:
    """The chain step right after ``task``, if any."""
    if task.chain_id is None:
        return None
    return session.exec(
        select(Task).where(
            Task.chain_id == task.chain_id, Task.chain_position == (task.chain_position or 0) + 1
        )
    ).first()


def spent_today(session: Session, store_id: uuid.UUID) -> Decimal:
    """Credits of the store's tasks queued since midnight (UTC) that were not called off."""
    midnight = datetime.combine(utcnow().date(), time(), tzinfo=utcnow().tzinfo)
    total = session.exec(
        select(func.coalesce(func.sum(Task.cost), 0)).where(
            Task.store_id == store_id,
            col(Task.queued_at) >= midnight,
            col(Task.status).not_in([S.CANCELLED.value, S.FAILED.value]),
        )
    ).one()
    return Decimal(total)


def next_midnight() -> datetime:
    """The start of tomorrow, UTC."""
    return datetime.combine(utcnow().date() + timedelta(days=1), time(), tzinfo=utcnow().tzinfo)
