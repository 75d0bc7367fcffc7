"""hosted checkout: an order or a credit purchase paid on Stripe Checkout keeps its
session id and payment page

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 10:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("orders", "credit_purchases")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("checkout_session", sa.String(length=255), nullable=True))
            batch.add_column(sa.Column("payment_url", sa.String(length=2000), nullable=True))
        op.create_index(f"ix_{table}_checkout_session", table, ["checkout_session"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_checkout_session", table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("payment_url")
            batch.drop_column("checkout_session")
