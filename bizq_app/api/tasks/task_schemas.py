"""Bodies of the task, marketplace, worker and credits endpoints."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlmodel import Session

from bizq_app.api.schemas import Body
from bizq_app.billing.ledger import show
from bizq_app.tasks.models import Task, TaskDefinition, Worker
from bizq_app.tasks.task_definitions import snapshot


class TaskIn(Body):
    store_id: uuid.UUID
    type: str = Field(
        description="A task type from the marketplace, e.g. product.price_optimization"
    )
    input: Any = Field(description="Input matching the task type's input_schema")


class TaskItemIn(Body):
    type: str
    input: Any


class BatchIn(Body):
    store_id: uuid.UUID
    tasks: list[TaskItemIn]
    chained: bool = Field(False, description="Each step waits for the previous one to complete")


class RejectIn(Body):
    reason: str
    retry: bool = True


class OutputIn(Body):
    output: Any


class TaskOut(BaseModel):
    id: uuid.UUID
    store_id: uuid.UUID
    type: str
    title: str
    status: str
    status_reason: str | None
    input: dict[str, Any]
    output: dict[str, Any] | None
    cost: str = Field(description="Quoted cost in credits (a decimal string)")
    worker_id: uuid.UUID | None
    attempt: int
    chain_id: uuid.UUID | None
    chain_position: int | None
    created_at: datetime
    queued_at: datetime | None
    started_at: datetime | None
    completed_at: datetime | None

    @classmethod
    def for_task(cls, session: Session, task: Task) -> TaskOut:
        """The task with its type's name and title (from the cached definition)."""
        return cls.of(task, snapshot(session=session, definition_id=task.definition_id))

    @classmethod
    def of(cls, task: Task, definition: TaskDefinition) -> TaskOut:
        data = task.model_dump(include=set(cls.model_fields) - {"type", "title", "cost"})
        return cls(**data, type=definition.name, title=definition.title, cost=show(task.cost))


class DefinitionIn(Body):
    name: str
    title: str = ""
    description: str = ""
    input_schema: Any
    output_schema: Any
    estimated_cost: str | int
    estimated_time: int = 60
    timeout_seconds: int = 300
    worker_requirements: list[str] = ["ai"]
    requires_approval: bool = False
    max_retries: int = 2
    royalty_percentage: str | int = "0"


class DefinitionOut(BaseModel):
    id: uuid.UUID
    name: str
    category: str
    title: str
    description: str
    input_schema: dict[str, Any]
    output_schema: dict[str, Any]
    estimated_cost: str
    estimated_time: int
    timeout_seconds: int
    worker_requirements: list[str]
    requires_approval: bool
    royalty_percentage: str
    creator_id: uuid.UUID | None
    is_builtin: bool

    @classmethod
    def of(cls, d: TaskDefinition) -> DefinitionOut:
        data = d.model_dump(
            include=set(cls.model_fields) - {"estimated_cost", "royalty_percentage"}
        )
        return cls(
            **data,
            estimated_cost=show(d.estimated_cost),
            royalty_percentage=str(d.royalty_percentage),
        )


class WorkerIn(Body):
    name: str
    kind: Literal["human", "expert"] = "human"
    skills: list[str]


class WorkerOut(BaseModel):
    id: uuid.UUID
    kind: str
    name: str
    provider: str | None
    model: str | None
    skills: list[str]
    price_factor: str
    rating: str
    capacity: int
    current_load: int
    is_active: bool
    earnings: str | None = None

    @classmethod
    def of(cls, w: Worker, load: int = 0, earnings: str | None = None) -> WorkerOut:
        computed = {"price_factor", "rating", "earnings", "current_load"}
        data = w.model_dump(include=set(cls.model_fields) - computed)
        return cls(
            **data,
            price_factor=show(w.price_factor),
            rating=str(w.rating),
            current_load=load,
            earnings=earnings,
        )


class OfferOut(BaseModel):
    task_id: uuid.UUID
    type: str
    title: str
    description: str
    pay: str
    estimated_time: int


class CreditsOut(BaseModel):
    balance: str
    available: str
    spent_today: str
    daily_task_budget: str | None


class BudgetIn(Body):
    daily_task_budget: str | int | None


class RecurringIn(Body):
    store_id: uuid.UUID
    type: str
    input: Any
    every: int
    unit: Literal["hours", "days"]


class RecurringOut(BaseModel):
    id: uuid.UUID
    store_id: uuid.UUID
    interval_seconds: int
    next_run_at: datetime
    is_active: bool
