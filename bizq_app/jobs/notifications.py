"""The job that delivers one queued e-mail."""

from __future__ import annotations

import uuid

from bizq_app.core.db import session_scope
from bizq_app.sales import notifications


def deliver(notification_id: str) -> str:
    key = uuid.UUID(notification_id)
    return notifications.deliver(open_session=session_scope, notification_id=key)
