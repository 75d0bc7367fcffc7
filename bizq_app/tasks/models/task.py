"""Task definitions (the catalog) and task runs."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, Numeric
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import (
    UTCDateTime,
    created_field,
    credits_field,
    id_field,
    json_field,
    timestamp_field,
)


class TaskStatus(StrEnum):
    PENDING = "pending"
    QUEUED = "queued"
    RUNNING = "running"
    AWAITING_REVIEW = "awaiting_review"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"


STATUS_LABELS = {
    TaskStatus.PENDING.value: "Waiting to start",
    TaskStatus.QUEUED.value: "Queued",
    TaskStatus.RUNNING.value: "Working on it",
    TaskStatus.AWAITING_REVIEW.value: "Waiting for your review",
    TaskStatus.COMPLETED.value: "Done",
    TaskStatus.FAILED.value: "Failed",
    TaskStatus.CANCELLED.value: "Cancelled",
}
"""Each status as a seller reads it."""
HISTORY_LABELS = {"created": "Created", "waiting": "Held back", **STATUS_LABELS}
"""Each step of a task's history (``task.<step>`` in the audit log) as a seller reads it."""

IN_PROGRESS = frozenset({TaskStatus.PENDING, TaskStatus.QUEUED, TaskStatus.RUNNING})
"""Being worked on: it can still be cancelled."""
HOLDING_CREDITS = IN_PROGRESS | {TaskStatus.AWAITING_REVIEW}
"""Not charged yet but its price is reserved from the store's credits."""
ENDED = frozenset({TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED})
"""Nothing more will happen to it (a failed task may be retried as a new run)."""


class TaskDefinition(SQLModel, table=True):
    __tablename__ = "task_definitions"

    id: uuid.UUID = id_field()
    name: str = Field(max_length=100, unique=True, index=True)
    category: str = Field(max_length=32, index=True)
    title: str = Field(default="", max_length=120)
    description: str = ""
    input_schema: dict[str, Any] = json_field()
    output_schema: dict[str, Any] = json_field()
    estimated_cost: Decimal = credits_field()
    estimated_time: int = 60  # seconds
    timeout_seconds: int = 300
    worker_requirements: list[str] = json_field(default_factory=list)
    requires_approval: bool = False
    max_retries: int = 2
    is_builtin: bool = False
    royalty_percentage: Decimal = Field(default=Decimal("0"), sa_type=Numeric(5, 2))
    creator_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = created_field()
    updated_at: datetime | None = timestamp_field()


class Task(SQLModel, table=True):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_store_status", "store_id", "status"),
        Index("ix_tasks_status_run_after", "status", "run_after"),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    definition_id: uuid.UUID = Field(foreign_key="task_definitions.id", index=True)
    status: str = Field(default=TaskStatus.PENDING.value, max_length=20)
    status_reason: str | None = None  # why it waits, failed or was rejected
    input: dict[str, Any] = json_field()
    output: dict[str, Any] | None = json_field(nullable=True)
    worker_id: uuid.UUID | None = Field(default=None, foreign_key="workers.id", index=True)
    cost: Decimal = credits_field()
    attempt: int = 0
    max_attempts: int = 3
    run_after: datetime | None = timestamp_field()  # not before (budget waits, retry backoff)
    claim_expires_at: datetime | None = timestamp_field()
    rq_job_id: str | None = Field(default=None, max_length=64)
    chain_id: uuid.UUID | None = Field(default=None, index=True)
    chain_position: int | None = None
    parent_id: uuid.UUID | None = Field(default=None, foreign_key="tasks.id", index=True)
    recurring_id: uuid.UUID | None = Field(default=None, foreign_key="recurring_tasks.id")
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = created_field()
    updated_at: datetime | None = timestamp_field()
    queued_at: datetime | None = timestamp_field()
    started_at: datetime | None = timestamp_field()
    completed_at: datetime | None = timestamp_field()


class RecurringTask(SQLModel, table=True):
    """A task run again every ``interval_seconds`` until stopped."""

    __tablename__ = "recurring_tasks"

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", index=True, ondelete="CASCADE")
    definition_id: uuid.UUID = Field(foreign_key="task_definitions.id")
    input: dict[str, Any] = json_field()
    interval_seconds: int
    next_run_at: datetime = Field(sa_type=UTCDateTime, nullable=False, index=True)
    is_active: bool = True
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = created_field()
