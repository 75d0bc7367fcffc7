"""Credits a store buys through the payment provider."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import (
    DEFAULT_CURRENCY,
    created_field,
    credits_field,
    id_field,
    money_field,
    timestamp_field,
)


class CreditPurchaseStatus(StrEnum):
    PENDING = "pending"  # charged, or being charged; not confirmed yet
    PAID = "paid"  # the wallet was credited (once)
    FAILED = "failed"  # declined or failed: nothing was credited


class CreditPurchase(SQLModel, table=True):
    """One purchase of credits: what was bought, what it cost and how the payment went.
    The store's wallet is credited through the ledger when, and only when, it is paid."""

    __tablename__ = "credit_purchases"
    __table_args__ = (
        UniqueConstraint(
            "store_id", "idempotency_key", name="uq_credit_purchases_store_idempotency"
        ),
        Index("ix_credit_purchases_store_created", "store_id", "created_at"),
        Index("ix_credit_purchases_checkout_session", "checkout_session"),
    )

    id: uuid.UUID = id_field()
    store_id: uuid.UUID = Field(foreign_key="stores.id", ondelete="CASCADE")
    user_id: uuid.UUID | None = Field(default=None, foreign_key="users.id", ondelete="SET NULL")
    credits: Decimal = credits_field()
    price: Decimal = money_field()  # in ``currency``, the store's when bought
    currency: str = Field(default=DEFAULT_CURRENCY, max_length=3)
    provider: str = Field(max_length=16)  # "test" or "stripe"
    provider_reference: str | None = Field(default=None, max_length=120)  # pi_..., testpay_...
    # A hosted checkout (Stripe Checkout): its id, and the page where the owner pays.
    checkout_session: str | None = Field(default=None, max_length=255)
    payment_url: str | None = Field(default=None, max_length=2000)
    status: str = Field(default=CreditPurchaseStatus.PENDING.value, max_length=16)
    failure_message: str = Field(default="", max_length=500)
    idempotency_key: str | None = Field(default=None, max_length=100)
    created_at: datetime = created_field()
    updated_at: datetime | None = timestamp_field()
