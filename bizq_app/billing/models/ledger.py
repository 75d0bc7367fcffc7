"""Double-entry credit movements: each transaction's entries sum to zero."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from bizq_app.core.columns import created_field, credits_field, id_field


class AccountKind(StrEnum):
    STORE_WALLET = "store_wallet"
    WORKER_EARNINGS = "worker_earnings"
    CREATOR_ROYALTIES = "creator_royalties"
    PLATFORM_FEES = "platform_fees"
    PURCHASES = "purchases"


class LedgerEntry(SQLModel, table=True):
    __tablename__ = "ledger_entries"
    __table_args__ = (
        Index("ix_ledger_account", "account_kind", "account_id"),
        # a task's payment is written once: a second settlement cannot debit the store again
        Index("uq_ledger_task_payment", "task_id", "account_kind", "reason", unique=True),
    )

    id: uuid.UUID = id_field()
    transaction_id: uuid.UUID = Field(index=True)
    account_kind: str = Field(max_length=32)
    account_id: uuid.UUID | None = None
    amount: Decimal = credits_field()  # positive credits the account, negative debits it
    reason: str = Field(max_length=32)
    task_id: uuid.UUID | None = Field(default=None, foreign_key="tasks.id", index=True)
    memo: str = Field(default="", max_length=255)
    created_at: datetime = created_field()
