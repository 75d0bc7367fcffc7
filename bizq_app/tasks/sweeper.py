"""The sweeper: the database is the source of truth; this brings Redis in line with it.

Run every few seconds (by one process at a time): it re-enqueues queued tasks
whose job is gone (Redis restarted, retry back-off over), recovers runs whose
worker died, returns expired inbox claims, admits tasks whose budget day has
come, and starts due recurring tasks.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from sqlalchemy import and_, or_
from sqlmodel import Session, col, select

from bizq_app.core import queue
from bizq_app.core.columns import utcnow
from bizq_app.core.db import on_commit
from bizq_app.tasks import inbox, recurring, task_flow, task_runs
from bizq_app.tasks.models import Task, TaskDefinition, TaskStatus

S = TaskStatus
BATCH = 500
SETTLE_SECONDS = 10  # a task queued this recently still has its job on the way


def sweep(session: Session) -> dict[str, int]:
    """One pass; returns how many tasks each step touched."""
    return {
        "requeued": requeue_lost_jobs(session),
        "recovered": recover_dead_runs(session),
        "claims_expired": inbox.expire_claims(session),
        "admitted": admit_waiting(session),
        "recurring_started": recurring.start_due(session),
    }


def requeue_lost_jobs(session: Session) -> int:
    """Queued AI tasks with no live job get a new one (after any retry back-off)."""
    now = utcnow()
    query = (
        select(Task, TaskDefinition)
        .join(TaskDefinition)
        .where(
            Task.status == S.QUEUED.value,
            col(Task.worker_id).is_not(None),
            or_(  # a retry whose back-off is over, or a task queued a while ago
                col(Task.run_after) <= now,
                and_(
                    col(Task.run_after).is_(None),
                    col(Task.updated_at) < now - timedelta(seconds=SETTLE_SECONDS),
                ),
            ),
        )
        .order_by(col(Task.updated_at))
        .limit(BATCH)
    )
    count = 0
    for task, definition in session.exec(query):
        if queue.job_pending(task.rq_job_id):
            continue
        job_id = queue.new_job_id(task.id, task.attempt + 1)
        task.rq_job_id, task.run_after = job_id, None
        session.add(task)
        on_commit(
            session, partial(queue.enqueue_task, str(task.id), job_id, definition.timeout_seconds)
        )
        count += 1
    return count


def recover_dead_runs(session: Session) -> int:
    """AI runs past their timeout whose job is gone: retried if allowed, else failed."""
    query = (
        select(Task, TaskDefinition)
        .join(TaskDefinition)
        .where(
            Task.status == S.RUNNING.value,
            col(Task.claim_expires_at).is_(None),
            col(Task.started_at).is_not(None),
        )
        .limit(BATCH)
    )
    count = 0
    for task, definition in session.exec(query):
        assert task.started_at is not None
        grace = timedelta(seconds=definition.timeout_seconds + queue.JOB_GRACE_SECONDS)
        deadline = task.started_at + grace
        if deadline > utcnow() or queue.job_pending(task.rq_job_id):
            continue
        task_runs.fail_run(
            session=session,
            task_id=task.id,
            attempt=task.attempt,
            reason="The worker stopped before finishing",
            transient=True,
        )
        count += 1
    return count


def admit_waiting(session: Session) -> int:
    """Pending tasks whose wait is over (a new budget day) and that follow no open step."""
    query = (
        select(Task, TaskDefinition)
        .join(TaskDefinition)
        .where(
            Task.status == S.PENDING.value,
            col(Task.run_after).is_not(None),
            col(Task.run_after) <= utcnow(),
        )
        .limit(BATCH)
    )
    count = 0
    for task, definition in session.exec(query):
        task.run_after = None
        session.add(task)
        task_flow.admit(session, task, definition)
        count += task.status != S.PENDING
    return count
