"""Suppliers a store can source products from."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Numeric
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, id_field, json_field


class Supplier(SQLModel, table=True):
    __tablename__ = "suppliers"

    id: uuid.UUID = id_field()
    name: str = Field(max_length=120, index=True)
    kind: str = Field(max_length=32)  # dropship, print_on_demand, wholesale, manufacturer
    source: str = Field(default="bundled", max_length=32)  # bundled, printful, manual
    external_id: str | None = Field(default=None, max_length=120)
    website: str | None = Field(default=None, max_length=255)
    categories: list[str] = json_field(default_factory=list)
    regions: list[str] = json_field(default_factory=list)
    min_order_quantity: int = 0
    shipping_days_min: int = 0
    shipping_days_max: int = 0
    rating: Decimal = Field(default=Decimal("0"), sa_type=Numeric(3, 2))
    details: dict[str, Any] = json_field()
    created_at: datetime = created_field()
