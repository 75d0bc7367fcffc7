"""The event bus: one Redis channel per store for live pages, and the business events
that automation rules listen to. Both leave only after commit.

``publish`` tells the pages watching a store that something changed. ``emit`` raises
a business event (``order.created``, ``inventory.low``...): once the change commits, a
worker evaluates the store's rules for it. Any domain raises events through ``emit``
without knowing who listens; the dashboards domain, which holds the rules, registers
a filter that says which events a store listens to. Without one, every event is
handed to the workers (who then find no rule): slower, never wrong.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from sqlmodel import Session

from bizq_app.core import queue
from bizq_app.core.queue import get_redis

CHANNEL_PREFIX = "bizq:store:"
RULES_JOB = "bizq_app.jobs.automations.run_rules"

ListenerFilter = Callable[[Session, uuid.UUID], frozenset[str]]
_FILTERS: dict[str, ListenerFilter] = {}


def channel(store_id: uuid.UUID | str) -> str:
    """The Redis channel carrying a store's events."""
    return f"{CHANNEL_PREFIX}{store_id}"


def publish(store_id: uuid.UUID, kind: str, data: dict[str, Any]) -> None:
    """Publish ``kind`` (e.g. ``task.updated``) with ``data`` on the store's channel."""
    publish_all([(store_id, kind, data)])


def publish_all(messages: Iterable[tuple[uuid.UUID, str, dict[str, Any]]]) -> None:
    """``publish`` each ``(store_id, kind, data)``, all in one round trip to Redis."""
    pipe = get_redis().pipeline(transaction=False)
    for store_id, kind, data in messages:
        pipe.publish(channel(store_id), _message(store_id, kind, data))
    pipe.execute()


def publish_on_commit(
    session: Session, store_id: uuid.UUID, kind: str, data: dict[str, Any]
) -> None:
    """``publish`` once ``session`` commits, with its other Redis work in one round trip."""
    queue.publish_on_commit(session, channel(store_id), _message(store_id, kind, data))


def _message(store_id: uuid.UUID, kind: str, data: dict[str, Any]) -> str:
    return json.dumps({"type": kind, "store_id": str(store_id), **data}, default=str)


def set_listener_filter(listened_to: ListenerFilter) -> None:
    """Register the function that says which events a store's rules listen to."""
    _FILTERS["rules"] = listened_to


def emit(session: Session, store_id: uuid.UUID, event: str, payload: dict[str, Any]) -> None:
    """Have the workers evaluate the store's rules for ``event`` once this change commits
    (only when the store has a rule for it, where that is known)."""
    listened_to = _FILTERS.get("rules")
    if listened_to is not None and event not in listened_to(session, store_id):
        return
    data = {k: v for k, v in payload.items() if isinstance(v, (str, int, float, bool))}
    queue.enqueue_on_commit(session, RULES_JOB, str(store_id), event, data)
