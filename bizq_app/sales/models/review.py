"""What buyers say about the products they received."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, id_field


class Review(SQLModel, table=True):
    """A buyer's rating (1–5) and words on one product of a delivered order; one per
    order and product."""

    __tablename__ = "reviews"
    __table_args__ = (
        UniqueConstraint("order_id", "product_id", name="uq_reviews_order_product"),
        Index("ix_reviews_store_created", "store_id", "created_at"),
        Index("ix_reviews_product", "product_id"),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    order_id: uuid.UUID = Field(foreign_key="orders.id", ondelete="CASCADE")
    product_id: uuid.UUID | None = Field(
        default=None, foreign_key="products.id", ondelete="SET NULL"
    )
    customer_id: uuid.UUID | None = Field(
        default=None, foreign_key="customers.id", ondelete="SET NULL"
    )
    # Shown with the review; cleared when the buyer's personal data is erased.
    author: str = Field(default="", max_length=120)
    rating: int
    text: str = Field(default="", max_length=2000)
    created_at: datetime = created_field()
