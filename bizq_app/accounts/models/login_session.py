"""A signed-in browser or API client: each access token names one, so it can be revoked."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, id_field, timestamp_field


class LoginSession(SQLModel, table=True):
    __tablename__ = "login_sessions"

    id: uuid.UUID = id_field()  # the token's ``sid``
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    created_at: datetime = created_field()
    expires_at: datetime = timestamp_field(nullable=False)
    # set by logging out, "log out everywhere" or a password change; the token is dead
    revoked_at: datetime | None = timestamp_field()
