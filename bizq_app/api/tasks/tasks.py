"""``/api/tasks``: create, list, read, cancel and review tasks."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from bizq_app.api.deps import DEFAULT_PAGE, CurrentUser, Limit, Offset, SessionDep
from bizq_app.api.schemas import PageOut
from bizq_app.api.tasks.task_schemas import BatchIn, RejectIn, TaskIn, TaskOut
from bizq_app.tasks import task_runs, tasks
from bizq_app.tasks.tasks import TaskRequest

router = APIRouter(prefix="/tasks", tags=["tasks"])


@router.post("", status_code=status.HTTP_201_CREATED)
def create_task(body: TaskIn, user: CurrentUser, session: SessionDep) -> TaskOut:
    """Create a task: input checked against its schema, cost quoted and reserved, then queued."""
    task = tasks.create_task(
        session=session, user_id=user.id, store_id=body.store_id, type=body.type, input=body.input
    )
    return TaskOut.for_task(session, task)


@router.post("/batch", status_code=status.HTTP_201_CREATED)
def create_batch(body: BatchIn, user: CurrentUser, session: SessionDep) -> PageOut[TaskOut]:
    """Several tasks at once (all or none); ``chained`` runs them one after another."""
    created = tasks.create_batch(
        session=session,
        user_id=user.id,
        store_id=body.store_id,
        chained=body.chained,
        requests=[TaskRequest(t.type, t.input) for t in body.tasks],
    )
    items = [TaskOut.for_task(session, t) for t in created]
    return PageOut(items=items, total=len(items), limit=len(items), offset=0)


@router.get("")
def list_tasks(
    store_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    status: str | None = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> PageOut[TaskOut]:
    """A store's tasks, newest first."""
    page = tasks.list_tasks(
        session=session,
        user_id=user.id,
        store_id=store_id,
        status=status,
        limit=limit,
        offset=offset,
    )
    return PageOut(
        items=[TaskOut.of(t, d) for t, d in page.items],
        total=page.total,
        limit=limit,
        offset=offset,
    )


@router.get("/{task_id}")
def get_task(task_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> TaskOut:
    return TaskOut.for_task(
        session, tasks.get_task(session=session, user_id=user.id, task_id=task_id)
    )


@router.post("/{task_id}/cancel")
def cancel_task(task_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> TaskOut:
    """Cancel a pending, queued or running task; it is not charged."""
    return TaskOut.for_task(
        session, tasks.cancel_task(session=session, user_id=user.id, task_id=task_id)
    )


@router.post("/{task_id}/approve")
def approve_task(task_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> TaskOut:
    """Accept the output of a task waiting for review; it completes and is charged."""
    return TaskOut.for_task(
        session, task_runs.approve(session=session, user_id=user.id, task_id=task_id)
    )


@router.post("/{task_id}/reject")
def reject_task(
    task_id: uuid.UUID, body: RejectIn, user: CurrentUser, session: SessionDep
) -> TaskOut:
    """Refuse the output (not charged): another worker tries, or it fails."""
    task = task_runs.reject(
        session=session, user_id=user.id, task_id=task_id, reason=body.reason, retry=body.retry
    )
    return TaskOut.for_task(session, task)
