"""Products a store sells."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import (
    DEFAULT_CURRENCY,
    created_field,
    id_field,
    json_field,
    money_field,
    timestamp_field,
)


class ProductStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class Product(SQLModel, table=True):
    __tablename__ = "products"
    __table_args__ = (
        Index("ix_products_store_status", "store_id", "status"),
        Index("ix_products_store_created", "store_id", "created_at"),  # newest first
        Index("ix_products_store_status_title", "store_id", "status", "title"),  # on sale, A–Z
        # on sale by stock: the dashboard's units in stock and its low-stock list
        Index("ix_products_store_status_stock", "store_id", "status", "inventory_quantity"),
        Index("uq_products_store_sku", "store_id", "sku", unique=True),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    title: str = Field(max_length=200)
    description: str = ""
    price: Decimal = money_field()
    cost: Decimal = money_field()
    currency: str = Field(default=DEFAULT_CURRENCY, max_length=3)
    inventory_quantity: int = 0
    sku: str | None = Field(default=None, max_length=64)
    status: str = Field(default=ProductStatus.DRAFT.value, max_length=16)
    supplier_id: uuid.UUID | None = Field(default=None, foreign_key="suppliers.id")
    images: list[str] = json_field(default_factory=list)
    # [{"options": {"size": "M", "colour": "red"}, "price": "19.99", "sku": "TS-M-RED", "stock": 4}]
    variants: list[dict[str, Any]] = json_field(default_factory=list)
    listings: dict[str, Any] = json_field()
    # How a sale is fulfilled: "auto" (dropship when the supplier ships to buyers, else
    # warehouse), "digital", "dropship" or "warehouse".
    fulfilment: str = Field(default="auto", max_length=16)
    supplier_sku: str | None = Field(default=None, max_length=64)  # the supplier's reference
    digital_file: str | None = Field(default=None, max_length=255)  # a stored file's key
    created_at: datetime = created_field()
    updated_at: datetime | None = timestamp_field()
