"""indexes for a big store's lists and dashboard: products newest first, on sale by
title and by stock, customers newest first, a buyer's last order, and the dashboard's
sums read from the orders index alone

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-08 12:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SALES = ["store_id", "created_at", "status", "total", "refunded"]
STOCK = ["store_id", "status", "inventory_quantity"]


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index("ix_orders_store_created_sales", SALES, unique=False)
        batch_op.drop_index("ix_orders_store_created")  # the new index starts with its columns
        batch_op.create_index(
            "ix_orders_customer_created", ["customer_id", "created_at"], unique=False
        )
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.create_index(
            "ix_customers_store_created", ["store_id", "created_at"], unique=False
        )
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.create_index("ix_products_store_created", ["store_id", "created_at"], unique=False)
        batch_op.create_index(
            "ix_products_store_status_title", ["store_id", "status", "title"], unique=False
        )
        batch_op.create_index("ix_products_store_status_stock", STOCK, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_index("ix_products_store_status_stock")
        batch_op.drop_index("ix_products_store_status_title")
        batch_op.drop_index("ix_products_store_created")
    with op.batch_alter_table("customers", schema=None) as batch_op:
        batch_op.drop_index("ix_customers_store_created")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("ix_orders_customer_created")
        batch_op.create_index("ix_orders_store_created", ["store_id", "created_at"], unique=False)
        batch_op.drop_index("ix_orders_store_created_sales")
