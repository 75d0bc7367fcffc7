"""An order's fulfilment groups: its items by how they reach the buyer, each with its
state in plain words, and the one way each is shipped.

The groups are the order pipeline's (``order_pipeline.groups_of``): ``warehouse`` (from
the seller's stock; for a marketplace's order, its tracking goes to that marketplace),
``dropship:<supplier id>`` (the supplier ships it) and ``digital`` (download links).

The seller ships a warehouse group with its carrier and tracking number. A dropshipped
group is shipped by its supplier's answer (``record_supplier_shipment``), never by the
seller: BizQ sent it to the supplier, and a seller's "shipped" there would tell the
buyer something the supplier has not done. The order becomes shipped when every group
that travels (all but digital) has shipped.

A group's shipment is a ``Fulfilment`` row moved from unfulfilled to shipped by the one
conditional update, under the order's lock: of two people shipping the same group at
once, one ships it, the other gets a 409 and nothing changes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bizq_app.accounts import audit
from bizq_app.accounts.permissions import Permission, require
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.core import status
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import InvalidTransition, NotFound, ValidationFailed
from bizq_app.integrations.channels import carrier_of, registry
from bizq_app.sales import order_pipeline, order_timeline
from bizq_app.sales.models import FULFILLABLE, Fulfilment, Order, OrderStatus
from bizq_app.sales.models import FulfilmentStatus as F
from bizq_app.sales.supplier_orders import Lines

MAX_TRACKING, MAX_CARRIER = 80, 40
STATES = {
    "unfulfilled": "Unfulfilled",
    "sent": "Sent to the supplier",
    "shipped": "Shipped",
    "delivered": "Delivered",
    "links_sent": "Download links sent",
}
"""A group's state, by code, as the seller reads it."""

ShippedListener = Callable[[Session, Order], None]
SHIPPED_LISTENERS: list[ShippedListener] = []
"""Told in the transaction that marks an order shipped (higher domains register; they act
after commit)."""


def register_shipped_listener(listener: ShippedListener) -> None:
    if listener not in SHIPPED_LISTENERS:
        SHIPPED_LISTENERS.append(listener)


@dataclass(frozen=True)
class FulfilmentGroup:
    key: str  # "warehouse", "dropship:<supplier id>", "digital"
    kind: str  # "warehouse", "dropship", "digital"
    title: str  # "From your stock", "Dropshipped by Wick & Co", "Digital downloads"
    note: str  # who ships it, in one line
    lines: tuple[tuple[str, int], ...]  # (title, quantity)
    state: str  # a key of STATES
    state_label: str  # "Shipped with UPS", "Sent to Wick & Co"
    carrier: str
    tracking_number: str
    seller_ships: bool  # the seller may ship it now

    @property
    def travels(self) -> bool:
        """Whether it goes by carrier (everything but downloads)."""
        return self.kind != "digital"

    @property
    def done(self) -> bool:
        return self.state in ("shipped", "delivered", "links_sent")


def groups(session: Session, order: Order) -> list[FulfilmentGroup]:
    """The order's fulfilment groups, in a steady order, each with its state."""
    rows = {r.group_key: r for r in session.exec(_rows(order.id))}
    return [
        _group(session, order, step.removeprefix("fulfil:"), lines, rows)
        for step, lines in order_pipeline.groups_of(session, order)
    ]


def fulfilment_label(order: Order, found: Sequence[FulfilmentGroup]) -> str:
    """The order's fulfilment as one status: Unfulfilled, Partially fulfilled, Fulfilled,
    or Delivered."""
    if order.status == OrderStatus.DELIVERED.value:
        return "Delivered"
    done = sum(g.done for g in found)
    if found and done == len(found):
        return "Fulfilled"
    return "Partially fulfilled" if done else "Unfulfilled"


def ship_group(
    *,
    session: Session,
    user_id: uuid.UUID,
    order_id: uuid.UUID,
    group_key: str,
    tracking_number: object = "",
    carrier: object = "",
) -> Order:
    """The seller ships one group from their stock, with its carrier and tracking number
    (the carrier told by the number's form when not given); the order ships with its
    last group.

    Raises:
        NotFound: the order has no such group.
        InvalidTransition: a group its supplier or a download link fulfils, a group
            shipped already, or an order not awaiting fulfilment.
        ValidationFailed: a tracking number or carrier too long.
        Conflict: someone shipped it at the same moment (nothing changed).
    """
    order = _operable(session, user_id, order_id)
    group = _one(groups(session, order), group_key, order)
    if group.kind == "dropship":
        raise InvalidTransition(
            f"{group.title}: the supplier ships these items. They show as shipped when the "
            "supplier answers with the tracking number, not from here."
        )
    if group.kind == "digital":
        raise InvalidTransition("Digital items are not shipped: the buyer gets download links.")
    _can_ship(order, group)
    tracking, named = _tracking(tracking_number, carrier)
    _ship(session, order, [group], tracking, named, user_id=user_id)
    return order


def ship_all(
    *, session: Session, user_id: uuid.UUID, order_id: uuid.UUID, tracking_number: object = ""
) -> Order:
    """Ship every group the seller ships that is still waiting, under one tracking number;
    the order becomes shipped (an order of downloads alone, too).

    Raises:
        InvalidTransition: the order is not awaiting fulfilment, or a group its supplier
            ships has not shipped yet (ship the others one by one).
        Conflict: someone shipped it at the same moment (nothing changed).
    """
    order = _operable(session, user_id, order_id)
    if order.status not in FULFILLABLE:
        raise InvalidTransition(f"Order #{order.number} is {order.status}; it cannot be fulfilled.")
    waiting = [g for g in groups(session, order) if g.travels and not g.done]
    by_supplier = [g.title for g in waiting if g.kind == "dropship"]
    if by_supplier:
        raise InvalidTransition(
            f"Order #{order.number} has items its supplier ships ({', '.join(by_supplier)}); "
            "ship the others on their own, from the order's page."
        )
    tracking, named = _tracking(tracking_number, "")
    _ship(session, order, waiting, tracking, named, user_id=user_id)
    return order


def record_supplier_shipment(
    session: Session,
    *,
    order_id: uuid.UUID,
    supplier_id: uuid.UUID,
    tracking_number: str,
    carrier: str = "",
) -> bool:
    """The supplier's answer: the group it dropships for the order has shipped. False when
    it was recorded already (the same answer twice), or the order is no longer awaiting
    fulfilment.

    Raises:
        NotFound: no such order, or it has nothing from that supplier.
    """
    order = session.get(Order, order_id, with_for_update=True, populate_existing=True)
    if order is None:
        raise NotFound(f"Order {order_id} does not exist.")
    group = _one(groups(session, order), f"dropship:{supplier_id}", order)
    if group.state in ("shipped", "delivered") or order.status not in FULFILLABLE:
        return False
    tracking, named = _tracking(tracking_number, carrier)
    supplier = catalog_lookups.find_supplier(session, supplier_id)
    _ship(session, order, [group], tracking, named, by=supplier.name if supplier else "")
    return True


def any_shipped(session: Session, order: Order) -> bool:
    """Whether some of the order's items are on their way (it can no longer be cancelled)."""
    return any(r.status != F.UNFULFILLED.value for r in session.exec(_rows(order.id)))


def shipped_in_part(session: Session, order_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of the orders have a group on its way."""
    if not order_ids:
        return set()
    query = select(Fulfilment.order_id).where(
        col(Fulfilment.order_id).in_(order_ids), Fulfilment.status != F.UNFULFILLED.value
    )
    return set(session.exec(query).all())


def _ship(
    session: Session,
    order: Order,
    shipped: list[FulfilmentGroup],
    tracking: str,
    carrier: str,
    *,
    user_id: uuid.UUID | None = None,
    by: str = "",
) -> None:
    """Move each group's row to shipped, note it, tell the buyer; the order ships when
    nothing that travels is left."""
    for group in shipped:
        _move(session, order, group.key, carrier, tracking, by)
    travelling = [g for g in groups(session, order) if g.travels]
    if all(g.done for g in travelling):
        what = f"Order #{order.number}"
        values = {"updated_at": utcnow(), "tracking_number": tracking or order.tracking_number}
        status.change(session, order, FULFILLABLE, OrderStatus.SHIPPED, what, **values)
        _audit(session, order, "shipped", user_id, by)
        for listener in SHIPPED_LISTENERS:  # e.g. the tracking pushed to its marketplace
            listener(session, order)
    else:
        order.updated_at = utcnow()
        _audit(session, order, "shipped_in_part", user_id, by)
    note = _shipped_note(shipped, tracking, carrier)
    order_timeline.add(order, "shipped", note, by or order_timeline.by(session, user_id))
    order_pipeline.tell_buyer(session, order, "order_shipped", tracking=tracking or "not given")
    session.add(order)
    session.flush()
    order_timeline.announce(session, order)


def _move(session: Session, order: Order, key: str, carrier: str, tracking: str, by: str) -> None:
    """Unfulfilled → shipped by the one conditional update.

    Raises:
        Conflict: it shipped at the same moment (nothing changed).
    """
    row = session.exec(_rows(order.id).where(Fulfilment.group_key == key)).first()
    if row is None:
        row = Fulfilment(order_id=order.id, group_key=key)
        session.add(row)
        session.flush()
    values = {"carrier": carrier, "tracking_number": tracking, "shipped_by": by[:120]}
    what = f"This group of order #{order.number}"
    status.change(session, row, (F.UNFULFILLED,), F.SHIPPED, what, shipped_at=utcnow(), **values)


def _group(
    session: Session, order: Order, key: str, lines: Lines, rows: dict[str, Fulfilment]
) -> FulfilmentGroup:
    kind = key.split(":")[0]
    supplier = _supplier_name(session, key) if kind == "dropship" else ""
    title, note = _title(order, kind, supplier)
    state, carrier, tracking = _state(order, key, kind, rows.get(key))
    label = STATES[state]
    if state == "sent":
        label = f"Sent to {supplier}"
    elif state == "shipped" and carrier:
        label = f"Shipped with {carrier}"
    return FulfilmentGroup(
        key=key,
        kind=kind,
        title=title,
        note=note,
        lines=tuple((item.title, item.quantity) for item, _product in lines),
        state=state,
        state_label=label,
        carrier=carrier,
        tracking_number=tracking,
        seller_ships=kind == "warehouse" and state == "unfulfilled" and order.status in FULFILLABLE,
    )


def _state(order: Order, key: str, kind: str, row: Fulfilment | None) -> tuple[str, str, str]:
    """The group's state, carrier and tracking number."""
    delivered = order.status == OrderStatus.DELIVERED.value
    if kind == "digital":
        sent = order_timeline.has(order, "fulfil:digital")
        return ("links_sent" if sent else "unfulfilled"), "", ""
    if row is not None and row.status != F.UNFULFILLED.value:
        return ("delivered" if delivered else "shipped"), row.carrier, row.tracking_number
    if order.status in (OrderStatus.SHIPPED.value, OrderStatus.DELIVERED.value):
        tracking = order.tracking_number or ""  # shipped whole, before groups shipped alone
        return ("delivered" if delivered else "shipped"), carrier_of(tracking), tracking
    if kind == "dropship" and order_timeline.has(order, f"fulfil:{key}"):
        return "sent", "", ""
    return "unfulfilled", "", ""


def _title(order: Order, kind: str, supplier: str) -> tuple[str, str]:
    if kind == "dropship":
        return (
            f"Dropshipped by {supplier}",
            f"{supplier} ships these to the buyer; they show as shipped when it answers.",
        )
    if kind == "digital":
        return "Digital downloads", "The buyer gets download links by e-mail."
    marketplace = registry.CHANNELS.get(order.channel)
    if marketplace:
        return "From your stock", f"Its tracking goes to {marketplace}, which tells the buyer."
    return "From your stock", "You pack and ship these."


def _supplier_name(session: Session, key: str) -> str:
    supplier_id = key.split(":")[1]
    found = catalog_lookups.find_supplier(session, supplier_id) if supplier_id != "none" else None
    return found.name if found else "a supplier not linked yet"


def _shipped_note(shipped: list[FulfilmentGroup], tracking: str, carrier: str) -> str:
    items = "; ".join(f"{q} × {t}" for g in shipped for t, q in g.lines)
    how = f"tracking {tracking}" if tracking else ""
    how = f"{carrier}, {how}" if carrier and how else how
    said = f" ({how})." if how else "."
    return f"Shipped {items}{said}" if items else f"Shipped{said}"


def _tracking(tracking_number: object, carrier: object) -> tuple[str, str]:
    tracking = str(tracking_number or "").strip()
    named = str(carrier or "").strip()
    if len(tracking) > MAX_TRACKING:
        too_long = f"must be at most {MAX_TRACKING} characters"
        raise ValidationFailed.field("$.tracking_number", too_long)
    if len(named) > MAX_CARRIER:
        raise ValidationFailed.field("$.carrier", f"must be at most {MAX_CARRIER} characters")
    return tracking, named or carrier_of(tracking)


def _can_ship(order: Order, group: FulfilmentGroup) -> None:
    if order.status not in FULFILLABLE:
        raise InvalidTransition(f"Order #{order.number} is {order.status}; it cannot be shipped.")
    if group.done:
        raise InvalidTransition(f"{group.title} of order #{order.number} has shipped already.")


def _one(found: list[FulfilmentGroup], key: str, order: Order) -> FulfilmentGroup:
    match = [g for g in found if g.key == key]
    if not match:
        raise NotFound(f"Order #{order.number} has no group {key!r}.")
    return match[0]


def _rows(order_id: uuid.UUID) -> SelectOfScalar[Fulfilment]:
    return select(Fulfilment).where(Fulfilment.order_id == order_id)


def _operable(session: Session, user_id: uuid.UUID, order_id: uuid.UUID) -> Order:
    order = session.get(Order, order_id, with_for_update=True, populate_existing=True)
    if order is None:
        raise NotFound(f"Order {order_id} does not exist.")
    require(
        session=session, store_id=order.store_id, user_id=user_id, permission=Permission.OPERATE
    )
    return order


def _audit(
    session: Session, order: Order, action: str, actor_id: uuid.UUID | None, by: str
) -> None:
    audit.record(
        session=session,
        action=f"order.{action}",
        subject_type="order",
        subject_id=order.id,
        actor_id=actor_id,
        store_id=order.store_id,
        data={"status": order.status, **({"by": by} if by else {})},
    )
