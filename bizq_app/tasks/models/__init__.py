"""The tasks domain's tables."""

from bizq_app.tasks.models.ai import AIUsage, ProviderKey
from bizq_app.tasks.models.task import (
    ENDED,
    HISTORY_LABELS,
    HOLDING_CREDITS,
    IN_PROGRESS,
    STATUS_LABELS,
    RecurringTask,
    Task,
    TaskDefinition,
    TaskStatus,
)
from bizq_app.tasks.models.worker import Worker, WorkerKind

__all__ = [
    "ENDED",
    "HISTORY_LABELS",
    "HOLDING_CREDITS",
    "IN_PROGRESS",
    "STATUS_LABELS",
    "AIUsage",
    "ProviderKey",
    "RecurringTask",
    "Task",
    "TaskDefinition",
    "TaskStatus",
    "Worker",
    "WorkerKind",
]
