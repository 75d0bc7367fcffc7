"""What an order's page says of its money and its two statuses, in the seller's words:
the payment panel (subtotal, shipping, taxes, total, refunded, net) and the payment
status ("Paid", "Partially refunded") beside the fulfilment status ("Unfulfilled",
"Partially fulfilled", "Fulfilled")."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from bizq_app.core.money import format_amount
from bizq_app.sales import fulfilment
from bizq_app.sales.fulfilment import FulfilmentGroup
from bizq_app.sales.models import Order, OrderStatus

S = OrderStatus
WAITING = {  # an order awaiting payment, by its payment's state
    "processing": "Payment processing",
    "unknown": "Payment being checked",
}
UNPAID_ENDINGS = {"expired": "Payment expired", "declined": "Payment declined"}


@dataclass(frozen=True)
class PaymentPanel:
    currency: str
    subtotal: Decimal
    shipping: Decimal
    tax: Decimal
    total: Decimal
    refunded: Decimal
    net: Decimal  # what the store keeps: total less refunds

    def shown(self) -> dict[str, str]:
        """Each amount formatted in the order's currency."""
        amounts = ("subtotal", "shipping", "tax", "total", "refunded", "net")
        return {name: format_amount(getattr(self, name), self.currency) for name in amounts}


@dataclass(frozen=True)
class OrderSummary:
    payment: PaymentPanel
    payment_status: str  # "Paid", "Partially refunded", …
    fulfilment_status: str  # "Unfulfilled", "Partially fulfilled", "Fulfilled", "Delivered"
    groups: list[FulfilmentGroup]


def summary(session: Session, order: Order) -> OrderSummary:
    """The order's payment panel, its two statuses and its fulfilment groups."""
    found = fulfilment.groups(session, order)
    return OrderSummary(
        payment=payment_panel(order),
        payment_status=payment_status(order),
        fulfilment_status=fulfilment.fulfilment_label(order, found),
        groups=found,
    )


def payment_panel(order: Order) -> PaymentPanel:
    return PaymentPanel(
        currency=order.currency,
        subtotal=order.subtotal,
        shipping=order.shipping,
        tax=order.tax,
        total=order.total,
        refunded=order.refunded,
        net=order.total - order.refunded,
    )


def payment_status(order: Order) -> str:
    """The order's payment in one label: Awaiting payment, Paid, Partially refunded,
    Refunded, Payment expired, …"""
    if order.status == S.PENDING.value:
        return WAITING.get(order.payment_status, "Awaiting payment")
    if order.payment_status in UNPAID_ENDINGS:
        return UNPAID_ENDINGS[order.payment_status]
    if order.status == S.CANCELLED.value and order.payment_status != "paid":
        return "Not paid"
    if order.refunded > 0:
        return "Refunded" if order.refunded >= order.total else "Partially refunded"
    return "Paid"


def list_statuses(session: Session, found: list[Order]) -> dict[uuid.UUID, tuple[str, str]]:
    """Each order's payment and fulfilment status, for a list of orders (one query for
    the lot: an order awaiting fulfilment with a group shipped is partially fulfilled)."""
    in_part = fulfilment.shipped_in_part(session, [o.id for o in found])
    return {o.id: (payment_status(o), _fulfilment_at_a_glance(o, o.id in in_part)) for o in found}


def _fulfilment_at_a_glance(order: Order, in_part: bool) -> str:
    if order.status == S.DELIVERED.value:
        return "Delivered"
    if order.status == S.SHIPPED.value:
        return "Fulfilled"
    return "Partially fulfilled" if in_part else "Unfulfilled"
