"""Stores and who may work on them."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import (
    CREDITS,
    DEFAULT_CURRENCY,
    created_field,
    id_field,
    json_field,
    timestamp_field,
)


class Role(StrEnum):
    OWNER = "owner"
    MANAGER = "manager"
    VIEWER = "viewer"


class Store(SQLModel, table=True):
    __tablename__ = "stores"

    id: uuid.UUID = id_field()
    name: str = Field(max_length=80)
    slug: str = Field(max_length=64, unique=True, index=True)
    currency: str = Field(default=DEFAULT_CURRENCY, min_length=3, max_length=3)
    settings: dict[str, Any] = json_field()
    daily_task_budget: Decimal | None = Field(default=None, sa_type=CREDITS)  # None: no limit
    created_by_id: uuid.UUID = Field(foreign_key="users.id")
    created_at: datetime = created_field()
    updated_at: datetime | None = timestamp_field()
    deleted_at: datetime | None = timestamp_field()


class StoreMembership(SQLModel, table=True):
    __tablename__ = "store_memberships"
    __table_args__ = (UniqueConstraint("store_id", "user_id", name="uq_membership_store_user"),)

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", index=True, ondelete="CASCADE")
    user_id: uuid.UUID = Field(foreign_key="users.id", index=True, ondelete="CASCADE")
    role: str = Field(max_length=16)
    created_at: datetime = created_field()
