"""The stock an order holds: its lines' units go back when payment fails, the order is
cancelled or a refund restocks, and a product on an open order cannot be deleted."""

from __future__ import annotations

import uuid

from sqlalchemy import func
from sqlmodel import Session, col, select

from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog import products
from bizq_app.catalog.models import Product
from bizq_app.inventory import stock
from bizq_app.sales.models import OPEN, Order, OrderItem


def release(session: Session, order_id: uuid.UUID) -> None:
    """Return the units of the order's lines to their products (and variants)."""
    lines = session.exec(select(OrderItem).where(OrderItem.order_id == order_id))
    stock.put_back(
        session,
        [
            (
                catalog_lookups.find_product(session, item.product_id),
                item.options or {},
                item.quantity,
            )
            for item in lines
        ],
    )


def held_by_open_orders(session: Session, product: Product) -> str | None:
    """Why ``product`` cannot be deleted yet (it is on open orders), or None."""
    open_orders = session.exec(
        select(func.count(func.distinct(Order.id)))
        .select_from(OrderItem)
        .join(Order)
        .where(
            OrderItem.product_id == product.id,
            col(Order.status).in_([s.value for s in OPEN]),
        )
    ).one()
    if not open_orders:
        return None
    return (
        f"'{product.title}' is on {open_orders} open order(s); fulfil or cancel them "
        "first, or archive the product instead."
    )


products.register_in_use_check("open_orders", held_by_open_orders)
