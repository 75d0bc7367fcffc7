"""UI templates: the JSON a store's dashboard is drawn from."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, credits_field, id_field, json_field


class UITemplate(SQLModel, table=True):
    __tablename__ = "ui_templates"
    __table_args__ = (Index("ix_ui_templates_store_name", "store_id", "name"),)

    id: uuid.UUID = id_field()
    store_id: uuid.UUID | None = Field(default=None, foreign_key="stores.id", ondelete="CASCADE")
    name: str = Field(max_length=80)
    category: str = Field(default="custom", max_length=16)  # starter, growth, scale, custom
    version: int = 1
    schema_version: int = 1
    content: dict[str, Any] = json_field()
    is_active: bool = False
    is_public: bool = False  # listed in the template marketplace for other stores
    price: Decimal = credits_field()  # credits another store pays to apply it
    applications: int = 0  # how many times other stores applied it
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="users.id")
    created_at: datetime = created_field()
