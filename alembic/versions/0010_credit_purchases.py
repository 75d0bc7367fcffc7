"""credit purchases; orders found by their payment reference

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-24 08:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "credit_purchases",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("credits", sa.Numeric(precision=18, scale=4), nullable=False),
        sa.Column("price", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("currency", TEXT(length=3), nullable=False),
        sa.Column("provider", TEXT(length=16), nullable=False),
        sa.Column("provider_reference", TEXT(length=120), nullable=True),
        sa.Column("status", TEXT(length=16), nullable=False),
        sa.Column("failure_message", TEXT(length=500), nullable=False),
        sa.Column("idempotency_key", TEXT(length=100), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "store_id", "idempotency_key", name="uq_credit_purchases_store_idempotency"
        ),
    )
    op.create_index(
        "ix_credit_purchases_store_created", "credit_purchases", ["store_id", "created_at"]
    )
    op.create_index("ix_orders_payment_reference", "orders", ["payment_reference"])


def downgrade() -> None:
    op.drop_index("ix_orders_payment_reference", table_name="orders")
    op.drop_index("ix_credit_purchases_store_created", table_name="credit_purchases")
    op.drop_table("credit_purchases")
