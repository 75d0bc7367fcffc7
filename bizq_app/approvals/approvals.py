"""The owner's approvals queue: everything waiting on them in one list.

Tasks whose output waits for review (listing rewrites and price changes among
them) and BizQ's suggestions (supplier transitions, reorders). Each is approved
or rejected with a reason, singly or several at once; a bulk decision is all
or nothing, and a refusal names the item (``$.items[2]``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from bizq_app.accounts.permissions import Permission, require
from bizq_app.billing.ledger import show
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog.models import Product
from bizq_app.core.errors import BizQError, FieldError, ValidationFailed
from bizq_app.core.validation import clean_text
from bizq_app.sourcing import suggestions
from bizq_app.tasks import lookups as task_lookups
from bizq_app.tasks import task_runs
from bizq_app.tasks.models import Task, TaskDefinition

TASK, SUGGESTION = "task", "suggestion"
KIND_LABELS = {
    "product.optimize_listing": "Listing rewrite",
    "product.optimize_seo": "SEO rewrite",
    "product.price_optimization": "Price change",
    "operations.reorder_stock": "Reorder",
    "supplier_transition": "Supplier transition",
    "reorder": "Reorder",
}


@dataclass(frozen=True)
class Item:
    """One thing waiting for the owner."""

    kind: str  # task or suggestion
    id: uuid.UUID
    label: str  # what sort of decision: "Listing rewrite", "Supplier transition", ...
    title: str
    summary: str
    product_id: uuid.UUID | None
    cost: str  # credits charged on approval ("" for suggestions: their tasks are quoted then)
    created_at: datetime


@dataclass(frozen=True)
class Choice:
    kind: str
    id: uuid.UUID


def waiting(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> list[Item]:
    """Everything in the store waiting for the owner, oldest first."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    waiting_tasks = task_lookups.awaiting_review(session, store_id)
    named = {p for t, _ in waiting_tasks if (p := _product_id(t.input)) is not None}
    # the store's own products only: an id in a task's input shows no other store's title
    products = catalog_lookups.products_by_id(session, store_id, named)
    found = [_task_item(t, d, products) for t, d in waiting_tasks]
    for s in suggestions.open_suggestions(session=session, user_id=user_id, store_id=store_id):
        label = KIND_LABELS.get(s.kind, s.kind)
        found.append(
            Item(SUGGESTION, s.id, label, s.title, s.summary, s.product_id, "", s.created_at)
        )
    return sorted(found, key=lambda item: item.created_at)


def decide(
    *,
    session: Session,
    user_id: uuid.UUID,
    choices: list[Choice],
    approve: bool,
    reason: object = None,
) -> int:
    """Approve or reject every chosen item (all or none); returns how many were decided.

    Raises:
        ValidationFailed: nothing chosen, or a rejection without a reason; an item that
            cannot be decided is reported at ``$.items[i]`` with why.
    """
    if not choices:
        raise ValidationFailed.field("$.items", "choose at least one item")
    note = None if approve else clean_text(reason, path="$.reason", max_length=500)
    for index, choice in enumerate(choices):
        try:
            _decide_one(session, user_id, choice, approve, note)
        except BizQError as exc:
            raise ValidationFailed(
                f"Nothing was decided: item {index + 1} could not be ({exc.message})",
                [FieldError(f"$.items[{index}]", exc.message)],
            ) from exc
    return len(choices)


def _decide_one(
    session: Session, user_id: uuid.UUID, choice: Choice, approve: bool, note: str | None
) -> None:
    if choice.kind == TASK and approve:
        task_runs.approve(session=session, user_id=user_id, task_id=choice.id)
    elif choice.kind == TASK:
        task_runs.reject(
            session=session, user_id=user_id, task_id=choice.id, reason=note, retry=False
        )
    elif choice.kind == SUGGESTION and approve:
        suggestions.approve(session=session, user_id=user_id, suggestion_id=choice.id)
    elif choice.kind == SUGGESTION:
        suggestions.reject(session=session, user_id=user_id, suggestion_id=choice.id, reason=note)
    else:
        raise ValidationFailed.field("$.kind", "must be task or suggestion")


def _task_item(task: Task, definition: TaskDefinition, products: dict[uuid.UUID, Product]) -> Item:
    product_id = _product_id(task.input)
    product = products.get(product_id) if product_id else None
    about = f" — {product.title}" if product else ""
    return Item(
        kind=TASK,
        id=task.id,
        label=KIND_LABELS.get(definition.name, "Task output"),
        title=f"{definition.title}{about}",
        summary=task.status_reason or _summary(task.output),
        product_id=product.id if product else None,
        cost=show(task.cost),
        created_at=task.created_at,
    )


def _product_id(document: dict[str, Any]) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(document.get("product_id")))
    except ValueError:
        return None


def _summary(output: dict[str, Any] | None) -> str:
    """The output's most telling text: a summary, rationale or title, if it has one."""
    for key in ("changes_summary", "rationale", "summary", "new_title", "proposed_title"):
        value = (output or {}).get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()[:300]
    return "Open the task to see its output."
