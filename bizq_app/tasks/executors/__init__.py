"""Executors: one function per task type, producing output for its output schema.

An executor receives the run (its own task's input and, in a chain, the
previous step's output) and returns a dict. It never receives a database
session: what it may read of its store comes through ``StoreData``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bizq_app.core.errors import BizQError
from bizq_app.services.task_runs import Run
from bizq_app.tasks.executors import sentiment

Executor = Callable[[Run], dict[str, Any]]

REGISTRY: dict[str, Executor] = {
    "customer.analyze_review_sentiment": sentiment.analyze_reviews,
}


class NoExecutor(BizQError):
    code = "no_executor"
    status = 422


def execute(run: Run) -> dict[str, Any]:
    """Do one run with the executor registered for its task type.

    Raises:
        NoExecutor: BizQ cannot do this task type automatically yet.
    """
    executor = REGISTRY.get(run.type)
    if executor is None:
        raise NoExecutor(
            f"BizQ's offline rules cannot do '{run.type}' yet; "
            "a person or an AI provider is needed."
        )
    return executor(run)
