"""templates published to the marketplace, with a price in credits

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 04:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ui_templates", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("is_public", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("price", sa.Numeric(precision=18, scale=4), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("applications", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("ui_templates", schema=None) as batch_op:
        batch_op.alter_column("is_public", server_default=None)
        batch_op.alter_column("price", server_default=None)
        batch_op.alter_column("applications", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("ui_templates", schema=None) as batch_op:
        batch_op.drop_column("applications")
        batch_op.drop_column("price")
        batch_op.drop_column("is_public")
