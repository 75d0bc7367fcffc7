"""What a completed task changes in its store, for the task types whose definition says so.

Each business domain registers the effects of its own task types here (``register``,
at its import); this module knows none of their tables. Effects run in the transaction
that completes the task — for types that need the owner's approval, that is the
approval — so nothing changes before then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from bizq_app.accounts import audit, store_settings
from bizq_app.core.errors import BizQError
from bizq_app.tasks.models import Task

Effect = Callable[[Session, Task, dict[str, Any]], str]


def apply(session: Session, task: Task, task_type: str) -> None:
    """Apply ``task``'s effect on its store, if its type has one; record what changed."""
    effect = EFFECTS.get(task_type)
    if effect is None or task.output is None:
        return
    try:  # effects look their records up before they write, so a refusal leaves nothing half done
        summary = effect(session, task, task.output)
    except BizQError as exc:
        summary = f"Not applied: {exc.message}"
    audit.record(
        session=session,
        action="task.applied",
        subject_type="task",
        subject_id=task.id,
        actor_id=None,
        store_id=task.store_id,
        data={"note": summary},
    )


def _store_setting(key: str, what: str) -> Effect:
    def effect(session: Session, task: Task, output: dict[str, Any]) -> str:
        store_settings.change(session, task.store_id, key, lambda _now: output)
        return f"{what} saved to the store."

    return effect


def register(task_type: str, effect: Effect) -> None:
    """Let a business domain say what a completed ``task_type`` changes in its store."""
    EFFECTS[task_type] = effect


EFFECTS: dict[str, Effect] = {
    "brand.create_identity": _store_setting("brand", "Brand identity"),
    "market.research_niche": _store_setting("niche_report", "Niche report"),
    "supplier.find": _store_setting("supplier_suggestions", "Supplier suggestions"),
}
