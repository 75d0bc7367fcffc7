"""What other domains may read of tasks without its permission checks: a task, definition
or worker by id, a store's tasks waiting for review or in progress, a product's latest
task of a type, and the erasure of a buyer's personal data from task input and output."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy import Text, cast, func, or_
from sqlmodel import Session, col, select

from bizq_app.tasks.models import IN_PROGRESS, Task, TaskDefinition, TaskStatus, Worker


def find_task(session: Session, task_id: uuid.UUID) -> Task | None:
    """The task with this id, in any store, or None."""
    return session.get(Task, task_id)


def find_definition(session: Session, definition_id: uuid.UUID) -> TaskDefinition | None:
    """The task definition with this id, or None."""
    return session.get(TaskDefinition, definition_id)


def find_worker(session: Session, worker_id: uuid.UUID | None) -> Worker | None:
    """The worker with this id, or None (also when there is no id)."""
    return session.get(Worker, worker_id) if worker_id else None


def with_definitions(
    session: Session, task_ids: list[uuid.UUID]
) -> list[tuple[Task, TaskDefinition]]:
    """These tasks, each with its definition (in no particular order)."""
    query = select(Task, TaskDefinition).join(TaskDefinition).where(col(Task.id).in_(task_ids))
    return [(task, definition) for task, definition in session.exec(query)]


def awaiting_review(
    session: Session, store_id: uuid.UUID, limit: int = 500
) -> list[tuple[Task, TaskDefinition]]:
    """The store's tasks waiting for the owner's review, oldest first."""
    query = (
        select(Task, TaskDefinition)
        .join(TaskDefinition)
        .where(Task.store_id == store_id, Task.status == TaskStatus.AWAITING_REVIEW.value)
        .order_by(col(Task.created_at))
        .limit(limit)
    )
    return [(task, definition) for task, definition in session.exec(query)]


def latest_about_product(
    session: Session, store_id: uuid.UUID, task_type: str, product_id: uuid.UUID
) -> Task | None:
    """The store's newest task of ``task_type`` whose input names this product."""
    query = (
        select(Task)
        .join(TaskDefinition)
        .where(
            TaskDefinition.name == task_type,
            Task.store_id == store_id,
            Task.input["product_id"].as_string() == str(product_id),  # type: ignore[index]
        )
        .order_by(col(Task.created_at).desc())
        .limit(1)
    )
    return session.exec(query).first()


def count_in_progress(session: Session, store_id: uuid.UUID) -> int:
    """How many of the store's tasks are being worked on."""
    query = (
        select(func.count())
        .select_from(Task)
        .where(Task.store_id == store_id, col(Task.status).in_([s.value for s in IN_PROGRESS]))
    )
    return int(session.exec(query).one())


def count_completed(session: Session, store_id: uuid.UUID, task_types: list[str]) -> int:
    """How many of the store's tasks of these types completed."""
    query = (
        select(func.count())
        .select_from(Task)
        .join(TaskDefinition)
        .where(
            Task.store_id == store_id,
            Task.status == TaskStatus.COMPLETED.value,
            col(TaskDefinition.name).in_(task_types),
        )
    )
    return int(session.exec(query).one())


def scrub_mentions(
    session: Session, store_id: uuid.UUID, texts: list[str], scrub: Callable[[Any], Any]
) -> int:
    """Rewrite, with ``scrub``, the input and output of the store's tasks that mention any
    of ``texts`` (case-insensitive); returns how many tasks changed."""
    if not texts:
        return 0
    mentions = [
        func.lower(cast(column, Text)).contains(text.lower(), autoescape=True)
        for column in (col(Task.input), col(Task.output))
        for text in texts
    ]
    found = list(session.exec(select(Task).where(Task.store_id == store_id, or_(*mentions))))
    for task in found:
        task.input = scrub(task.input)
        task.output = scrub(task.output)
        session.add(task)
    return len(found)
