"""What a dashboard block's button does: start a task (``task://type``, its params checked
against the type's input schema now, as when the template was saved) or call one of the
allow-listed BizQ acts (``api://name``). Nothing else can run."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bizq_app.billing.ledger import show
from bizq_app.catalog import product_csv
from bizq_app.core.errors import ValidationFailed
from bizq_app.dashboards.template_schema import API_ACTIONS
from bizq_app.sourcing import suggestions
from bizq_app.tasks import tasks


@dataclass(frozen=True)
class Outcome:
    """What happened, for the page to show: a message, and a task or a file if any."""

    message: str
    task_id: uuid.UUID | None = None
    redirect: str | None = None
    download: str | None = None  # CSV text to save


def run(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, action: dict[str, Any]
) -> Outcome:
    """Carry out one block action as ``user_id`` on the store.

    Raises:
        ValidationFailed: an unknown target, or params the task type refuses.
        InsufficientCredits, PermissionDenied: as for any task or act.
    """
    target = str(action.get("execute", ""))
    params = action.get("params") or {}
    if target.startswith("task://"):
        task = tasks.create_task(
            session=session, user_id=user_id, store_id=store_id, type=target[7:], input=params
        )
        return Outcome(f"Task started ({show(task.cost)} credits).", task_id=task.id)
    name = target.removeprefix("api://")
    if not target.startswith("api://") or name not in API_ACTIONS:
        raise ValidationFailed.field("$.execute", "is not an action BizQ allows")
    if name == "scan_suggestions":
        made = suggestions.scan_now(session=session, user_id=user_id, store_id=store_id)
        return Outcome(f"{len(made)} new suggestion(s).", redirect="/approvals" if made else None)
    if name == "export_products":
        text = product_csv.export_csv(session=session, user_id=user_id, store_id=store_id)
        return Outcome("Products exported.", download=text)
    pages = {"optimize_listing": "/products", "search_suppliers": "/suppliers"}
    return Outcome("Opening the page for it.", redirect=pages.get(name, "/"))
