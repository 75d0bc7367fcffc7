"""how products are fulfilled, the order pipeline's state, and notifications

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 06:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("fulfilment", TEXT(length=16), nullable=False, server_default="auto")
        )
        batch_op.add_column(sa.Column("supplier_sku", TEXT(length=64), nullable=True))
        batch_op.add_column(sa.Column("digital_file", TEXT(length=255), nullable=True))
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.alter_column("fulfilment", server_default=None)
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pipeline", TEXT(length=16), nullable=False, server_default="done")
        )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.alter_column("pipeline", server_default=None)
    op.create_table(
        "notifications",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("kind", TEXT(length=32), nullable=False),
        sa.Column("to", TEXT(length=254), nullable=False),
        sa.Column("subject", TEXT(length=200), nullable=False),
        sa.Column("body", TEXT(), nullable=False),
        sa.Column("status", TEXT(length=16), nullable=False),
        sa.Column("error", TEXT(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_notifications_store_created", "notifications", ["store_id", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_notifications_store_created", table_name="notifications")
    op.drop_table("notifications")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("pipeline")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("digital_file")
        batch_op.drop_column("supplier_sku")
        batch_op.drop_column("fulfilment")
