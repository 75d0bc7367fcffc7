"""A store's customers: who bought and what they spent, everything BizQ holds about one
of them (the export a buyer may ask for), and erasing their personal data on request.

Erasure runs in the caller's one transaction and changes nothing unless all of it
succeeds. It replaces the buyer's personal data on their customer record, their
orders, the e-mails BizQ wrote to them (and the purchase orders that carried their
address), their reviews, and the tasks that mention their e-mail. What the store
must keep stays: order numbers, items, totals, payments, refunds and statuses.
Erasing a customer twice is refused (``Conflict``): the first erasure said what it
did, and a second has nothing left to erase.

Over 400 lines on purpose: a buyer's listing, record, export and erasure are one
aggregate's acts, and erasure must reach every table it scrubs in one transaction.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_
from sqlmodel import Session, col, select

from bizq_app.accounts import audit
from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.permissions import Permission, require
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import Conflict, NotFound, ValidationFailed
from bizq_app.core.pagination import Page, paginate
from bizq_app.sales import customer_export, notifications, order_timeline, personal_data
from bizq_app.sales.models import Customer, Notification, Order, OrderItem, Refund, Review
from bizq_app.sales.personal_data import ERASED_NAME, scrub, scrub_json
from bizq_app.tasks import lookups as task_lookups

SORTS: dict[str, ColumnElement[Any]] = {
    "newest": col(Customer.created_at).desc(),
    "-lifetime_value": col(Customer.lifetime_value).desc(),
}


@dataclass(frozen=True)
class CustomerFilter:
    search: str = ""  # part of the e-mail or name
    sort: str = "newest"


@dataclass(frozen=True)
class CustomerRow:
    """A customer as a list shows them: the record and when they last paid for an order."""

    customer: Customer
    last_order_at: datetime | None


@dataclass(frozen=True)
class CustomerDetail:
    customer: Customer
    orders: list[Order]  # newest first
    last_order_at: datetime | None


@dataclass(frozen=True)
class Erasure:
    """What an erasure changed: the customer, and how many of each kind of record."""

    customer: Customer
    orders: int
    emails: int
    reviews: int
    tasks: int
    last_order_at: datetime | None


def display_name(customer: Customer) -> str:
    """What lists show for a customer: "Erased customer" once erased."""
    if customer.erased_at is not None:
        return ERASED_NAME
    return customer.name or customer.email or ""


def erasure_message(erasure: Erasure) -> str:
    """What an erasure did, in a sentence for the owner."""
    parts = [
        _count(erasure.orders, "order"),
        _count(erasure.emails, "e-mail"),
        _count(erasure.reviews, "review"),
    ]
    if erasure.tasks:
        parts.append(_count(erasure.tasks, "task"))
    listed = ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Personal data erased from the customer record, {listed}."


def list_customers(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    filters: CustomerFilter = CustomerFilter(),  # noqa: B008 - frozen
    limit: int = 50,
    offset: int = 0,
) -> Page[CustomerRow]:
    """One page of the store's customers, newest or highest lifetime value first.

    Raises:
        ValidationFailed: an unknown sort, or a bad page window.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    if filters.sort not in SORTS:
        raise ValidationFailed.field("$.sort", f"must be one of: {', '.join(SORTS)}")
    query = select(Customer).where(Customer.store_id == store_id)
    words = filters.search.strip().lower()
    if words:
        query = query.where(
            or_(
                func.lower(col(Customer.email)).contains(words, autoescape=True),
                func.lower(col(Customer.name)).contains(words, autoescape=True),
            )
        )
    query = query.order_by(SORTS[filters.sort], col(Customer.id))
    page = paginate(session, query, limit=limit, offset=offset)
    last = _last_orders(session, [c.id for c in page.items])
    rows = [CustomerRow(c, last.get(c.id)) for c in page.items]
    return Page(items=rows, total=page.total, limit=page.limit, offset=page.offset)


def get_customer(*, session: Session, user_id: uuid.UUID, customer_id: uuid.UUID) -> CustomerDetail:
    """One customer with their orders (newest first) and when they last paid.

    Raises:
        NotFound: no such customer. PermissionDenied: not a member of their store.
    """
    customer = _customer(session, user_id, customer_id, Permission.VIEW)
    orders = _orders_of(session, customer)
    return CustomerDetail(customer, orders, _last_paid(orders))


def export_customer(
    *, session: Session, user_id: uuid.UUID, customer_id: uuid.UUID
) -> dict[str, Any]:
    """Everything BizQ holds about one customer, as one JSON-ready document: their
    record, orders (items, refunds, the steps they were told about), addresses, the
    e-mails sent to them and their reviews. The export is audited.

    Raises:
        NotFound: no such customer. PermissionDenied: only owners and managers export.
    """
    customer = _customer(session, user_id, customer_id, Permission.OPERATE)
    store = account_lookups.find_store(session, customer.store_id)
    assert store is not None
    orders = _orders_of(session, customer)
    ids = [o.id for o in orders]
    held = customer_export.Holdings(
        store=store,
        customer=customer,
        orders=orders,
        items=_by_order(session.exec(select(OrderItem).where(col(OrderItem.order_id).in_(ids)))),
        refunds=_by_order(session.exec(select(Refund).where(col(Refund.order_id).in_(ids)))),
        emails=_notifications(session, customer, [], _emails_of(customer, orders)),
        reviews=_reviews(session, customer, orders),
    )
    audit.record(
        session=session,
        action="customer.exported",
        subject_type="customer",
        subject_id=customer.id,
        actor_id=user_id,
        store_id=customer.store_id,
        data={"orders": len(orders)},
    )
    return customer_export.document(held, exported_at=utcnow())


def erase_customer(
    *, session: Session, user_id: uuid.UUID, customer_id: uuid.UUID, confirm: object
) -> Erasure:
    """Replace one customer's personal data everywhere BizQ holds it, keeping what the
    store must keep (order numbers, items, totals, payments, refunds, statuses).

    ``confirm`` must be the customer's e-mail address (any case), so a slip of the
    mouse erases no one.

    Raises:
        NotFound: no such customer. PermissionDenied: only owners and managers erase.
        Conflict: the customer was already erased (nothing changes).
        ValidationFailed: ``confirm`` is not their e-mail (``$.confirm``; nothing changes).
    """
    customer = _customer(session, user_id, customer_id, Permission.OPERATE, lock=True)
    if customer.erased_at is not None:
        raise Conflict(
            f"This customer's personal data was already erased on "
            f"{customer.erased_at:%d %b %Y}; there is nothing left to erase."
        )
    if str(confirm or "").strip().lower() != (customer.email or "").lower():
        raise ValidationFailed.field("$.confirm", "must be the customer's e-mail address")
    orders = _orders_of(session, customer)
    emails = _emails_of(customer, orders)
    placeholder = personal_data.placeholder_email(customer.id)
    replacing = personal_data.replacements(
        emails=emails, texts=_personal_texts(customer, orders), placeholder=placeholder
    )
    erasure = Erasure(
        customer=customer,
        orders=_erase_orders(session, orders, placeholder, replacing),
        emails=_erase_emails(session, customer, orders, emails, placeholder, replacing),
        reviews=_erase_reviews(session, customer, orders),
        tasks=_erase_tasks(session, customer.store_id, emails, replacing),
        last_order_at=_last_paid(orders),
    )
    customer.email, customer.name, customer.erased_at = None, "", utcnow()
    session.add(customer)
    _audit_erasure(session, user_id, erasure)
    session.flush()
    for order in orders:
        order_timeline.announce(session, order)
    return erasure


# Reading ------------------------------------------------------------------------------


def _customer(
    session: Session,
    user_id: uuid.UUID,
    customer_id: uuid.UUID,
    permission: Permission,
    lock: bool = False,
) -> Customer:
    customer = session.get(Customer, customer_id, with_for_update=lock)
    if customer is None:
        raise NotFound(f"Customer {customer_id} does not exist.")
    require(session=session, store_id=customer.store_id, user_id=user_id, permission=permission)
    return customer


def _orders_of(session: Session, customer: Customer) -> list[Order]:
    """Their orders: linked to the record, or placed with their e-mail before it existed."""
    mine = col(Order.customer_id) == customer.id
    if customer.email:
        mine = or_(mine, func.lower(Order.customer_email) == customer.email.lower())
    query = (
        select(Order)
        .where(Order.store_id == customer.store_id, mine)
        .order_by(col(Order.created_at).desc(), col(Order.id))
    )
    return list(session.exec(query))


def _last_paid(orders: Iterable[Order]) -> datetime | None:
    return max((o.created_at for o in orders if o.payment_reference is not None), default=None)


def _last_orders(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, datetime]:
    query = (
        select(Order.customer_id, func.max(Order.created_at))
        .where(col(Order.customer_id).in_(ids), col(Order.payment_reference).is_not(None))
        .group_by(col(Order.customer_id))
    )
    return {cid: at for cid, at in session.exec(query) if cid is not None}


def _by_order(rows: Iterable[Any]) -> dict[uuid.UUID, list[Any]]:
    grouped: dict[uuid.UUID, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.order_id].append(row)
    return grouped


def _emails_of(customer: Customer, orders: Iterable[Order]) -> list[str]:
    found = {o.customer_email.lower() for o in orders}
    if customer.email:
        found.add(customer.email.lower())
    return sorted(found)


def _personal_texts(customer: Customer, orders: Iterable[Order]) -> list[str]:
    texts = [customer.name]
    for order in orders:
        texts += [order.customer_name, order.tracking_number or ""]
        texts += personal_data.address_texts(order.shipping_address)
    return texts


def _notifications(
    session: Session, customer: Customer, orders: list[Order], emails: list[str]
) -> list[Notification]:
    """E-mails to them, and (with ``orders``) every e-mail about their orders."""
    about = or_(
        func.lower(Notification.to).in_(emails),
        col(Notification.order_id).in_([o.id for o in orders]),
    )
    query = (
        select(Notification)
        .where(Notification.store_id == customer.store_id, about)
        .order_by(col(Notification.created_at), col(Notification.id))
    )
    return list(session.exec(query))


def _reviews(session: Session, customer: Customer, orders: list[Order]) -> list[Review]:
    theirs = or_(
        col(Review.customer_id) == customer.id, col(Review.order_id).in_([o.id for o in orders])
    )
    query = (
        select(Review)
        .where(Review.store_id == customer.store_id, theirs)
        .order_by(col(Review.created_at))
    )
    return list(session.exec(query))


# Erasing ------------------------------------------------------------------------------


def _erase_orders(
    session: Session, orders: list[Order], placeholder: str, replacing: dict[str, str]
) -> int:
    for order in orders:
        order.customer_email, order.customer_name = placeholder, ERASED_NAME
        order.shipping_address = personal_data.kept_address(order.shipping_address)
        order.tracking_number = None  # a carrier shows the recipient to anyone holding it
        order.notes = scrub(order.notes, replacing)
        order.status_history = scrub_json(order.status_history, replacing)
        order_timeline.add(order, "erased", "The buyer's personal data was erased on request.")
        order.updated_at = utcnow()
        session.add(order)
    ids = [o.id for o in orders]
    for refund in session.exec(select(Refund).where(col(Refund.order_id).in_(ids))):
        refund.reason = scrub(refund.reason, replacing)
        session.add(refund)
    return len(orders)


def _erase_emails(
    session: Session,
    customer: Customer,
    orders: list[Order],
    emails: list[str],
    placeholder: str,
    replacing: dict[str, str],
) -> int:
    """E-mails to them lose recipient, text and HTML (one still waiting is not sent); e-mails
    about their orders to others (purchase orders) lose their name and address."""
    count = 0
    for row in _notifications(session, customer, orders, emails):
        if row.to.lower() in emails:
            row.to, row.body, row.html, row.error = placeholder, "", "", ""
            if row.status == "queued":
                row.status, row.error = notifications.CANCELLED, notifications.ERASED_RECIPIENT
            count += 1
        else:
            row.body = scrub(row.body, replacing)
            row.html = personal_data.scrub_html(row.html, replacing)
        row.subject = scrub(row.subject, replacing)
        session.add(row)
    return count


def _erase_reviews(session: Session, customer: Customer, orders: list[Order]) -> int:
    """Reviews keep their rating; the author and the words (which may name them) go."""
    found = _reviews(session, customer, orders)
    for review in found:
        review.author, review.text = "", ""
        session.add(review)
    return len(found)


def _erase_tasks(
    session: Session, store_id: uuid.UUID, emails: list[str], replacing: dict[str, str]
) -> int:
    """Tasks whose input or output carries their e-mail (an automation rule can put it
    there) get their personal data replaced the same way."""
    return task_lookups.scrub_mentions(
        session, store_id, emails, lambda value: scrub_json(value, replacing)
    )


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


def _audit_erasure(session: Session, user_id: uuid.UUID, erasure: Erasure) -> None:
    audit.record(
        session=session,
        action="customer.erased",
        subject_type="customer",
        subject_id=erasure.customer.id,
        actor_id=user_id,
        store_id=erasure.customer.store_id,
        data={
            "orders": erasure.orders,
            "emails": erasure.emails,
            "reviews": erasure.reviews,
            "tasks": erasure.tasks,
        },
    )
