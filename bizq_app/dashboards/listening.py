"""Which events a store's automation rules listen to, read from its applied template.

``core.events.emit`` asks this (through the filter registered below) so that an event
no rule listens to enqueues nothing; most events have no rule.
"""

from __future__ import annotations

import time
import uuid

from sqlmodel import Session, col, select

from bizq_app.core import events
from bizq_app.dashboards.models import UITemplate

CACHE_SECONDS = 30.0


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
    found = frozenset(
        str(rule.get("trigger", {}).get("event")) for rule in content.get("automations", [])
    )
    _LISTENING[store_id] = (time.monotonic() + CACHE_SECONDS, found)
    return found


def forget(store_id: uuid.UUID) -> None:
    """Drop the cached rules of a store (its template just changed in this process)."""
    _LISTENING.pop(store_id, None)


_LISTENING: dict[uuid.UUID, tuple[float, frozenset[str]]] = {}
events.set_listener_filter(listened_to)
