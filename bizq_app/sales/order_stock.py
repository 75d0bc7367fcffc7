"""The stock an order holds: its lines' units go back when payment fails, the order is
cancelled or a refund restocks, and a product on an order cannot be deleted."""

from __future__ import annotations

import uuid

from sqlalchemy import func
from sqlmodel import Session, col, select

from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog import products
from bizq_app.catalog.models import Product
from bizq_app.core.errors import ValidationFailed
from bizq_app.inventory import stock
from bizq_app.inventory.models import StockReason
from bizq_app.sales.models import OPEN, Order, OrderItem


def release(
    session: Session,
    order_id: uuid.UUID,
    reason: StockReason,
    actor_id: uuid.UUID | None = None,
    quantities: dict[uuid.UUID, int] | None = None,
) -> int:
    """Return the units of the order's lines to their products (and variants): all that
    have not come back yet, or ``quantities`` per line id. Lines in product order, so two
    releases cannot deadlock. Returns how many units came back.

    Raises:
        ValidationFailed: a line that is not on the order, or more units than it has left.
    """
    lines = list(
        session.exec(
            select(OrderItem)
            .where(OrderItem.order_id == order_id)
            .order_by(col(OrderItem.product_id), col(OrderItem.id))
        )
    )
    unknown = set(quantities or {}) - {item.id for item in lines}
    if unknown:
        raise ValidationFailed.field("$.restock", f"line {sorted(unknown)[0]} is not on this order")
    back = 0
    for item in lines:
        wanted = None if quantities is None else quantities.get(item.id, 0)
        reference = stock.Reference(order_id=order_id, order_item_id=item.id, actor_id=actor_id)
        product = catalog_lookups.find_product(session, item.product_id)
        options = item.options or {}
        back += stock.put_back(session, product, options, item.quantity, reason, reference, wanted)
    return back


def held_by_open_orders(session: Session, product: Product) -> str | None:
    """Why ``product`` cannot be deleted (it is on open orders, or on past orders whose
    lines still name it), or None."""
    open_orders, all_orders = session.exec(
        select(
            func.count(func.distinct(Order.id)).filter(
                col(Order.status).in_([s.value for s in OPEN])
            ),
            func.count(func.distinct(Order.id)),
        )
        .select_from(OrderItem)
        .join(Order)
        .where(OrderItem.product_id == product.id)
    ).one()
    if open_orders:
        return (
            f"'{product.title}' is on {open_orders} open order(s); fulfil or cancel them "
            "first, or archive the product instead."
        )
    if all_orders:
        return (
            f"'{product.title}' is on {all_orders} past order(s) whose history names it; "
            "archive the product instead."
        )
    return None


products.register_in_use_check("open_orders", held_by_open_orders)
