"""buyers' reviews and storefront page views / add-to-carts

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "reviews",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("customer_id", sa.Uuid(), nullable=True),
        sa.Column("author", TEXT(length=120), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("text", TEXT(length=2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["customer_id"], ["customers.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("order_id", "product_id", name="uq_reviews_order_product"),
    )
    op.create_index("ix_reviews_store_created", "reviews", ["store_id", "created_at"])
    op.create_index("ix_reviews_product", "reviews", ["product_id"])
    op.create_table(
        "storefront_events",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("kind", TEXT(length=16), nullable=False),
        sa.Column("visitor", TEXT(length=64), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_storefront_events_store_kind_created",
        "storefront_events",
        ["store_id", "kind", "created_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_storefront_events_store_kind_created", table_name="storefront_events")
    op.drop_table("storefront_events")
    op.drop_index("ix_reviews_product", table_name="reviews")
    op.drop_index("ix_reviews_store_created", table_name="reviews")
    op.drop_table("reviews")
