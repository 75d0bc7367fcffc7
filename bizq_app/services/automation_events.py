"""Raising the events automation rules listen to (kept apart so any service can raise
one without importing the rules)."""

from __future__ import annotations

import time
import uuid
from typing import Any

from sqlmodel import Session, col, select

from bizq_app.core import queue
from bizq_app.core.db import on_commit
from bizq_app.models import UITemplate

JOB = "bizq_app.jobs.automations.run_rules"
LOW_STOCK = 5  # units: at or under this, a product raises ``inventory.low``
CACHE_SECONDS = 30.0


def emit(session: Session, store_id: uuid.UUID, event: str, payload: dict[str, Any]) -> None:
    """Have the workers evaluate the store's rules for ``event`` once this change commits
    (only when the store's applied template has a rule for it: most events have none)."""
    if event not in listened_to(session, store_id):
        return
    data = {k: v for k, v in payload.items() if isinstance(v, (str, int, float, bool))}
    on_commit(session, lambda: queue.enqueue_after_commit(JOB, str(store_id), event, data))


def listened_to(session: Session, store_id: uuid.UUID) -> frozenset[str]:
    """The events the store's applied template has rules for; read at most every
    ``CACHE_SECONDS`` per process (a newly applied template's rules start within that)."""
    hit = _LISTENING.get(store_id)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    query = select(UITemplate.content).where(
        UITemplate.store_id == store_id, col(UITemplate.is_active)
    )
    content = session.exec(query).first() or {}
    events = frozenset(
        str(rule.get("trigger", {}).get("event")) for rule in content.get("automations", [])
    )
    _LISTENING[store_id] = (time.monotonic() + CACHE_SECONDS, events)
    return events


def forget(store_id: uuid.UUID) -> None:
    """Drop the cached rules of a store (its template just changed in this process)."""
    _LISTENING.pop(store_id, None)


def stock_changed(session: Session, product: Any, before: int) -> None:
    """Raise ``inventory.low`` when a product's stock falls to ``LOW_STOCK`` or under."""
    if before > LOW_STOCK >= product.inventory_quantity:
        emit(
            session,
            product.store_id,
            "inventory.low",
            {
                "product_id": str(product.id),
                "title": product.title,
                "sku": product.sku or "",
                "inventory_quantity": product.inventory_quantity,
            },
        )


_LISTENING: dict[uuid.UUID, tuple[float, frozenset[str]]] = {}
