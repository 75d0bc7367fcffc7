"""The document a customer's export is: everything BizQ holds about one buyer, as
plain JSON (money as decimal strings, times in ISO 8601 UTC). Built from rows the
customers service has read; nothing here touches the database."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bizq_app.accounts.models import Store
from bizq_app.sales import buyer_orders
from bizq_app.sales.models import Customer, Notification, Order, OrderItem, Refund, Review

FORMAT = "bizq.customer-export/1"


@dataclass(frozen=True)
class Holdings:
    """What BizQ holds about one customer in one store."""

    store: Store
    customer: Customer
    orders: list[Order]
    items: dict[uuid.UUID, list[OrderItem]]  # by order id
    refunds: dict[uuid.UUID, list[Refund]]  # by order id
    emails: list[Notification]  # the e-mails sent to them
    reviews: list[Review]


def document(held: Holdings, *, exported_at: datetime) -> dict[str, Any]:
    """The export: the customer record, their orders (items, refunds, the steps they
    were told about), the addresses they gave, the e-mails sent to them, their reviews."""
    return {
        "format": FORMAT,
        "exported_at": _iso(exported_at),
        "store": {"id": str(held.store.id), "name": held.store.name},
        "customer": _customer_doc(held.customer),
        "orders": [
            _order_doc(o, held.items.get(o.id, []), held.refunds.get(o.id, [])) for o in held.orders
        ],
        "addresses": _addresses_doc(held.orders),
        "emails": [_email_doc(n) for n in held.emails],
        "reviews": [_review_doc(r) for r in held.reviews],
    }


def _customer_doc(customer: Customer) -> dict[str, Any]:
    return {
        "id": str(customer.id),
        "email": customer.email,
        "name": customer.name,
        "orders_count": customer.orders_count,
        "lifetime_value": str(customer.lifetime_value),
        "created_at": _iso(customer.created_at),
        "erased_at": _iso(customer.erased_at),
    }


def _order_doc(order: Order, items: list[OrderItem], refunds: list[Refund]) -> dict[str, Any]:
    return {
        "id": str(order.id),
        "number": order.number,
        "placed_at": _iso(order.created_at),
        "status": order.status,
        "payment_status": order.payment_status,
        "email": order.customer_email,
        "name": order.customer_name,
        "shipping_address": order.shipping_address,
        "tracking_number": order.tracking_number,
        "currency": order.currency,
        **{k: str(getattr(order, k)) for k in ("subtotal", "shipping", "tax", "total", "refunded")},
        "items": [
            {"title": i.title, "quantity": i.quantity, "unit_price": str(i.unit_price)}
            for i in items
        ],
        "refunds": [
            {"amount": str(r.amount), "reason": r.reason, "at": _iso(r.created_at)} for r in refunds
        ],
        "timeline": buyer_orders.buyer_timeline(order),
    }


def _addresses_doc(orders: list[Order]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for order in orders:
        address = {k: v for k, v in order.shipping_address.items() if k != "method"}
        if address and address not in found:
            found.append(address)
    return found


def _email_doc(row: Notification) -> dict[str, Any]:
    return {
        "to": row.to,
        "subject": row.subject,
        "body": row.body,
        "html": row.html,
        "status": row.status,
        "order_id": str(row.order_id) if row.order_id else None,
        "created_at": _iso(row.created_at),
        "sent_at": _iso(row.sent_at),
    }


def _review_doc(review: Review) -> dict[str, Any]:
    return {
        "order_id": str(review.order_id),
        "product_id": str(review.product_id) if review.product_id else None,
        "author": review.author,
        "rating": review.rating,
        "text": review.text,
        "created_at": _iso(review.created_at),
    }


def _iso(at: datetime | None) -> str | None:
    return at.isoformat(timespec="seconds") if at else None
