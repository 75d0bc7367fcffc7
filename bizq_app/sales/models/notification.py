"""E-mails BizQ sends for a store (order confirmations, shipping, refunds, downloads)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, id_field, timestamp_field


class Notification(SQLModel, table=True):
    """One message, as plain text and as HTML: ``sent`` over SMTP, ``failed`` (with
    why), or kept in the ``outbox`` when no SMTP server is configured."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_store_created", "store_id", "created_at"),)

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    order_id: uuid.UUID | None = Field(default=None, foreign_key="orders.id", ondelete="SET NULL")
    kind: str = Field(max_length=32)
    to: str = Field(max_length=254)
    subject: str = Field(max_length=200)
    body: str  # the plain text
    html: str = ""  # the same e-mail as HTML in the store's brand ("" before it had one)
    status: str = Field(default="queued", max_length=16)
    error: str = ""
    created_at: datetime = created_field()
    sent_at: datetime | None = timestamp_field()
