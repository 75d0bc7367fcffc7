"""fields a seller manages on the channel, per listing

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-03 16:56:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("channel_listings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "channel_fields",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=False,
                server_default="[]",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("channel_listings", schema=None) as batch_op:
        batch_op.drop_column("channel_fields")
