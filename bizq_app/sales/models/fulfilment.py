"""How one group of an order's items was sent on its way: shipped (with its carrier and
tracking number) or delivered. A group with no row has not shipped yet."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, timestamp_field


class FulfilmentStatus(StrEnum):
    UNFULFILLED = "unfulfilled"
    SHIPPED = "shipped"
    DELIVERED = "delivered"


class Fulfilment(SQLModel, table=True):
    """One fulfilment group of an order (``warehouse``, ``dropship:<supplier id>``), once
    it is on its way; its status moves by the one conditional update."""

    __tablename__ = "fulfilments"
    __table_args__ = (UniqueConstraint("order_id", "group_key", name="uq_fulfilments_group"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    order_id: uuid.UUID = Field(foreign_key="orders.id", index=True, ondelete="CASCADE")
    group_key: str = Field(max_length=64)
    status: str = Field(default=FulfilmentStatus.UNFULFILLED.value, max_length=16)
    carrier: str = Field(default="", max_length=40)
    tracking_number: str = Field(default="", max_length=80)
    # who sent it: "" for the seller, else the supplier that answered
    shipped_by: str = Field(default="", max_length=120)
    shipped_at: datetime | None = timestamp_field()
    created_at: datetime = created_field()
