"""Orders placed with a store and the lines in them."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bizq_app.models.base import (
    DEFAULT_CURRENCY,
    created_field,
    id_field,
    json_field,
    money_field,
    timestamp_field,
)


class OrderStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FULFILLING = "fulfilling"
    SHIPPED = "shipped"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class Order(SQLModel, table=True):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_store_status", "store_id", "status"),
        Index("ix_orders_store_created", "store_id", "created_at"),
        UniqueConstraint("store_id", "number", name="uq_orders_store_number"),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    number: int
    customer_email: str = Field(max_length=254)
    customer_name: str = Field(default="", max_length=120)
    status: str = Field(default=OrderStatus.PENDING.value, max_length=16)
    payment_status: str = Field(default="unpaid", max_length=16)
    fulfilment_route: str = Field(default="dropship", max_length=16)
    currency: str = Field(default=DEFAULT_CURRENCY, max_length=3)
    subtotal: Decimal = money_field()
    shipping: Decimal = money_field()
    tax: Decimal = money_field()
    total: Decimal = money_field()
    shipping_address: dict[str, Any] = json_field()
    status_history: list[dict[str, Any]] = json_field(default_factory=list)
    created_at: datetime = created_field()
    updated_at: datetime | None = timestamp_field()


class OrderItem(SQLModel, table=True):
    __tablename__ = "order_items"

    id: uuid.UUID = id_field()
    order_id: uuid.UUID = Field(foreign_key="orders.id", index=True, ondelete="CASCADE")
    product_id: uuid.UUID | None = Field(default=None, foreign_key="products.id")
    title: str = Field(max_length=200)
    quantity: int
    unit_price: Decimal = money_field()
    unit_cost: Decimal = money_field()
