"""the stock ledger (every change of stock a movement, the level their sum); a counter
row per store for order numbers; a refund's status while the provider is asked

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 04:30:00
"""

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    counters = op.create_table(
        "order_counters",
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("store_id"),
    )
    movements = op.create_table(
        "stock_movements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("store_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("options", JSON, nullable=False),
        sa.Column("change", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("reason", TEXT(length=24), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("order_item_id", sa.Uuid(), nullable=True),
        sa.Column("note", TEXT(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["store_id"], ["stores.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["product_id"], ["products.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["order_item_id"], ["order_items.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_stock_movements_product_created", "stock_movements", ["product_id", "created_at"]
    )
    op.create_index("ix_stock_movements_order_item", "stock_movements", ["order_item_id"])
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", TEXT(length=16), nullable=False, server_default="succeeded")
        )
        batch_op.add_column(
            sa.Column("failure", TEXT(length=300), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("actor_id", sa.Uuid(), nullable=True))
        batch_op.create_foreign_key(
            "refunds_actor_id_fkey", "users", ["actor_id"], ["id"], ondelete="SET NULL"
        )
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.alter_column("status", server_default=None)
        batch_op.alter_column("failure", server_default=None)
    bind = op.get_bind()
    numbers = bind.execute(sa.text("SELECT store_id, MAX(number) FROM orders GROUP BY store_id"))
    rows = [{"store_id": _uuid(s), "last_number": int(n)} for s, n in numbers]
    if rows:
        op.bulk_insert(counters, rows)
    opening = []
    now = datetime.now(UTC)
    products = bind.execute(
        sa.text("SELECT id, store_id, inventory_quantity, variants FROM products")
    )
    for product_id, store_id, quantity, variants in products:
        variants = json.loads(variants) if isinstance(variants, str) else variants or []
        stocks = [(v.get("options", {}), int(v.get("stock", 0))) for v in variants]
        for options, units in stocks or [({}, int(quantity))]:
            if units:
                opening.append(
                    {
                        "id": uuid.uuid4(),
                        "store_id": _uuid(store_id),
                        "product_id": _uuid(product_id),
                        "options": options,
                        "change": units,
                        "level": units,
                        "reason": "opening",
                        "note": "Stock when the ledger began.",
                        "created_at": now,
                    }
                )
    if opening:
        op.bulk_insert(movements, opening)


def _uuid(value: object) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def downgrade() -> None:
    with op.batch_alter_table("refunds", schema=None) as batch_op:
        batch_op.drop_constraint("refunds_actor_id_fkey", type_="foreignkey")
        batch_op.drop_column("actor_id")
        batch_op.drop_column("failure")
        batch_op.drop_column("status")
    op.drop_index("ix_stock_movements_order_item", table_name="stock_movements")
    op.drop_index("ix_stock_movements_product_created", table_name="stock_movements")
    op.drop_table("stock_movements")
    op.drop_table("order_counters")
