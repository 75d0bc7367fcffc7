"""The tasks domain's tables."""

from bizq_app.tasks.models.ai import AIUsage, ProviderKey
from bizq_app.tasks.models.task import (
    ENDED,
    HOLDING_CREDITS,
    IN_PROGRESS,
    RecurringTask,
    Task,
    TaskDefinition,
    TaskStatus,
)
from bizq_app.tasks.models.worker import Worker, WorkerKind

__all__ = [
    "ENDED",
    "HOLDING_CREDITS",
    "IN_PROGRESS",
    "AIUsage",
    "ProviderKey",
    "RecurringTask",
    "Task",
    "TaskDefinition",
    "TaskStatus",
    "Worker",
    "WorkerKind",
]
