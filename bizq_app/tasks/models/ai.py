"""A store's own AI provider keys (encrypted) and what its AI calls used."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, credits_field, id_field


class ProviderKey(SQLModel, table=True):
    __tablename__ = "provider_keys"
    __table_args__ = (UniqueConstraint("store_id", "provider", name="uq_provider_key_store"),)

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    provider: str = Field(max_length=16)
    ciphertext: str  # Fernet token; the key itself is never stored or shown in full
    last4: str = Field(max_length=4)
    model: str = Field(max_length=64)
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = created_field()


class AIUsage(SQLModel, table=True):
    __tablename__ = "ai_usage"
    __table_args__ = (Index("ix_ai_usage_store_provider", "store_id", "provider"),)

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    task_id: uuid.UUID | None = Field(default=None, foreign_key="tasks.id")
    provider: str = Field(max_length=16)
    model: str = Field(max_length=64)
    input_tokens: int = 0
    output_tokens: int = 0
    credits: Decimal = credits_field()
    created_at: datetime = created_field()
