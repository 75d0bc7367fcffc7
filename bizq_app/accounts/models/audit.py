"""Audit events: who did what to which record, and when."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, id_field, json_field


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_store_created", "store_id", "created_at"),)

    id: uuid.UUID = id_field()
    store_id: uuid.UUID | None = Field(default=None, foreign_key="stores.id", ondelete="CASCADE")
    actor_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    action: str = Field(max_length=64)
    subject_type: str = Field(max_length=32)
    subject_id: uuid.UUID | None = Field(default=None, index=True)
    data: dict[str, Any] = json_field()
    created_at: datetime = created_field()
