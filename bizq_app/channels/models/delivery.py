"""Order webhooks that came while their connection was paused, kept for its resumption."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, id_field, json_field


class KeptDelivery(SQLModel, table=True):
    """A channel's order webhook to a paused connection: answered (so the channel keeps
    sending them), kept here, and imported once the seller resumes the connection."""

    __tablename__ = "channel_kept_deliveries"
    __table_args__ = (
        UniqueConstraint("connection_id", "external_id", name="uq_channel_kept_delivery"),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    connection_id: uuid.UUID = Field(foreign_key="channel_connections.id", ondelete="CASCADE")
    external_id: str = Field(max_length=255)  # the channel's order id
    order: dict[str, Any] = json_field()  # the order, when the webhook carried it (Shopify)
    created_at: datetime = created_field()
