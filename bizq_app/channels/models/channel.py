"""A store's connections to other sales channels, what it lists there, and the sync log."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, id_field, json_field, timestamp_field


class ConnectionStatus(StrEnum):
    CONNECTED = "connected"
    PAUSED = "paused"  # the seller paused it: nothing is pushed until resumed


class ListingState(StrEnum):
    LIVE = "live"
    ERROR = "error"  # the channel refused it; ``last_error`` says why


class ChannelConnection(SQLModel, table=True):
    """A store's account on a channel (a Shopify shop), its credentials encrypted."""

    __tablename__ = "channel_connections"
    __table_args__ = (
        UniqueConstraint("store_id", "channel", "account", name="uq_channel_account"),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE", index=True)
    channel: str = Field(max_length=16)
    account: str = Field(max_length=255)  # the shop's address on the channel
    name: str = Field(default="", max_length=255)  # what the channel calls the account
    currency: str = Field(default="", max_length=3)
    location_id: str = Field(default="", max_length=255)
    ciphertext: str  # the credentials, encrypted (``core.crypto``)
    last4: str = Field(default="", max_length=4)
    status: str = Field(default=ConnectionStatus.CONNECTED.value, max_length=16)
    orders_cursor: str = Field(default="", max_length=40)  # the newest order change imported
    orders_polled_at: datetime | None = timestamp_field()
    rules: dict[str, Any] = json_field()  # price and stock rules (``channels.rules``)
    sku_map: dict[str, str] = json_field()  # a SKU on the channel → the BizQ SKU it sells
    created_by_id: uuid.UUID | None = Field(
        default=None, foreign_key="users.id", ondelete="SET NULL"
    )
    created_at: datetime = created_field()
    updated_at: datetime | None = timestamp_field()


class ChannelListing(SQLModel, table=True):
    """A product listed on a connection; ``shown`` is the quantity last set there per SKU."""

    __tablename__ = "channel_listings"
    __table_args__ = (
        UniqueConstraint("connection_id", "product_id", name="uq_channel_listing_product"),
        Index("ix_channel_listings_product", "product_id"),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    connection_id: uuid.UUID = Field(foreign_key="channel_connections.id", ondelete="CASCADE")
    product_id: uuid.UUID = Field(foreign_key="products.id", ondelete="CASCADE")
    state: str = Field(default=ListingState.LIVE.value, max_length=16)
    external_id: str = Field(default="", max_length=255)
    url: str = Field(default="", max_length=500)
    stock_items: dict[str, str] = json_field()  # SKU → the channel's inventory item id
    shown: dict[str, int] = json_field()  # SKU → the quantity last set on the channel
    last_error: str = ""
    warning: str = ""  # e.g. the channel's price is under the product's cost
    # fields the seller manages on the channel (title, description, price): never sent
    channel_fields: list[str] = json_field(default_factory=list)
    published_at: datetime | None = timestamp_field()
    updated_at: datetime | None = timestamp_field()


class SyncEntry(SQLModel, table=True):
    """One exchange with a channel: a test, a publish, a stock push; what went and came back
    (secrets never written)."""

    __tablename__ = "channel_sync_log"
    __table_args__ = (
        Index("ix_channel_sync_log_connection_created", "connection_id", "created_at"),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    connection_id: uuid.UUID = Field(foreign_key="channel_connections.id", ondelete="CASCADE")
    listing_id: uuid.UUID | None = Field(
        default=None, foreign_key="channel_listings.id", ondelete="SET NULL"
    )
    kind: str = Field(max_length=16)  # test, publish, stock
    ok: bool = True
    sent: dict[str, Any] = json_field()
    outcome: str = ""  # what came back, or why it failed, in words
    created_at: datetime = created_field()


class OrderHold(SQLModel, table=True):
    """A channel order BizQ could not record (an unknown SKU, too little stock): held for
    the seller, stock untouched, until it is mapped and imported again."""

    __tablename__ = "channel_order_holds"
    __table_args__ = (
        UniqueConstraint("connection_id", "external_id", name="uq_channel_hold_order"),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    connection_id: uuid.UUID = Field(foreign_key="channel_connections.id", ondelete="CASCADE")
    external_id: str = Field(max_length=255)
    name: str = Field(default="", max_length=64)
    reason: str
    order: dict[str, Any] = json_field()  # the order as the channel sent it
    created_at: datetime = created_field()
    resolved_at: datetime | None = timestamp_field()


class OrderLink(SQLModel, table=True):
    """Which connection a BizQ order came from, and its id there (for the tracking)."""

    __tablename__ = "channel_order_links"

    order_id: uuid.UUID = Field(foreign_key="orders.id", primary_key=True, ondelete="CASCADE")
    connection_id: uuid.UUID = Field(foreign_key="channel_connections.id", ondelete="CASCADE")
    external_id: str = Field(max_length=255)
