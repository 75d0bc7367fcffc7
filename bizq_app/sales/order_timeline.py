"""An order's timeline (each step of the pipeline, when and what happened) and the
live announcement of a change on the store's event channel."""

from __future__ import annotations

from sqlmodel import Session

from bizq_app.core import events
from bizq_app.core.columns import utcnow
from bizq_app.sales.models import Order


def add(order: Order, step: str, note: str, by: str = "") -> None:
    """Append one step to the order's timeline (a new list, so the change is saved);
    ``by`` names the person who did it (empty: BizQ or the buyer)."""
    order.status_history = with_step(order, step, note, by)


def with_step(order: Order, step: str, note: str, by: str = "") -> list[dict[str, str]]:
    """The order's timeline with one more step, for a status change that writes both in
    one statement."""
    entry = {"at": utcnow().isoformat(timespec="seconds"), "step": step, "note": note}
    if by:
        entry["by"] = by
    return [*order.status_history, entry]


def has(order: Order, step: str) -> bool:
    """Whether the order's timeline holds ``step`` (a pipeline step done, say)."""
    return any(entry.get("step") == step for entry in order.status_history)


def shown(entries: list[dict[str, object]]) -> list[dict[str, str]]:
    """Timeline entries as a page lists them: ``at`` to the minute, ``step``, ``note``,
    and ``by`` (who did it; empty for BizQ or the buyer)."""
    return [
        {
            "at": str(e.get("at", ""))[:16].replace("T", " "),
            "step": str(e.get("step", "")),
            "note": str(e.get("note", "")),
            "by": str(e.get("by", "")),
        }
        for e in entries
    ]


def announce(session: Session, order: Order) -> None:
    """Tell the store's open pages (dashboard, orders) after commit."""
    data = {"order_id": str(order.id), "status": order.status}
    events.publish_on_commit(session, order.store_id, "order.updated", data)
