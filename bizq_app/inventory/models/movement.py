"""The stock ledger: every change of a product's (or variant's) stock, one row each."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, id_field, json_field


class StockReason(StrEnum):
    OPENING = "opening"  # the stock a product had when the ledger began
    SALE = "sale"  # checkout set units aside for an order line
    PAYMENT_FAILED = "payment_failed"  # the order's payment failed: its units came back
    CANCEL = "cancel"  # the order was cancelled: its units came back
    REFUND_RESTOCK = "refund_restock"  # a refund put its lines' units back
    EXPIRED = "expired"  # an unpaid order timed out: its units came back
    MANUAL = "manual"  # the seller set the stock (product form, bulk edit)
    IMPORT = "import"  # a CSV import set the stock
    TASK = "task"  # a task's output set the stock
    CHANNEL_SALE = "channel_sale"  # an order imported from another sales channel


RETURNS = (
    StockReason.PAYMENT_FAILED,
    StockReason.CANCEL,
    StockReason.REFUND_RESTOCK,
    StockReason.EXPIRED,
)
"""The reasons that give an order line's units back (never more than were sold)."""


class StockMovement(SQLModel, table=True):
    """A signed change of stock. A product's stock is the sum of its movements; a variant's
    is the sum of the movements with its options."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        Index("ix_stock_movements_product_created", "product_id", "created_at"),
        Index("ix_stock_movements_order_item", "order_item_id"),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    product_id: uuid.UUID = Field(foreign_key="products.id", ondelete="CASCADE")
    options: dict[str, str] = json_field()  # the variant's options; empty for the product
    change: int
    level: int  # the product's (or variant's) stock after this movement
    reason: str = Field(max_length=24)
    actor_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    order_id: uuid.UUID | None = Field(default=None, foreign_key="orders.id", ondelete="SET NULL")
    order_item_id: uuid.UUID | None = Field(
        default=None, foreign_key="order_items.id", ondelete="SET NULL"
    )
    note: str = Field(default="", max_length=200)
    created_at: datetime = created_field()
