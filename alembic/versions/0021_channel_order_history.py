"""orders by channel: the marketplace's order number, history imports, webhooks kept while
a connection is paused

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 18:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "channel_order",
                sqlmodel.sql.sqltypes.AutoString(length=120),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column("history", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index(
            "ix_orders_store_channel_created", ["store_id", "channel", "created_at"], unique=False
        )
    # a channel order's number was kept as its payment reference until now
    op.execute(
        "UPDATE orders SET channel_order = payment_reference "
        "WHERE channel NOT IN ('storefront', 'manual') AND payment_reference IS NOT NULL"
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.alter_column("channel_order", server_default=None)
        batch_op.alter_column("history", server_default=None)
    op.create_table(
        "channel_kept_deliveries",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("connection_id", sa.Uuid(), nullable=False),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column(
            "order",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["connection_id"], ["channel_connections.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("connection_id", "external_id", name="uq_channel_kept_delivery"),
    )


def downgrade() -> None:
    op.drop_table("channel_kept_deliveries")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("ix_orders_store_channel_created")
        batch_op.drop_column("history")
        batch_op.drop_column("channel_order")
