"""Listing optimisation: a rewrite of a product's title and description the owner
sees side by side with the current one, then applies or discards.

The rewrite is a ``product.optimize_listing`` task, so it is priced, matched
to a worker (the store's AI provider, or BizQ's offline rules) and waits in
review; applying approves it (the task's effect updates the product),
discarding rejects it without charge.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bizq_app.catalog import products
from bizq_app.catalog.models import Product
from bizq_app.core.errors import NotFound
from bizq_app.tasks import lookups as task_lookups
from bizq_app.tasks import task_runs, tasks
from bizq_app.tasks.models import HOLDING_CREDITS, IN_PROGRESS, Task, TaskStatus

TASK_TYPE = "product.optimize_listing"


@dataclass(frozen=True)
class Proposal:
    """A rewrite next to what the product says now."""

    task_id: uuid.UUID
    status: str
    old_title: str
    old_description: str
    new_title: str
    new_description: str
    new_keywords: list[str]
    new_bullet_points: list[str]
    expected_conversion_increase: float
    changes_summary: str
    status_reason: str | None
    worker_name: str  # who wrote it, e.g. "BizQ rules (offline)"

    @property
    def in_progress(self) -> bool:
        """Still being written: an answer is to come."""
        return self.status in IN_PROGRESS

    @property
    def open(self) -> bool:
        """Being written or waiting for the seller's review: the product page shows it."""
        return self.status in HOLDING_CREDITS


def request(
    *,
    session: Session,
    user_id: uuid.UUID,
    product_id: uuid.UUID,
    focus: str = "conversion",
    tone: str = "friendly",
) -> Task:
    """Ask for a rewrite of the product's listing (a task, charged when applied).

    Raises:
        NotFound, PermissionDenied, ValidationFailed (bad focus or tone),
        InsufficientCredits.
    """
    product = products.get_product(session=session, user_id=user_id, product_id=product_id)
    return tasks.create_task(
        session=session,
        user_id=user_id,
        store_id=product.store_id,
        type=TASK_TYPE,
        input={"product_id": str(product.id), "focus": focus, "tone": tone},
    )


def proposal(*, session: Session, user_id: uuid.UUID, task_id: uuid.UUID) -> Proposal:
    """The rewrite a task proposed, next to the product as it is now.

    Raises:
        NotFound: no such rewrite, or its product is gone.
    """
    task = tasks.get_task(session=session, user_id=user_id, task_id=task_id)
    definition = task_lookups.find_definition(session, task.definition_id)
    if definition is None or definition.name != TASK_TYPE:
        raise NotFound(f"Task {task_id} is not a listing optimisation.")
    product = session.get(Product, uuid.UUID(str(task.input["product_id"])))
    if product is None:
        raise NotFound("The product of this rewrite is gone.")
    return _proposal(session, task, product)


def latest(*, session: Session, user_id: uuid.UUID, product_id: uuid.UUID) -> Proposal | None:
    """The product's newest rewrite, if it has one."""
    product = products.get_product(session=session, user_id=user_id, product_id=product_id)
    task = task_lookups.latest_about_product(session, product.store_id, TASK_TYPE, product.id)
    return _proposal(session, task, product) if task is not None else None


def apply(*, session: Session, user_id: uuid.UUID, task_id: uuid.UUID) -> Proposal:
    """Use the rewrite: the product takes the new title and description; the task is charged.

    Raises:
        NotFound, PermissionDenied, InvalidTransition: not waiting for review.
    """
    before = proposal(session=session, user_id=user_id, task_id=task_id)
    task_runs.approve(session=session, user_id=user_id, task_id=task_id)
    return before


def discard(*, session: Session, user_id: uuid.UUID, task_id: uuid.UUID) -> Task:
    """Throw the rewrite away: the product is unchanged and nothing is charged."""
    proposal(session=session, user_id=user_id, task_id=task_id)  # a listing rewrite, visible
    return task_runs.reject(
        session=session,
        user_id=user_id,
        task_id=task_id,
        reason="Discarded by the owner.",
        retry=False,
    )


def wait_until_done(
    open_session: Callable[[], Any], task_id: uuid.UUID, timeout: float
) -> TaskStatus:
    """Poll a task until it waits for review or ends, at most ``timeout`` seconds;
    returns the status it had last (a slow AI provider may still be working)."""
    deadline = time.monotonic() + timeout
    while True:
        with open_session() as session:
            task = task_lookups.find_task(session, task_id)
            current = TaskStatus(task.status) if task else TaskStatus.FAILED
        if current not in IN_PROGRESS or time.monotonic() >= deadline:
            return current
        time.sleep(0.05)


def _proposal(session: Session, task: Task, product: Product) -> Proposal:
    output: dict[str, Any] = task.output or {}
    worker = task_lookups.find_worker(session, task.worker_id)
    return Proposal(
        task_id=task.id,
        status=task.status,
        old_title=product.title,  # once applied, the product says what the rewrite said
        old_description=product.description,
        new_title=output.get("new_title", ""),
        new_description=output.get("new_description", ""),
        new_keywords=list(output.get("new_keywords", [])),
        new_bullet_points=list(output.get("new_bullet_points", [])),
        expected_conversion_increase=float(output.get("expected_conversion_increase", 0)),
        changes_summary=output.get("changes_summary", ""),
        status_reason=task.status_reason,
        worker_name=worker.name if worker else "",
    )
