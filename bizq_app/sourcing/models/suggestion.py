"""Suggestions BizQ's rules make to the owner, waiting in the approvals queue."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, id_field, json_field, timestamp_field


class SuggestionKind(StrEnum):
    SUPPLIER_TRANSITION = "supplier_transition"  # progressive MOQ: a cheaper supplier
    REORDER = "reorder"  # low stock


class SuggestionStatus(StrEnum):
    OPEN = "open"
    APPROVED = "approved"
    REJECTED = "rejected"


class Suggestion(SQLModel, table=True):
    __tablename__ = "suggestions"
    __table_args__ = (
        Index("ix_suggestions_store_status", "store_id", "status"),
        Index("ix_suggestions_product_kind", "product_id", "kind"),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    product_id: uuid.UUID | None = Field(
        default=None, foreign_key="products.id", ondelete="CASCADE"
    )
    kind: str = Field(max_length=32)
    title: str = Field(max_length=200)
    summary: str = ""
    details: dict[str, Any] = json_field()  # what the rule saw, and (once approved) follow-ups
    status: str = Field(default=SuggestionStatus.OPEN.value, max_length=16)
    decision_reason: str | None = Field(default=None, max_length=500)
    decided_by_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL"
    )
    created_at: datetime = created_field()
    decided_at: datetime | None = timestamp_field()
