"""channel orders: the import cursor and orders held for the seller

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 14:13:49.024340
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "channel_order_holds",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("connection_id", sa.Uuid(), nullable=False),
        sa.Column("external_id", sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column(
            "order",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["connection_id"], ["channel_connections.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("connection_id", "external_id", name="uq_channel_hold_order"),
    )
    with op.batch_alter_table("channel_connections", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "orders_cursor",
                sqlmodel.sql.sqltypes.AutoString(length=40),
                nullable=False,
                server_default="",
            )
        )
        batch_op.add_column(
            sa.Column("orders_polled_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("channel_connections", schema=None) as batch_op:
        batch_op.alter_column("orders_cursor", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("channel_connections", schema=None) as batch_op:
        batch_op.drop_column("orders_polled_at")
        batch_op.drop_column("orders_cursor")

    op.drop_table("channel_order_holds")
