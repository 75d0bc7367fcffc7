"""What visitors do on a store's storefront, counted for the conversion rate."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, id_field


class StorefrontEvent(SQLModel, table=True):
    """A page ``view`` or an ``add_to_cart`` by one anonymous visitor (a random id kept
    in the visitor's browser: no personal data)."""

    __tablename__ = "storefront_events"
    __table_args__ = (
        Index("ix_storefront_events_store_kind_created", "store_id", "kind", "created_at"),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    kind: str = Field(max_length=16)
    visitor: str = Field(max_length=64)
    product_id: uuid.UUID | None = Field(
        default=None, foreign_key="products.id", ondelete="SET NULL"
    )
    created_at: datetime = created_field()
