"""The owner's approvals queue: everything waiting on them in one list.

Tasks whose output waits for review (listing rewrites and price changes among
them) and BizQ's suggestions (supplier transitions, reorders). Each is approved
or rejected with a reason, singly or several at once; a bulk decision is all
or nothing, and a refusal names the item (``$.items[2]``).

Each item says what approving it changes (``changes``: a field as it is and as it
would be) and what it costs: a task's price, charged on approval, or the prices of
the tasks a suggestion starts. A decision may carry the cost the owner was shown;
if the cost is another one now, nothing is decided and the owner is told (409).
Rejecting charges nothing and changes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from bizq_app.accounts.permissions import Permission, require
from bizq_app.approvals.changes import Change, of_task
from bizq_app.billing.ledger import show
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog.models import Product
from bizq_app.core.errors import BizQError, Conflict, FieldError, NotFound, ValidationFailed
from bizq_app.core.validation import clean_text
from bizq_app.sourcing import suggestions
from bizq_app.sourcing.models import Suggestion
from bizq_app.tasks import lookups as task_lookups
from bizq_app.tasks import task_runs
from bizq_app.tasks.models import Task, TaskDefinition
from bizq_app.tasks.task_definitions import get_definition

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
    cost: str  # credits approving it charges: the task's price, or its follow-up tasks'
    created_at: datetime
    changes: list[Change] = field(default_factory=list)  # what approving it changes


@dataclass(frozen=True)
class Choice:
    kind: str
    id: uuid.UUID
    cost: Decimal | None = None  # the cost the owner was shown: approved only at that cost


def waiting(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> list[Item]:
    """Everything in the store waiting for the owner, oldest first."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    waiting_tasks = task_lookups.awaiting_review(session, store_id)
    named = {p for t, _ in waiting_tasks if (p := _product_id(t.input)) is not None}
    # the store's own products only: an id in a task's input shows no other store's title
    products = catalog_lookups.products_by_id(session, store_id, named)
    found = [_task_item(t, d, products) for t, d in waiting_tasks]
    for s in suggestions.open_suggestions(session=session, user_id=user_id, store_id=store_id):
        label, cost = KIND_LABELS.get(s.kind, s.kind), show(_suggestion_cost(session, s))
        found.append(
            Item(SUGGESTION, s.id, label, s.title, s.summary, s.product_id, cost, s.created_at)
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
        ValidationFailed: nothing chosen, or a rejection without a reason; of several
            items, one that cannot be decided is reported at ``$.items[i]`` with why.
        Conflict: a single item decided at the same time by someone else, or whose cost
            is not the one the owner was shown (nothing decided, nothing charged).
    """
    if not choices:
        raise ValidationFailed.field("$.items", "choose at least one item")
    note = None if approve else clean_text(reason, path="$.reason", max_length=500)
    if len(choices) == 1:  # one card: its own error, a lost race or a new cost a 409
        _decide_one(session, user_id, choices[0], approve, note)
        return 1
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
    if approve and choice.cost is not None:
        _same_cost(session, user_id, choice)
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


def _same_cost(session: Session, user_id: uuid.UUID, choice: Choice) -> None:
    """Refuse the approval when what it costs now is not what the owner was shown."""
    store_id, now = _cost_now(session, choice)
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE)
    if now != choice.cost:
        shown = show(choice.cost) if choice.cost is not None else "?"
        raise Conflict(
            f"The cost changed since you looked: {shown} credits then, {show(now)} now. "
            "Nothing was approved or charged; approve again at the new cost."
        )


def _cost_now(session: Session, choice: Choice) -> tuple[uuid.UUID, Decimal]:
    """The store of the chosen item and what approving it costs now."""
    if choice.kind == TASK:
        task = task_lookups.find_task(session, choice.id)
        if task is None:
            raise NotFound(f"Task {choice.id} does not exist.")
        return task.store_id, task.cost
    if choice.kind == SUGGESTION:
        suggestion = suggestions.find_suggestion(session=session, suggestion_id=choice.id)
        return suggestion.store_id, _suggestion_cost(session, suggestion)
    raise ValidationFailed.field("$.kind", "must be task or suggestion")


def _suggestion_cost(session: Session, suggestion: Suggestion) -> Decimal:
    """What the tasks approving the suggestion starts cost, at their prices now."""
    types = suggestions.follow_up_types(suggestion)
    return sum((get_definition(session=session, name=t).estimated_cost for t in types), Decimal(0))


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
        changes=of_task(definition.name, task.output, product),
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
