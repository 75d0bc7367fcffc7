"""What happens to an order once it is paid, run by a worker: route each line to its
fulfilment (digital, dropship, warehouse), e-mail the buyer, and — once delivered —
start the follow-up tasks. Every step lands on the order's timeline.

Each fulfilment group commits on its own, named on the timeline (``fulfil:digital``,
``fulfil:dropship:<supplier>``, ``fulfil:warehouse``), so a retry after a failure
continues from the step that failed and never places a supplier order twice. A group
a supplier takes by API (Printful) is placed with no lock held while the supplier is
asked (``supplier_orders``). A failed step leaves ``order.pipeline == "failed"`` with
the reason on the timeline; ``retry`` runs the steps that are left. An order that moved
on meanwhile (cancelled, refunded, shipped by hand) stops the pipeline: no step runs on
it after that, and ``pipeline`` is "done" with the reason on the timeline.

The pipeline acts as BizQ's ``system:order_pipeline`` actor, not as any person: it keeps
running whoever joins or leaves the store, and its status change (paid → fulfilling)
goes through the one conditional update, audited with that actor's name.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import Any

from sqlmodel import Session, select

from bizq_app.accounts import actors, audit
from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.models import Store
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog.models import Product
from bizq_app.core import queue, status
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession, session_scope
from bizq_app.core.errors import BizQError, Conflict, InvalidTransition
from bizq_app.core.security import sign_link
from bizq_app.core.settings import get_settings
from bizq_app.sales import notifications, order_timeline, supplier_orders
from bizq_app.sales.models import FULFILLABLE, Customer, Order, OrderItem, OrderStatus
from bizq_app.sales.supplier_orders import Lines
from bizq_app.tasks import tasks

JOB = "bizq_app.jobs.orders.process_order"
DOWNLOAD_DAYS = 7
STATUS_LINK_DAYS = 365
SHIPS_TO_BUYERS = ("dropship", "print_on_demand")
FOLLOW_UP_TASK = "marketing.review_generation"
RETENTION_ORDERS = 2  # a customer with this many orders is worth a retention campaign
ACTOR = actors.ORDER_PIPELINE
BY_API = ("printful",)  # suppliers whose orders the pipeline places itself (``Supplier.source``)
Step = tuple[str, Callable[[], None]]  # a step's name and what runs it (its own transactions)


def start(session: Session, order: Order) -> None:
    """Have a worker run the pipeline once the payment commits."""
    order.pipeline = "waiting"
    session.add(order)
    queue.enqueue_on_commit(session, JOB, str(order.id))


def last_failure(order: Order) -> str:
    """Why the pipeline stopped (the newest failed step's note), or "" when it did not."""
    failed = [s for s in order.status_history if s.get("step") == "failed"]
    return str(failed[-1].get("note", "")) if order.pipeline == "failed" and failed else ""


def process(order_id: uuid.UUID, open_session: OpenSession = session_scope) -> str:
    """Run every step the order has left; returns "done", "failed", "stopped" (the order
    moved on meanwhile) or why nothing ran."""
    with open_session() as session:
        order = session.get(Order, order_id, with_for_update=True)
        if order is None or order.pipeline == "done":
            return "nothing to do"
        if order.status not in FULFILLABLE:
            order.pipeline = "done"
            session.add(order)
            return f"order is {order.status}"
        steps = _steps(session, order, open_session)
    for step, run in steps:
        outcome = _guarded(open_session, order_id, step, run)
        if outcome:
            return outcome
    return "done"


def after_delivery(session: Session, order: Order) -> None:
    """Follow-ups of a delivered order: ask for a review; note a returning customer."""
    store = account_lookups.find_store(session, order.store_id)
    assert store is not None
    product_ids = [str(i.product_id) for i in _items(session, order) if i.product_id][:20]
    try:
        task = tasks.create_task(
            session=session,
            user_id=ACTOR,
            store_id=store.id,
            type=FOLLOW_UP_TASK,
            input={"product_ids": product_ids, "days_since_delivery": 7, "channel": "email"},
        )
        order_timeline.add(order, "follow_up", f"Review request started ({task.id}).")
    except BizQError as exc:
        order_timeline.add(order, "follow_up_failed", f"Review request not started: {exc.message}")
    customer = session.get(Customer, order.customer_id) if order.customer_id else None
    if customer is not None and customer.orders_count >= RETENTION_ORDERS:
        order_timeline.add(
            order,
            "follow_up",
            f"Returning customer ({customer.orders_count} orders): eligible for "
            "marketing.retention_campaign.",
        )


def status_url(store: Store, order: Order) -> str:
    """The buyer's page for this order (linked from every e-mail about it)."""
    token = sign_link("order-status", str(order.id), timedelta(days=STATUS_LINK_DAYS))
    return f"{get_settings().base_url}/s/{store.slug}/order?t={token}"


def tell_buyer(session: Session, order: Order, kind: str, **context: object) -> None:
    """E-mail the buyer about their order (``kind`` of e-mail, with what it says)."""
    store = account_lookups.find_store(session, order.store_id)
    assert store is not None
    notifications.send(
        session,
        store_id=order.store_id,
        order_id=order.id,
        kind=kind,
        to=order.customer_email,
        context={**buyer_context(store, order), **context},
    )


def buyer_context(store: Store, order: Order) -> dict[str, Any]:
    """What every e-mail to the buyer can say."""
    return {
        "name": order.customer_name or "there",
        "number": order.number,
        "store": store.name,
        "total": order.total,
        "currency": order.currency,
        "status_url": status_url(store, order),
    }


# Steps ---------------------------------------------------------------------------------


def _steps(session: Session, order: Order, open_session: OpenSession) -> list[Step]:
    """What the order has left to do, in order: each fulfilment group, the buyer's
    confirmation, then the move to fulfilling. Sets the order's fulfilment route."""
    groups = groups_of(session, order)
    routes = {step.split(":")[1] for step, _ in groups}
    order.fulfilment_route = routes.pop() if len(routes) == 1 else "mixed"
    session.add(order)
    in_transaction = partial(_in_transaction, open_session, order.id)
    steps: list[Step] = [
        (step, partial(supplier_orders.place, open_session, order.id, step, lines))
        if _by_api(session, step)
        else (step, partial(in_transaction, step, partial(_fulfil, step=step, lines=lines)))
        for step, lines in groups
    ]
    steps.append(("notified", partial(in_transaction, "notified", _notify)))
    steps.append(("fulfilling", partial(_start_fulfilling, open_session, order.id)))
    return steps


def _guarded(
    open_session: OpenSession, order_id: uuid.UUID, step: str, run: Callable[[], None]
) -> str:
    """Run one step; "" when it went through. On failure, say why in a fresh transaction:
    "stopped" when the order moved on meanwhile, else "failed" (a retry runs it again)."""
    try:
        run()
        return ""
    except (BizQError, OSError, ValueError) as exc:
        reason = getattr(exc, "message", None) or str(exc)
        with open_session() as session:
            order = session.get(Order, order_id, with_for_update=True, populate_existing=True)
            assert order is not None
            if order.status in FULFILLABLE:
                order.pipeline = "failed"
                order_timeline.add(order, "failed", f"{step}: {reason}")
            else:
                order.pipeline = "done"
                note = f"The order was {order.status} meanwhile; the steps left were not run."
                order_timeline.add(order, "stopped", note)
            session.add(order)
            order_timeline.announce(session, order)
            return "failed" if order.pipeline == "failed" else "stopped"


def _in_transaction(
    open_session: OpenSession,
    order_id: uuid.UUID,
    step: str,
    act: Callable[[Session, Order], None],
) -> None:
    """Run one step in its own transaction, under the order's lock, unless the timeline
    says it is done.

    Raises:
        Conflict: the order no longer awaits fulfilment (cancelled, say).
    """
    with open_session() as session:
        order = session.get(Order, order_id, with_for_update=True, populate_existing=True)
        assert order is not None
        if order_timeline.has(order, step):
            return
        if order.status not in FULFILLABLE:
            raise Conflict(f"Order #{order.number} is {order.status} now.")
        act(session, order)
        order_timeline.announce(session, order)


def _start_fulfilling(open_session: OpenSession, order_id: uuid.UUID) -> None:
    """Paid → fulfilling by the one conditional update, audited as the pipeline's. The
    order is not locked: a change that came first (the owner's cancel) wins, and this one
    is refused; another run of the pipeline that moved it already is no failure.

    Raises:
        Conflict: the order moved on meanwhile (nothing changed).
    """
    with open_session() as session:
        order = session.get(Order, order_id, populate_existing=True)
        assert order is not None
        values: dict[str, Any] = {"pipeline": "done", "updated_at": utcnow()}
        paid, fulfilling = (OrderStatus.PAID,), OrderStatus.FULFILLING
        if order.status != fulfilling and status.move(session, order, paid, fulfilling, **values):
            _audit_move(session, order)
            return
        session.refresh(order)
        if order.status != fulfilling:
            raise Conflict(f"Order #{order.number} is {order.status} now; it changed meanwhile.")
        order.pipeline = "done"
        session.add(order)


def _audit_move(session: Session, order: Order) -> None:
    audit.record(
        session=session,
        action=f"order.{order.status}",
        subject_type="order",
        subject_id=order.id,
        actor_id=None,
        actor=ACTOR.name,
        store_id=order.store_id,
        data={"status": order.status},
    )
    order_timeline.announce(session, order)


def _by_api(session: Session, step: str) -> bool:
    """Whether ``step`` is a dropship group of a supplier the pipeline orders from itself."""
    parts = step.split(":")
    if parts[1] != "dropship" or parts[2] == "none":
        return False
    supplier = catalog_lookups.find_supplier(session, parts[2])
    return supplier is not None and supplier.source in BY_API


def groups_of(session: Session, order: Order) -> list[tuple[str, Lines]]:
    """The order's lines by fulfilment step, e.g. ``fulfil:dropship:<supplier id>``
    (``fulfilment`` says what each group is and how far it got)."""
    grouped: dict[str, Lines] = defaultdict(list)
    for item in _items(session, order):
        product = catalog_lookups.find_product(session, item.product_id)
        grouped[_step(session, product)].append((item, product))
    return sorted(grouped.items())


def _step(session: Session, product: Product | None) -> str:
    route = product.fulfilment if product is not None else "warehouse"
    supplier = catalog_lookups.find_supplier(session, product.supplier_id) if product else None
    if route == "auto":
        route = (
            "dropship" if supplier is not None and supplier.kind in SHIPS_TO_BUYERS else "warehouse"
        )
    if route == "dropship":
        return f"fulfil:dropship:{supplier.id if supplier else 'none'}"
    return f"fulfil:{route}"


def _fulfil(session: Session, order: Order, step: str, lines: Lines) -> None:
    store = account_lookups.find_store(session, order.store_id)
    assert store is not None
    route = step.split(":")[1]
    if route == "digital":
        _digital(session, store, order, lines)
    elif route == "dropship":
        _dropship(session, store, order, step.split(":")[2], lines)
    else:
        _warehouse(session, store, order, lines)
    session.add(order)


def _digital(session: Session, store: Store, order: Order, lines: Lines) -> None:
    missing = [item.title for item, product in lines if product is None or not product.digital_file]
    if missing:
        raise InvalidTransition(
            f"No file uploaded for {', '.join(missing)}; upload it, then retry."
        )
    base = get_settings().base_url
    links = []
    for item, product in lines:
        assert product is not None
        token = sign_link("download", f"{order.id}:{product.id}", timedelta(days=DOWNLOAD_DAYS))
        links.append(f"{item.title}: {base}/api/downloads/{token}")
    notifications.send(
        session,
        store_id=store.id,
        order_id=order.id,
        kind="digital_download",
        to=order.customer_email,
        context={**buyer_context(store, order), "links": "\n".join(links), "days": DOWNLOAD_DAYS},
    )
    order_timeline.add(
        order, "fulfil:digital", f"Download links e-mailed, valid {DOWNLOAD_DAYS} days."
    )


def _dropship(
    session: Session,
    store: Store,
    order: Order,
    supplier_id: str,
    lines: Lines,
) -> None:
    supplier = (
        catalog_lookups.find_supplier(session, supplier_id) if supplier_id != "none" else None
    )
    if supplier is None:
        raise InvalidTransition("A dropship product has no supplier; link one, then retry.")
    step = f"fulfil:dropship:{supplier_id}"
    reference = f"PO-{order.number}-{supplier.name[:12].upper().replace(' ', '')}"
    owner = actors.first_owner(session, store.id)
    if owner is None:
        raise InvalidTransition("The store has no owner to pass a purchase order on to.")
    notifications.send(
        session,
        store_id=store.id,
        order_id=order.id,
        kind="purchase_order",
        to=owner.email,
        context={
            "reference": reference,
            "supplier": supplier.name,
            "website": supplier.website or "no website on file",
            "number": order.number,
            "store": store.name,
            "lines": _line_list(lines, supplier_sku=True),
            "address": _address(order),
        },
    )
    order_timeline.add(
        order,
        step,
        f"Purchase order {reference} for {supplier.name} sent to you to pass on "
        "(this supplier takes orders by e-mail or on its site).",
    )


def _warehouse(session: Session, store: Store, order: Order, lines: Lines) -> None:
    items = [
        {
            "title": item.title[:200],
            "quantity": item.quantity,
            **({"sku": p.sku} if p and p.sku else {}),
        }
        for item, p in lines
    ]
    task = tasks.create_task(
        session=session,
        user_id=ACTOR,
        store_id=store.id,
        type="operations.create_shipping_label",
        input={
            "order_number": order.number,
            "destination_country": str(order.shipping_address.get("country", "US")).upper(),
            "items": items,
        },
    )
    order_timeline.add(
        order,
        "fulfil:warehouse",
        f"Pick list: {_line_list(lines, supplier_sku=False, sep='; ')}. "
        f"Shipping label task {task.id}.",
    )


def _notify(session: Session, order: Order) -> None:
    store = account_lookups.find_store(session, order.store_id)
    assert store is not None
    lines = _line_list([(i, None) for i in _items(session, order)], supplier_sku=False)
    test_note = " (test mode: no real money was taken)" if order.payment_provider == "test" else ""
    notifications.send(
        session,
        store_id=store.id,
        order_id=order.id,
        kind="order_confirmation",
        to=order.customer_email,
        context={**buyer_context(store, order), "lines": lines, "test_note": test_note},
    )
    order_timeline.add(order, "notified", f"Order confirmation e-mailed to {order.customer_email}.")


def _items(session: Session, order: Order) -> list[OrderItem]:
    return list(session.exec(select(OrderItem).where(OrderItem.order_id == order.id)))


def _line_list(lines: Lines, supplier_sku: bool, sep: str = "\n") -> str:
    def line(item: OrderItem, product: Product | None) -> str:
        sku = (product.supplier_sku if supplier_sku else product.sku) if product else None
        return f"{item.quantity} × {item.title}" + (f" (SKU {sku})" if sku else "")

    return sep.join(line(i, p) for i, p in lines)


def _address(order: Order) -> str:
    a = order.shipping_address
    parts = [
        order.customer_name,
        a.get("line1"),
        a.get("city"),
        a.get("postal_code"),
        a.get("country"),
    ]
    return "\n".join(str(p) for p in parts if p)
