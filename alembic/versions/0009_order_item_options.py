"""the variant (its options) an order line bought; the channel an order came from

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-24 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("order_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("options", JSON, nullable=False, server_default="{}"))
    with op.batch_alter_table("order_items", schema=None) as batch_op:
        batch_op.alter_column("options", server_default=None)
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False, server_default="storefront")
        )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.alter_column("channel", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("channel")
    with op.batch_alter_table("order_items", schema=None) as batch_op:
        batch_op.drop_column("options")
