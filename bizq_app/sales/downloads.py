"""A buyer's download links: what an order's digital product link opens, while it may."""

from __future__ import annotations

import uuid

from sqlmodel import Session, select

from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog import product_files
from bizq_app.core.errors import InvalidTransition, NotFound
from bizq_app.core.security import read_link
from bizq_app.integrations.storage import Storage
from bizq_app.sales.models import CLOSED, Order, OrderItem


def download(*, session: Session, token: str, files: Storage | None = None) -> tuple[str, bytes]:
    """The file name and bytes a download link stands for.

    Raises:
        AuthenticationFailed: a forged, foreign or expired link.
        InvalidTransition: the order was cancelled or refunded. NotFound: no file any more.
    """
    order_id, _, product_id = read_link(token, "download").partition(":")
    order = session.get(Order, uuid.UUID(order_id))
    if order is None:
        raise NotFound("This order no longer exists.")
    if order.status in CLOSED:
        raise InvalidTransition(
            f"Order #{order.number} was {order.status}; its downloads are closed."
        )
    bought = session.exec(
        select(OrderItem).where(
            OrderItem.order_id == order.id, OrderItem.product_id == uuid.UUID(product_id)
        )
    ).first()
    product = catalog_lookups.find_product(session, product_id) if bought else None
    if product is None:
        raise NotFound("The seller has taken this file down.")
    return product_files.read_file(product, files)
