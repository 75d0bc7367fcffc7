"""channel price and stock rules, listing warnings

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 16:42:07.696023
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("channel_connections", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "rules",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=False,
                server_default="{}",
            )
        )
    with op.batch_alter_table("channel_listings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "warning", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("channel_listings", schema=None) as batch_op:
        batch_op.drop_column("warning")
    with op.batch_alter_table("channel_connections", schema=None) as batch_op:
        batch_op.drop_column("rules")
