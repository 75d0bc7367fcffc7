"""customers, refunds, and what the order pipeline keeps on an order

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 04:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sqlmodel.sql.sqltypes.AutoString
MONEY = sa.Numeric(precision=14, scale=2)


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("email", TEXT(length=254), nullable=True),
        sa.Column("name", TEXT(length=120), nullable=False),
        sa.Column("orders_count", sa.Integer(), nullable=False),
        sa.Column("lifetime_value", MONEY, nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("store_id", "email", name="uq_customers_store_email"),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("customer_id", sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column("idempotency_key", TEXT(length=100), nullable=True))
        batch_op.add_column(
            sa.Column("payment_provider", TEXT(length=16), nullable=False, server_default="test")
        )
        batch_op.add_column(sa.Column("payment_reference", TEXT(length=120), nullable=True))
        batch_op.add_column(sa.Column("refunded", MONEY, nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("tracking_number", TEXT(length=80), nullable=True))
        batch_op.add_column(sa.Column("notes", TEXT(), nullable=False, server_default=""))
        batch_op.create_foreign_key(
            "fk_orders_customer", "customers", ["customer_id"], ["id"], ondelete="SET NULL"
        )
        batch_op.create_unique_constraint(
            "uq_orders_store_idempotency", ["store_id", "idempotency_key"]
        )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.alter_column("payment_provider", server_default=None)
        batch_op.alter_column("refunded", server_default=None)
        batch_op.alter_column("notes", server_default=None)
    op.create_table(
        "refunds",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("amount", MONEY, nullable=False),
        sa.Column("reference", TEXT(length=120), nullable=False),
        sa.Column("idempotency_key", TEXT(length=100), nullable=False),
        sa.Column("restocked", sa.Boolean(), nullable=False),
        sa.Column("reason", TEXT(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id", "idempotency_key", name="uq_refunds_key"),
    )
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.create_index("ix_refunds_order_id", ["order_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.drop_index("ix_refunds_order_id")
    op.drop_table("refunds")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint("uq_orders_store_idempotency", type_="unique")
        batch_op.drop_constraint("fk_orders_customer", type_="foreignkey")
        for column in (
            "notes",
            "tracking_number",
            "refunded",
            "payment_reference",
            "payment_provider",
            "idempotency_key",
            "customer_id",
        ):
            batch_op.drop_column(column)
    op.drop_table("customers")
