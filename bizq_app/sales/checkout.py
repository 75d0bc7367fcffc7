"""Checkout: a buyer's cart becomes a paid order, or nothing changes.

The server prices the cart (prices sent by the browser are ignored). Three short
transactions, so no row lock is held while the payment provider is asked:

1. check the cart, lock the products (in id order, so two checkouts cannot
   deadlock), take the stock and write the order as ``pending``;
2. charge the card (the provider is called once per idempotency key);
3. mark the order ``paid`` — or, when the charge failed, put the stock back and
   cancel the order, saying why. A charge the provider is still processing leaves
   the order ``pending`` (awaiting payment, its stock set aside). A charge call that
   raised leaves it ``pending`` with payment ``unknown``: ``sales.payment_check`` asks
   the provider later and settles it, or cancels it once it has waited too long.

Stripe's webhooks settle an order through the same two functions
(``confirm_payment``, ``fail_payment``). Each locks the order and acts only while
it awaits payment, so the webhook and step 3 — whichever comes first — settle it
once.

The same ``Idempotency-Key`` always answers with the same order: no second
order, no second charge.

With a hosted provider (Stripe Checkout) step 2 opens the provider's payment page
instead: the order keeps the page's address (``payment_url``) for the buyer to be sent
to, and no card number is accepted from the buyer (an API client that collects the card
with Stripe.js itself may send its PaymentMethod id instead, charged at once). The order
is settled, once, by whichever comes first of the buyer's return (``returned``), the
provider's webhook and the payment check; a buyer who leaves the page, or never pays,
gets the stock released (the page is closed first, so it cannot be paid afterwards).

Over 400 lines on purpose: checkout is one unit of work from cart to paid order (prices,
stock, buyer, payment, settlement) whose lock order must stay in one place.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from bizq_app.accounts import stores
from bizq_app.accounts.models import Store
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog.models import Product
from bizq_app.core import db, events, rate_limits, status
from bizq_app.core.columns import as_stored, utcnow
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import (
    Conflict,
    FieldError,
    IntegrationError,
    PaymentDeclined,
    Unavailable,
    ValidationFailed,
)
from bizq_app.core.money import format_amount, format_money
from bizq_app.core.settings import get_settings
from bizq_app.core.validation import clean_email, looks_like_card_number
from bizq_app.integrations.payments import (
    Charge,
    CheckoutLine,
    CheckoutRequest,
    PaymentProvider,
)
from bizq_app.inventory import stock
from bizq_app.inventory.models import StockReason
from bizq_app.sales import addresses, order_pipeline, order_stock, order_timeline, orders, quotes
from bizq_app.sales.models import Customer, Order, OrderCounter, OrderItem, OrderStatus
from bizq_app.sales.quotes import Line, LineKey

FIRST_NUMBER = 1001
DECLINED = "Your card was declined."
PROCESSING = "Your payment is still processing; the order goes ahead once it clears."
UNKNOWN = (
    "We could not confirm your payment for order #{number} with the payment provider. "
    "You will not be charged twice: if the payment went through, the order goes ahead and "
    "you receive its confirmation; if not, nothing is charged and the order is cancelled."
)
HELD = (
    "Checkout is on hold for this connection after several declined cards; "
    "try again in {seconds} seconds."
)
EXPIRED = (
    "This checkout expired before its payment was confirmed; nothing was charged. "
    "Please check out again."
)
PAGE_UNAVAILABLE = (
    "The payment page could not be opened; nothing was charged and your cart is kept. "
    "Please try again in a moment."
)
PAGE_OPENED = "Waiting for the buyer to pay on {}'s payment page."
CARD_REFUSED = (
    "card numbers are entered on the secure payment page, never sent to the shop; "
    "leave this field out"
)
PAGE_MINUTES = (30, 24 * 60)  # how long a hosted payment page may stay open (Stripe's bounds)
ADDRESS_FIELDS = {"line1": 200, "city": 100, "postal_code": 20, "country": 2}
OPTIONAL_FIELDS = {"line2": 200}


@dataclass(frozen=True)
class Placed:
    """An order as checkout left it, with its lines."""

    order: Order
    items: list[OrderItem]


@dataclass(frozen=True)
class Cart:
    """A checked cart: who buys, where it goes, what, and how it is paid."""

    email: str
    name: str
    address: dict[str, str]
    shipping_method: str
    lines: tuple[Line, ...]
    payment_method: str
    shown_total: Decimal | None = None  # the total the buyer was shown, when sent


def place_order(
    *,
    open_session: OpenSession,
    store_slug: str,
    fields: Mapping[str, Any],
    provider: PaymentProvider,
    idempotency_key: str | None = None,
    client: str = "",
) -> Placed:
    """Check out a cart on the store's storefront; returns the paid order. Checkouts
    are rate limited per buyer address (``client``) and per store, and an address whose
    cards keep being declined (card testing) is held for a while.

    Raises:
        NotFound: no such store. ValidationFailed: each bad field, with its path.
        Conflict: an item is out of stock (``$.lines[i].quantity``).
        PaymentDeclined: the card was declined (the order is kept as cancelled, the
            stock is back); the same key gives the same answer.
        TooManyRequests: over a checkout limit, or held after several declined cards.
    """
    _limit(client, store_slug)
    cart = clean_cart(fields, hosted=provider.hosted)
    key = (idempotency_key or "").strip()[:100] or None
    with open_session() as session:
        store = stores.store_at(session, store_slug)
        if key is not None:  # the same key sent twice at once: the second waits here
            db.serialise(session, f"checkout:{store.id}:{key}")
        existing = _by_key(session, store.id, key)
        if existing is not None:
            return Placed(_replayed(existing), orders.items(session, existing))
        order, items = _reserve(session, store, cart, key, provider.name)
        order_id, number, total, currency = order.id, order.number, order.total, order.currency
        on_page = provider.hosted and not cart.payment_method  # else a token from Stripe.js
        hosted = _hosted_request(order_id, store, order, items, cart) if on_page else None
    if hosted is not None:
        _open_payment_page(open_session, provider, order_id, hosted)
        return _placed(open_session, order_id)
    try:
        charge = provider.charge(
            amount=total,
            currency=currency,
            payment_method=cart.payment_method,
            idempotency_key=f"order-{order_id}",
            description=f"Order {order_id}",
            metadata={"order_id": str(order_id)},
        )
    except IntegrationError as exc:  # it may or may not have taken the money
        with open_session() as session:
            _unknown(session, order_id, str(exc))
        raise Unavailable(UNKNOWN.format(number=number)) from exc
    with open_session() as session:
        paid_as_seen = settle(session, order_id, charge, seen=order)
    if not (charge.succeeded or charge.pending):
        if client:
            rate_limits.count("declines_ip", client)
        raise PaymentDeclined(charge.message or DECLINED)
    return Placed(order, items) if paid_as_seen else _placed(open_session, order_id)


def _placed(open_session: OpenSession, order_id: uuid.UUID) -> Placed:
    with open_session() as session:
        order = session.get(Order, order_id)
        assert order is not None
        return Placed(order, orders.items(session, order))


def _hosted_request(
    order_id: uuid.UUID, store: Store, order: Order, items: list[OrderItem], cart: Cart
) -> CheckoutRequest:
    """What the provider's payment page sells for this order, and where the buyer returns:
    the order's status page (paid), or the same page told they left (``left=1``)."""
    back = order_pipeline.status_url(store, order)
    hold = max(get_settings().unpaid_order_minutes, PAGE_MINUTES[0])
    return CheckoutRequest(
        lines=tuple(CheckoutLine(i.title, i.unit_price, i.quantity) for i in items),
        currency=order.currency,
        shipping=order.shipping,
        success_url=f"{back}&session_id={{CHECKOUT_SESSION_ID}}",
        cancel_url=f"{back}&left=1",
        idempotency_key=f"order-{order_id}",
        metadata={"order_id": str(order_id), "store_id": str(store.id)},
        expires_at=utcnow() + timedelta(minutes=min(hold, PAGE_MINUTES[1])),
        customer_email=cart.email,
    )


def _open_payment_page(
    open_session: OpenSession,
    provider: PaymentProvider,
    order_id: uuid.UUID,
    request: CheckoutRequest,
) -> None:
    """Open the provider's payment page for a reserved order; keep its address on the
    order. A page that could not be opened took no money: the order is cancelled and
    its stock goes back."""
    try:
        page = provider.start_checkout(request)
    except IntegrationError as exc:
        with open_session() as session:
            fail_payment(session, order_id, f"The payment page could not be opened: {exc}")
        raise Unavailable(PAGE_UNAVAILABLE) from exc
    with open_session() as session:
        order = _locked(session, order_id)
        if order is not None and order.status == OrderStatus.PENDING.value:
            order.checkout_session, order.payment_url = page.reference, page.url
            order_timeline.add(order, "awaiting_payment", PAGE_OPENED.format(provider.label))
            _saved(session, order)


def returned(
    *, open_session: OpenSession, order: Order, provider: PaymentProvider, left: bool
) -> bool:
    """The buyer came back from the payment page: settle the order with what the page
    became (paid, processing), or, when the buyer ``left`` it unpaid, close the page and
    release the stock. Returns True when the order changed."""
    reference = order.checkout_session
    if not provider.hosted or not reference or order.status != OrderStatus.PENDING.value:
        return False
    outcome = provider.expire_checkout(reference) if left else provider.checkout_outcome(reference)
    if outcome is None:
        return False
    with open_session() as session:
        settle(session, order.id, outcome, confirmed_by=provider.label)
    return True


def payment_page(order: Order) -> str:
    """Where the buyer can still pay the order: its hosted payment page while it awaits
    payment; "" once it is paid or closed (or it never had one)."""
    return (order.payment_url or "") if order.status == OrderStatus.PENDING.value else ""


def _limit(client: str, store_slug: str) -> None:
    """The buyer's address first, then the store: a checkout the address's limits refuse
    uses up nothing of the store's, so one address cannot close a shop's checkout."""
    if client:
        try:
            rate_limits.check("declines_ip", client)
        except rate_limits.TooManyRequests as exc:
            held = HELD.format(seconds=exc.retry_after)
            raise rate_limits.TooManyRequests(held, exc.retry_after) from exc
        rate_limits.take("checkout_ip", client)
    rate_limits.take("checkout_store", store_slug)


def settle(
    session: Session,
    order_id: uuid.UUID,
    charge: Charge,
    confirmed_by: str = "",
    *,
    seen: Order | None = None,
) -> bool:
    """Record what the provider said of the order's charge: paid, still processing,
    declined, or its payment page closed unpaid (the order is cancelled and its stock
    goes back). ``seen``: the order as the caller wrote it (see ``confirm_payment``);
    True when it became paid from that state, and ``seen`` now holds it."""
    if charge.succeeded:
        return confirm_payment(
            session, order_id, charge.reference, confirmed_by=confirmed_by, seen=seen
        ) and (seen is not None and seen.status == OrderStatus.PAID.value)
    if charge.expired:
        expire_payment(session, order_id, charge.message or EXPIRED)
    elif charge.pending:
        _await_payment(session, order_id, charge.reference, charge.message or PROCESSING)
    else:
        fail_payment(session, order_id, charge.message or DECLINED)
    return False


def _replayed(order: Order) -> Order:
    """The answer to a checkout sent again with the same key: the same order, its decline,
    or why it cannot be answered yet. Never a second charge."""
    _raise_if_declined(order)
    if order.payment_status == "unknown":
        raise Conflict(UNKNOWN.format(number=order.number))
    if order.payment_status == "expired":
        raise Conflict(EXPIRED)
    return order


def _raise_if_declined(order: Order) -> None:
    if order.payment_status == "declined":
        reason = next(
            (s["note"] for s in order.status_history if s["step"] == "payment_failed"),
            DECLINED,
        )
        raise PaymentDeclined(reason)


def clean_cart(fields: Mapping[str, Any], hosted: bool = False) -> Cart:
    """The checkout form, checked all at once. With a ``hosted`` payment page the buyer
    pays there: no payment method is needed here, and a card number is refused.

    Raises:
        ValidationFailed: every problem with its JSON path.
    """
    errors: list[FieldError] = []
    email = ""
    try:
        email = clean_email(fields.get("email"), path="$.email")
    except ValidationFailed as exc:
        errors += exc.errors
    name = str(fields.get("name") or "").strip()[:120]
    if not name:
        errors.append(FieldError("$.name", "is required"))
    address = _address(fields.get("address"), errors)
    method = quotes.check_method(fields.get("shipping_method", "standard"), errors)
    lines = quotes.parse_lines(fields.get("lines"), errors)
    payment = str(fields.get("payment_method") or "").strip()
    if hosted and looks_like_card_number(payment):
        errors.append(FieldError("$.payment_method", CARD_REFUSED))
    elif not payment and not hosted:
        errors.append(FieldError("$.payment_method", "is required (a card number or token)"))
    shown = _shown_total(fields.get("shown_total"), errors)
    if errors:
        raise ValidationFailed("Some checkout details need attention.", errors)
    return Cart(email, name, address, method, lines, payment, shown)


def _shown_total(value: Any, errors: list[FieldError]) -> Decimal | None:
    """The total the checkout page showed the buyer (optional): an order is placed only
    at that total, never at one they did not see."""
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        errors.append(FieldError("$.shown_total", "must be an amount like 52.99"))
        return None


def _address(value: Any, errors: list[FieldError]) -> dict[str, str]:
    """The delivery address: line1, line2 (optional), city, postal code, the country's
    two-letter code and, where the country has regions, its region's ISO 3166-2 code
    (``US-OR``). A client that sends no ``region`` key at all (written before regions
    were asked) is taken without one; one that sends it has it checked."""
    if not isinstance(value, dict):
        errors.append(FieldError("$.address", "is required (line1, city, postal_code, country)"))
        return {}
    address = {}
    for key, limit in (ADDRESS_FIELDS | OPTIONAL_FIELDS).items():
        text = str(value.get(key) or "").strip()
        if not text and key in ADDRESS_FIELDS:
            errors.append(FieldError(f"$.address.{key}", "is required"))
        elif key == "country" and (len(text) > limit or not addresses.is_country(text)):
            errors.append(FieldError("$.address.country", "must be a two-letter country code"))
        elif len(text) > limit:
            errors.append(FieldError(f"$.address.{key}", f"must be ≤ {limit} characters"))
        if text or key in ADDRESS_FIELDS:
            address[key] = text.upper() if key == "country" else text
    if "region" in value:
        address |= _region(address.get("country", ""), str(value.get("region") or ""), errors)
    return address


def _region(country: str, region: str, errors: list[FieldError]) -> dict[str, str]:
    """The address's region, checked against its country (once the country is known)."""
    if not addresses.is_country(country):
        return {}
    problem = addresses.region_problem(country, region.strip())
    if problem:
        errors.append(FieldError("$.address.region", problem))
        return {}
    code = addresses.code_of(country, region) if region.strip() else None
    return {"region": code} if code else {}


def _by_key(session: Session, store_id: uuid.UUID, key: str | None) -> Order | None:
    if key is None:
        return None
    query = select(Order).where(Order.store_id == store_id, Order.idempotency_key == key)
    return session.exec(query).first()


def _reserve(
    session: Session, store: Store, cart: Cart, key: str | None, provider: str
) -> tuple[Order, list[OrderItem]]:
    wanted: dict[LineKey, int] = {}
    for line in cart.lines:
        wanted[line.key] = wanted.get(line.key, 0) + line.quantity
    found = catalog_lookups.lock_products(
        session, store.id, {line.product_id for line in cart.lines}
    )
    _check_stock(cart, found, wanted)
    quote = quotes.priced(store.currency, cart.lines, found, cart.shipping_method)
    if cart.shown_total is not None and cart.shown_total != quote.total:
        now = format_money(quote.total, store.currency)
        raise Conflict(f"The total is now {now}; check your order and pay again.", "$.shown_total")
    customer_id = customer_id_for(session, store.id, cart.email, cart.name)
    order = Order(
        store_id=store.id,
        number=0,  # taken last, below
        customer_email=cart.email,
        customer_name=cart.name,
        currency=store.currency,
        subtotal=as_stored(quote.subtotal),
        shipping=as_stored(quote.shipping),
        total=as_stored(quote.total),
        shipping_address={**cart.address, "method": cart.shipping_method},
        idempotency_key=key,
        payment_provider=provider,
        customer_id=customer_id,
        updated_at=utcnow(),
    )
    order_timeline.add(order, "created", f"{sum(wanted.values())} item(s), total {order.total}")
    order_timeline.add(order, "stock_allocated", "Stock set aside until payment.")
    items = [
        OrderItem(
            order_id=order.id,
            product_id=quoted.product_id,
            title=quoted.title,
            options=quoted.options,
            quantity=quoted.quantity,
            unit_price=as_stored(quoted.unit_price),
            unit_cost=found[quoted.product_id].cost,
        )
        for quoted in quote.lines
    ]
    # Everything is read and checked: the number last, for the store's counter row stays
    # locked from here to the commit and the store's other checkouts wait on it.
    order.number = next_number(session, store.id)
    session.add(order)
    session.flush()
    session.add_all(items)
    session.flush()
    for line, item in zip(cart.lines, items, strict=True):
        sold = stock.Reference(order_id=order.id, order_item_id=item.id)
        product, quantity = found[line.product_id], -line.quantity
        stock.move(session, product, item.options, quantity, StockReason.SALE, sold, locked=True)
    session.flush()
    return order, items


def _check_stock(
    cart: Cart,
    found: dict[uuid.UUID, Product],
    wanted: dict[LineKey, int],
) -> None:
    errors = []
    for i, line in enumerate(cart.lines):
        if problem := quotes.sale_problem(i, line, found):
            errors.append(problem)
        elif (left := stock.available(found[line.product_id], dict(line.options))) < wanted[
            line.key
        ]:
            errors.append(FieldError(f"$.lines[{i}].quantity", f"only {left} left in stock"))
    if errors:
        refused = [e for e in errors if not e.path.endswith("quantity")]
        if refused:
            missing = any(e.path.endswith("product_id") for e in refused)
            what = "Some items are not for sale." if missing else "Choose a variant of each item."
            raise ValidationFailed(what, refused)
        raise Conflict(errors[0].message, errors[0].path)


def next_number(session: Session, store_id: uuid.UUID) -> int:
    """The store's next order number, from one atomic upsert of its counter row."""
    statement = (
        db.upsert(session, OrderCounter)
        .values(store_id=store_id, last_number=FIRST_NUMBER)
        .on_conflict_do_update(
            index_elements=["store_id"], set_={"last_number": OrderCounter.last_number + 1}
        )
        .returning(col(OrderCounter.last_number))
    )
    return int(session.execute(statement).scalar_one())


def customer_id_for(session: Session, store_id: uuid.UUID, email: str, name: str) -> uuid.UUID:
    """The buyer's customer record (its id), or a new one, held until the transaction ends,
    in one statement. An erased record has no address, so it is never reused (a buyer who
    was forgotten starts afresh); the hold makes an erasure running at the same time
    either wait for this order or finish before it. Two first orders of one buyer at once
    share one record: the second waits on the store's unique address and then finds it."""
    statement = (
        db.upsert(session, Customer)
        .values(
            id=uuid.uuid4(),
            store_id=store_id,
            email=email,
            name=name,
            orders_count=0,
            lifetime_value=Decimal(0),
            created_at=utcnow(),
        )
        .on_conflict_do_update(
            index_elements=["store_id", "email"], set_={"name": col(Customer.name)}
        )
        .returning(col(Customer.id))
    )
    return uuid.UUID(str(session.execute(statement).scalar_one()))


def confirm_payment(
    session: Session,
    order_id: uuid.UUID,
    reference: str,
    *,
    confirmed_by: str = "",
    seen: Order | None = None,
) -> bool:
    """Mark an order that awaits payment as paid: its stock stays allocated, the
    customer's totals grow, the fulfilment pipeline starts, ``order.created`` fires.

    Args:
        session: the unit of work; the order is locked until it commits.
        order_id: the order the payment was for.
        reference: the provider's id of the payment (a PaymentIntent id).
        confirmed_by: who confirmed it when it was not the charge call ("Stripe").
        seen: the order as the caller last wrote it (checkout's own reservation): while
            no one has changed it since (same ``updated_at``), it is marked paid in one
            conditional update, without reading it again.

    Returns:
        True when the order became paid now; False when it was not awaiting payment
        (already paid: nothing changes; cancelled meanwhile: its timeline says that
        money came in for it, so the owner can give it back).
    """
    if seen is not None and _paid(session, seen, reference, confirmed_by, as_seen=True):
        return True
    order = _locked(session, order_id)
    if order is None or order.payment_status == "paid":
        return False
    if order.status != OrderStatus.PENDING.value:
        order_timeline.add(
            order,
            "paid_after_cancel",
            f"{confirmed_by or 'The provider'} took {format_amount(order.total, order.currency)} "
            f"({reference}) after the order was cancelled; give the money back.",
        )
        _saved(session, order)
        return False
    _paid(session, order, reference, confirmed_by)
    return True


def attempt_failed(session: Session, order_id: uuid.UUID, reason: str) -> bool:
    """One payment attempt failed. On a hosted payment page the buyer can try another
    card there, so the order only notes it (the page's end releases the stock);
    otherwise the order is cancelled (``fail_payment``). True when it was cancelled."""
    order = _locked(session, order_id)
    if order is None or order.status != OrderStatus.PENDING.value:
        return False
    if order.checkout_session:
        order_timeline.add(order, "payment_attempt_failed", f"{reason} The buyer may try again.")
        _saved(session, order)
        return False
    _declined(session, order, reason)
    return True


def expire_payment(session: Session, order_id: uuid.UUID, note: str) -> bool:
    """Cancel an order awaiting payment whose payment page closed, or that waited too
    long for a payment: its stock goes back (reason: expired). True when it changed."""
    order = _locked(session, order_id)
    if order is None or order.status != OrderStatus.PENDING.value:
        return False
    pending, cancelled = (OrderStatus.PENDING,), OrderStatus.CANCELLED
    status.change(
        session, order, pending, cancelled, f"Order #{order.number}", payment_status="expired"
    )
    order_stock.release(session, order.id, StockReason.EXPIRED)
    order_timeline.add(order, "payment_expired", note)
    order_timeline.add(order, "stock_released", "The items went back into stock.")
    _saved(session, order)
    return True


def fail_payment(session: Session, order_id: uuid.UUID, reason: str) -> bool:
    """Cancel an order that awaits payment because its payment failed: the stock goes
    back and the timeline says why.

    Returns:
        True when the order was cancelled now; False when it was not awaiting payment.
    """
    order = _locked(session, order_id)
    if order is None or order.status != OrderStatus.PENDING.value:
        return False
    _declined(session, order, reason)
    return True


def _locked(session: Session, order_id: uuid.UUID) -> Order | None:
    return session.get(Order, order_id, with_for_update=True, populate_existing=True)


def _unknown(session: Session, order_id: uuid.UUID, reason: str) -> None:
    order = _locked(session, order_id)
    if order is None or order.payment_status != "unpaid":
        return  # a webhook settled it meanwhile
    order.payment_status = "unknown"
    order_timeline.add(
        order,
        "payment_unknown",
        f"The charge call failed ({reason}); its stock stays set aside until BizQ's payment "
        "check learns from the provider whether the money was taken.",
    )
    _saved(session, order)


def _await_payment(session: Session, order_id: uuid.UUID, reference: str, note: str) -> None:
    """The order's payment is processing; its timeline says so once, however often the
    buyer's return, a webhook or the payment check report it again."""
    order = _locked(session, order_id)
    if order is None or order.status != OrderStatus.PENDING.value:
        return  # a webhook settled it already
    if (order.payment_status, order.payment_reference) == ("processing", reference):
        return  # already said
    order.payment_status, order.payment_reference = "processing", reference
    order_timeline.add(order, "awaiting_payment", note)
    _saved(session, order)


def count_paid_order(session: Session, order: Order) -> None:
    """Add the paid ``order`` to its customer's order count and lifetime value, in one
    atomic update: a refund counted at the same time counts too."""
    if order.customer_id is None:
        return
    session.execute(
        update(Customer)
        .where(col(Customer.id) == order.customer_id)
        .values(
            orders_count=Customer.orders_count + 1,
            lifetime_value=Customer.lifetime_value + order.total,
        )
    )


def _saved(session: Session, order: Order) -> None:
    order.updated_at = utcnow()
    session.add(order)
    session.flush()
    order_timeline.announce(session, order)


def _paid(
    session: Session, order: Order, reference: str, confirmed_by: str, *, as_seen: bool = False
) -> bool:
    """Mark the locked ``order`` paid; ``as_seen``: only if no one changed it since it was
    read (False, and nothing changed, when someone did)."""
    amount = f"{format_amount(order.total, order.currency)} ({reference})"
    note = f"Payment confirmed by {confirmed_by}: {amount}." if confirmed_by else f"Paid {amount}."
    values = {
        "payment_status": "paid",
        "payment_reference": reference,
        "status_history": order_timeline.with_step(order, "charged", note),
        "pipeline": "waiting",
        "updated_at": utcnow(),
    }
    pending, what = (OrderStatus.PENDING,), f"Order #{order.number}"
    if as_seen:
        unchanged = [
            col(Order.updated_at) == order.updated_at,
            col(Order.payment_status) == "unpaid",
        ]
        paid = OrderStatus.PAID
        if not status.move(session, order, pending, paid, conditions=unchanged, **values):
            return False
    else:
        status.change(session, order, pending, OrderStatus.PAID, what, **values)
    count_paid_order(session, order)
    session.add(order)
    order_pipeline.start(session, order)
    order_timeline.announce(session, order)
    events.emit(
        session,
        order.store_id,
        "order.created",
        {
            "order_id": str(order.id),
            "number": order.number,
            "total": float(order.total),
            "email": order.customer_email,
        },
    )
    return True


def _declined(session: Session, order: Order, reason: str) -> None:
    what = f"Order #{order.number}"
    pending, cancelled = (OrderStatus.PENDING,), OrderStatus.CANCELLED
    status.change(session, order, pending, cancelled, what, payment_status="declined")
    order_stock.release(session, order.id, StockReason.PAYMENT_FAILED)
    order_timeline.add(order, "payment_failed", reason)
    order_timeline.add(order, "stock_released", "The items went back into stock.")
    _saved(session, order)
