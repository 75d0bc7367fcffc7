"""Orders placed on another sales channel (a Shopify shop), recorded as BizQ orders.

The channel took the money; BizQ records the order with its channel and the channel's
order name, takes its units from the same stock ledger as the storefront (reason
``channel_sale``) and runs the same pipeline (fulfilment routing, e-mails, automation
rules) through ``checkout.confirm_payment``. The same channel order is recorded once
however often it arrives (a webhook and a poll at the same moment): its key is unique
per store, and two imports of one key take turns.

An order placed before the store connected the channel comes only when the seller asks
for it, as **history** (``ChannelSale.history``): recorded with its channel and number
for reports and the customer's totals, already delivered, taking no stock and running no
pipeline — no e-mail, no automation rule.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlmodel import Session, select

from bizq_app.accounts.models import Store
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.core import db
from bizq_app.core.errors import Conflict
from bizq_app.inventory import stock
from bizq_app.inventory.models import StockReason
from bizq_app.sales import checkout, order_timeline
from bizq_app.sales.models import Order, OrderItem, OrderStatus


@dataclass(frozen=True)
class SoldLine:
    product_id: uuid.UUID
    options: dict[str, str]
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True)
class ChannelSale:
    channel: str  # "shopify"
    label: str  # "Shopify"
    external_id: str  # the channel's order id
    name: str  # the order's name on the channel, like "#1001"
    email: str
    buyer: str
    currency: str
    lines: tuple[SoldLine, ...]
    shipping: Decimal
    shipping_address: dict[str, str]
    shipping_service: str
    history: bool = False  # placed before the channel was connected: no stock, no pipeline
    placed_at: datetime | None = None  # when it happened on the channel (history's date)


def key_of(channel: str, external_id: str) -> str:
    return f"{channel}:{external_id}"[:100]


def recorded(session: Session, store_id: uuid.UUID, channel: str, external_id: str) -> bool:
    """Whether the channel order is already a BizQ order."""
    return _existing(session, store_id, key_of(channel, external_id)) is not None


def record(session: Session, store: Store, sale: ChannelSale) -> tuple[uuid.UUID, bool]:
    """Record a channel order as a paid BizQ order (or, as history, a delivered one);
    returns its id and whether it is new.

    Raises:
        Conflict: a line's product has fewer units than the channel sold, or is no longer
            in BizQ (nothing changed).
    """
    key = key_of(sale.channel, sale.external_id)
    db.serialise(session, f"channel-order:{store.id}:{key}")
    existing = _existing(session, store.id, key)
    if existing is not None:
        return existing.id, False
    found = catalog_lookups.lock_products(session, store.id, {ln.product_id for ln in sale.lines})
    subtotal = sum((ln.unit_price * ln.quantity for ln in sale.lines), Decimal(0))
    order = Order(
        store_id=store.id,
        number=checkout.next_number(session, store.id),
        customer_email=sale.email,
        customer_name=sale.buyer,
        currency=sale.currency,
        subtotal=subtotal,
        shipping=sale.shipping,
        total=subtotal + sale.shipping,
        shipping_address={**sale.shipping_address, "method": sale.shipping_service},
        idempotency_key=key,
        payment_provider=sale.channel,
        channel=sale.channel,
        channel_order=sale.name[:120],
        history=sale.history,
        customer_id=checkout.customer_id_for(session, store.id, sale.email, sale.buyer),
    )
    if sale.history and sale.placed_at is not None:  # reports date it when it happened
        order.created_at = sale.placed_at
    session.add(order)
    session.flush()
    for line in sale.lines:
        product = found.get(line.product_id)
        if product is None:
            raise Conflict(f"A product of {sale.label} order {sale.name} is no longer in BizQ.")
        options = dict(line.options)
        title = f"{product.title} ({stock.label(options)})" if options else product.title
        item = OrderItem(
            order_id=order.id,
            product_id=product.id,
            title=title[:200],
            options=options,
            quantity=line.quantity,
            unit_price=line.unit_price,
            unit_cost=product.cost,
        )
        session.add(item)
        session.flush()
        if not sale.history:
            sold = stock.Reference(order_id=order.id, order_item_id=item.id, note=sale.name)
            stock.move(
                session,
                product,
                options,
                -line.quantity,
                StockReason.CHANNEL_SALE,
                sold,
                locked=True,
            )
    units = sum(ln.quantity for ln in sale.lines)
    order_timeline.add(
        order,
        "created",
        f"Imported from {sale.label} order {sale.name}: {units} item(s), total {order.total}",
    )
    session.flush()
    if sale.history:
        _settled_history(session, order, sale)
    else:
        checkout.confirm_payment(session, order.id, sale.name[:120], confirmed_by=sale.label)
    return order.id, True


def _settled_history(session: Session, order: Order, sale: ChannelSale) -> None:
    """An order of the channel's past: paid and delivered there, counted in the customer's
    totals; no pipeline, no ``order.created`` (its e-mails and rules are long past)."""
    order.status, order.payment_status, order.pipeline = (
        OrderStatus.DELIVERED.value,
        "paid",
        "done",
    )
    order.payment_reference = sale.name[:120]
    order_timeline.add(
        order,
        "history",
        f"Placed on {sale.label} before BizQ was connected: recorded for your reports, "
        "without taking stock or sending e-mails.",
    )
    session.add(order)
    checkout.count_paid_order(session, order)
    session.flush()
    order_timeline.announce(session, order)


def _existing(session: Session, store_id: uuid.UUID, key: str) -> Order | None:
    query = select(Order).where(Order.store_id == store_id, Order.idempotency_key == key)
    return session.exec(query).first()
