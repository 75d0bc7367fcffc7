"""People who sign in to BizQ."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, id_field, timestamp_field


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: uuid.UUID = id_field()
    email: str = Field(max_length=254, unique=True, index=True)
    full_name: str = Field(default="", max_length=120)
    password_hash: str = Field(max_length=255)
    is_active: bool = True
    created_at: datetime = created_field()
    last_login_at: datetime | None = timestamp_field()
