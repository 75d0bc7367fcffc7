"""The tasks domain's tables."""

from bizq_app.tasks.models.ai import AIUsage, ProviderKey
from bizq_app.tasks.models.task import RecurringTask, Task, TaskDefinition, TaskStatus
from bizq_app.tasks.models.worker import Worker, WorkerKind

__all__ = [
    "AIUsage",
    "ProviderKey",
    "RecurringTask",
    "Task",
    "TaskDefinition",
    "TaskStatus",
    "Worker",
    "WorkerKind",
]
