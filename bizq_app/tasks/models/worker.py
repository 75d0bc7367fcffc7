"""Workers: AI models, people and experts who do tasks."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Numeric
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, id_field, json_field


class WorkerKind(StrEnum):
    AI = "ai"
    HUMAN = "human"
    EXPERT = "expert"


class Worker(SQLModel, table=True):
    __tablename__ = "workers"

    id: uuid.UUID = id_field()
    kind: str = Field(max_length=16, index=True)
    name: str = Field(max_length=120, unique=True)
    provider: str | None = Field(default=None, max_length=32)
    model: str | None = Field(default=None, max_length=64)
    user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    skills: list[str] = json_field(default_factory=list)
    price_factor: Decimal = Field(default=Decimal("1.00"), sa_type=Numeric(6, 2))
    rating: Decimal = Field(default=Decimal("0"), sa_type=Numeric(3, 2))
    capacity: int = 1
    is_active: bool = True
    created_at: datetime = created_field()
