"""The job that evaluates a store's automation rules for one event."""

from __future__ import annotations

import uuid
from typing import Any

from bizq_app.automations import automations
from bizq_app.core.db import session_scope


def run_rules(store_id: str, event: str, payload: dict[str, Any]) -> str:
    """Fire the matching rules (each firing or failure is logged by the service)."""
    with session_scope() as session:
        fired = automations.evaluate(
            session=session, store_id=uuid.UUID(store_id), event=event, payload=payload
        )
    return f"{sum(f.fired for f in fired)} fired, {sum(not f.fired for f in fired)} failed"
