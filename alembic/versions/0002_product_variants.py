"""product variants; a SKU is unique within its store

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24 03:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.add_column(sa.Column("variants", JSON, nullable=False, server_default="[]"))
        batch_op.create_index("uq_products_store_sku", ["store_id", "sku"], unique=True)
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.alter_column("variants", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index("uq_products_store_sku")
        batch_op.drop_column("variants")
