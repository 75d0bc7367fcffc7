"""A buyer's view of their order, opened by the signed link in every e-mail."""

from __future__ import annotations

import uuid

from sqlmodel import Session

from bizq_app.accounts import stores
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import NotFound
from bizq_app.core.security import read_link
from bizq_app.integrations.payments import PaymentProvider
from bizq_app.sales import checkout
from bizq_app.sales.models import Order, OrderStatus

BUYER_STEPS = ("created", "charged", "notified", "shipped", "delivered", "refunded", "cancelled")
BUYER_STATUSES = {
    OrderStatus.PENDING: "Awaiting payment",
    OrderStatus.PAID: "Confirmed",
    OrderStatus.FULFILLING: "Being prepared",
    OrderStatus.SHIPPED: "On its way",
    OrderStatus.DELIVERED: "Delivered",
    OrderStatus.CANCELLED: "Cancelled",
    OrderStatus.REFUNDED: "Refunded",
}
"""The order's status as its buyer reads it (Shopify's order status page's words)."""


def order_for_buyer(*, session: Session, slug: str, token: str) -> Order:
    """The order a buyer's status link (from their e-mail) stands for.

    Raises:
        AuthenticationFailed: a forged, foreign or expired link. NotFound: not this store's.
    """
    order_id = read_link(token, "order-status")
    store = stores.store_at(session, slug)
    order = session.get(Order, uuid.UUID(order_id))
    if order is None or order.store_id != store.id:
        raise NotFound("No such order at this shop.")
    return order


def back_from_payment(
    *, open_session: OpenSession, slug: str, token: str, provider: PaymentProvider, left: bool
) -> Order:
    """The buyer came back to their order's page from the payment page (paid, or having
    ``left`` it): the order is settled with what the page became, then returned.

    Raises:
        AuthenticationFailed, NotFound: as ``order_for_buyer``.
        IntegrationError: the payment provider could not be asked (the payment check
            and the webhook settle the order later).
    """
    with open_session() as session:
        order = order_for_buyer(session=session, slug=slug, token=token)
    checkout.returned(open_session=open_session, order=order, provider=provider, left=left)
    with open_session() as session:
        return order_for_buyer(session=session, slug=slug, token=token)


def buyer_status(order: Order) -> str:
    return BUYER_STATUSES.get(OrderStatus(order.status), "Received")


def buyer_timeline(order: Order) -> list[dict[str, str]]:
    """The steps a buyer is told about (not the store's own workings)."""
    return [s for s in order.status_history if s.get("step") in BUYER_STEPS]
