"""Orders placed with a store and the lines in them."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import (
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


# What each status allows: the one list per question, for every module that asks.
_S = OrderStatus
SOLD = (_S.PAID, _S.FULFILLING, _S.SHIPPED, _S.DELIVERED)  # counted as sales; refundable
OPEN = (_S.PENDING, _S.PAID, _S.FULFILLING)  # still needs its products
CLOSED = (_S.CANCELLED, _S.REFUNDED)  # its downloads are shut
FULFILLABLE = (_S.PAID, _S.FULFILLING)
REFUNDABLE = SOLD
CANCELLABLE = (_S.PENDING, _S.PAID)


class Order(SQLModel, table=True):
    __tablename__ = "orders"
    __table_args__ = (
        Index("ix_orders_store_status", "store_id", "status"),
        # by store and date, with what the dashboard sums: its figures read the index alone
        Index(
            "ix_orders_store_created_sales", "store_id", "created_at", "status", "total", "refunded"
        ),
        Index("ix_orders_customer_created", "customer_id", "created_at"),  # a buyer's last order
        UniqueConstraint("store_id", "number", name="uq_orders_store_number"),
        UniqueConstraint("store_id", "idempotency_key", name="uq_orders_store_idempotency"),
        # Stripe's charge events name the PaymentIntent; its order is found by it
        Index("ix_orders_payment_reference", "payment_reference"),
        Index("ix_orders_checkout_session", "checkout_session"),
        Index("ix_orders_store_channel_created", "store_id", "channel", "created_at"),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    number: int
    customer_email: str = Field(max_length=254)
    customer_name: str = Field(default="", max_length=120)
    status: str = Field(default=OrderStatus.PENDING.value, max_length=16)
    payment_status: str = Field(default="unpaid", max_length=16)
    fulfilment_route: str = Field(default="dropship", max_length=16)
    # Where the order was placed: "storefront" (BizQ's own shop), "manual", or the
    # marketplace it was imported from ("shopify", "amazon", "tiktok_shop", …) with the
    # order's own number there.
    channel: str = Field(default="storefront", max_length=16)
    channel_order: str = Field(default="", max_length=120)
    # Imported as history: placed on its channel before BizQ was connected; kept for
    # reports and the customer's totals, it took no stock and sent no e-mail.
    history: bool = False
    currency: str = Field(default=DEFAULT_CURRENCY, max_length=3)
    subtotal: Decimal = money_field()
    shipping: Decimal = money_field()
    tax: Decimal = money_field()
    total: Decimal = money_field()
    shipping_address: dict[str, Any] = json_field()
    status_history: list[dict[str, Any]] = json_field(default_factory=list)
    customer_id: uuid.UUID | None = Field(
        default=None, foreign_key="customers.id", ondelete="SET NULL"
    )
    idempotency_key: str | None = Field(default=None, max_length=100)
    payment_provider: str = Field(default="test", max_length=16)
    payment_reference: str | None = Field(default=None, max_length=120)
    # A hosted checkout (Stripe Checkout): its id, and the page where the buyer pays.
    checkout_session: str | None = Field(default=None, max_length=255)
    payment_url: str | None = Field(default=None, max_length=2000)
    refunded: Decimal = money_field()
    tracking_number: str | None = Field(default=None, max_length=80)
    notes: str = ""
    # After payment: "waiting" (the pipeline has steps left), "done", or "failed" (a step
    # failed; the timeline says which and why, and a retry continues from it).
    pipeline: str = Field(default="waiting", max_length=16)
    created_at: datetime = created_field()
    updated_at: datetime | None = timestamp_field()


class OrderCounter(SQLModel, table=True):
    """The last order number a store gave out: raised by one atomic upsert per order, so
    two checkouts at once never get the same number."""

    __tablename__ = "order_counters"

    store_id: uuid.UUID = Field(foreign_key="stores.id", primary_key=True, ondelete="CASCADE")
    last_number: int


class Customer(SQLModel, table=True):
    """A buyer of one store: their orders and what they spent there."""

    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("store_id", "email", name="uq_customers_store_email"),
        Index("ix_customers_store_created", "store_id", "created_at"),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    email: str | None = Field(default=None, max_length=254)  # None once erased
    name: str = Field(default="", max_length=120)
    orders_count: int = 0
    lifetime_value: Decimal = money_field()
    erased_at: datetime | None = timestamp_field()
    created_at: datetime = created_field()


class Refund(SQLModel, table=True):
    """Money given back on an order (full or partial), once per idempotency key."""

    __tablename__ = "refunds"
    __table_args__ = (UniqueConstraint("order_id", "idempotency_key", name="uq_refunds_key"),)

    id: uuid.UUID = id_field()
    order_id: uuid.UUID = Field(foreign_key="orders.id", index=True, ondelete="CASCADE")
    amount: Decimal = money_field()
    reference: str = Field(max_length=120)
    idempotency_key: str = Field(max_length=100)
    restocked: bool = False
    reason: str = Field(default="", max_length=500)
    # pending while the provider is asked (its amount is held back from what is left to
    # refund), then succeeded or failed (with the provider's reason)
    status: str = Field(default="pending", max_length=16)
    failure: str = Field(default="", max_length=300)
    actor_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    created_at: datetime = created_field()


class OrderItem(SQLModel, table=True):
    __tablename__ = "order_items"

    id: uuid.UUID = id_field()
    order_id: uuid.UUID = Field(foreign_key="orders.id", index=True, ondelete="CASCADE")
    product_id: uuid.UUID | None = Field(default=None, foreign_key="products.id")
    title: str = Field(max_length=200)
    # The variant bought, by its options ({"size": "M"}); empty for a product without any.
    options: dict[str, str] = json_field()
    quantity: int
    unit_price: Decimal = money_field()
    unit_cost: Decimal = money_field()
