"""The job that delivers one queued e-mail."""

from __future__ import annotations

import uuid

from bizq_app.core.db import session_scope
from bizq_app.sales import notifications


def deliver(notification_id: str) -> str:
    with session_scope() as session:
        row = notifications.deliver(session=session, notification_id=uuid.UUID(notification_id))
        return row.status
