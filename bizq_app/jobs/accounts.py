"""The jobs that e-mail a person: a password-reset link, or the notice that someone
tried to sign up with their address."""

from __future__ import annotations

import uuid
from datetime import datetime

from bizq_app.accounts import password_reset, signup_notice
from bizq_app.core.db import session_scope


def send_password_reset(user_id: str, issued_at: str) -> bool:
    return password_reset.send_link(
        open_session=session_scope,
        user_id=uuid.UUID(user_id),
        issued_at=datetime.fromisoformat(issued_at),
    )


def send_signup_notice(user_id: str) -> bool:
    return signup_notice.send_notice(open_session=session_scope, user_id=uuid.UUID(user_id))
