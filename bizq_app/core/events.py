"""The event bus: one Redis channel per store; published only after commit."""

from __future__ import annotations

import json
import uuid
from typing import Any

from bizq_app.core.queue import get_redis

CHANNEL_PREFIX = "bizq:store:"


def channel(store_id: uuid.UUID | str) -> str:
    """The Redis channel carrying a store's events."""
    return f"{CHANNEL_PREFIX}{store_id}"


def publish(store_id: uuid.UUID, kind: str, data: dict[str, Any]) -> None:
    """Publish ``kind`` (e.g. ``task.updated``) with ``data`` on the store's channel."""
    message = {"type": kind, "store_id": str(store_id), **data}
    get_redis().publish(channel(store_id), json.dumps(message, default=str))
