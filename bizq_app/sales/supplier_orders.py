"""A dropship group placed with a supplier that takes orders by API (Printful), with no
lock held while the supplier is asked.

Three steps, as checkout and refunds do it:

1. claim: under the order's lock, in a short transaction, check the group is not placed
   yet and the order still awaits fulfilment, and write ``placing:dropship:<supplier>``
   on the timeline with the group's external id — BizQ's idempotency key at Printful,
   made from the order and the supplier, so every attempt sends the same one;
2. ask Printful, outside any transaction: create the order — or, when an earlier claim
   exists (its answer was lost, or the worker stopped between the call and the record),
   first look it up by its external id (``GET /orders/@{external_id}``);
3. record Printful's order on the timeline (``fulfil:dropship:<supplier>``) in a second
   short transaction.

Printful refuses a second order under one external id, and the adapter then answers with
the order it holds: whatever is retried, and however often, one Printful order is placed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TypeAlias

from sqlmodel import Session

from bizq_app.catalog.models import Product
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import Conflict, InvalidTransition
from bizq_app.integrations.suppliers import (
    Recipient,
    SupplierOrder,
    SupplierOrderItem,
    SupplierOrderResult,
)
from bizq_app.integrations.suppliers.printful import PrintfulClient
from bizq_app.integrations.suppliers.registry import printful_client
from bizq_app.sales import order_timeline
from bizq_app.sales.models import FULFILLABLE, Order, OrderItem

Lines: TypeAlias = "list[tuple[OrderItem, Product | None]]"  # an order's lines, with products


@dataclass(frozen=True)
class _Claim:
    order: SupplierOrder
    retried: bool  # an earlier attempt may have reached Printful: look it up first


def place(open_session: OpenSession, order_id: uuid.UUID, step: str, lines: Lines) -> None:
    """Place the dropship group ``step`` (``fulfil:dropship:<supplier id>``) with Printful,
    once; nothing when the timeline says it is placed already.

    Raises:
        InvalidTransition: Printful is not connected, or a line has no Printful variant.
        Conflict: the order moved on (say, cancelled) before it was sent.
        IntegrationError: Printful refused it or did not answer; a retry looks it up first.
    """
    with _client(lines) as client:
        claim = _claim(open_session, order_id, step, lines)
        if claim is None:
            return
        result = _placed(client, claim)
    _record(open_session, order_id, step, claim, result)


def external_id(order_id: uuid.UUID, step: str) -> str:
    """BizQ's reference for one order's group at the supplier: the same on every attempt,
    different for every order and supplier (Printful takes up to 32 characters)."""
    return f"bizq-{uuid.uuid5(order_id, step).hex[:24]}"


def _client(lines: Lines) -> PrintfulClient:
    unmapped = [i.title for i, p in lines if p is None or not p.supplier_sku]
    client = printful_client()
    if client is None:
        raise InvalidTransition("Printful is not connected (set PRINTFUL_API_TOKEN), then retry.")
    if unmapped:
        client.close()
        raise InvalidTransition(
            f"No Printful variant id (supplier SKU) for {', '.join(unmapped)}; add it, then retry."
        )
    return client


def _claim(
    open_session: OpenSession, order_id: uuid.UUID, step: str, lines: Lines
) -> _Claim | None:
    """Mark the group as being placed (None when it is placed already)."""
    with open_session() as session:
        order = _locked(session, order_id)
        if order_timeline.has(order, step):
            return None
        if order.status not in FULFILLABLE:
            raise Conflict(f"Order #{order.number} is {order.status} now.")
        claimed = _claiming(step)
        retried = order_timeline.has(order, claimed)
        supplier_order = _supplier_order(order, lines, external_id(order.id, step))
        note = f"Sending to Printful as {supplier_order.external_id}"
        order_timeline.add(order, claimed, note + (" again." if retried else "."))
        session.add(order)
        order_timeline.announce(session, order)
        return _Claim(supplier_order, retried)


def _placed(client: PrintfulClient, claim: _Claim) -> SupplierOrderResult:
    """Printful's order for the claim: the one it holds already, or a new one."""
    assert claim.order.external_id is not None
    found = client.find_order(claim.order.external_id) if claim.retried else None
    return found or client.place_order(claim.order)


def _record(
    open_session: OpenSession,
    order_id: uuid.UUID,
    step: str,
    claim: _Claim,
    result: SupplierOrderResult,
) -> None:
    """Note Printful's order on the timeline, whatever became of the BizQ order meanwhile
    (a cancelled order's Printful draft is for the owner to cancel there)."""
    with open_session() as session:
        order = _locked(session, order_id)
        if order_timeline.has(order, step):
            return
        order_timeline.add(
            order,
            step,
            f"Placed with Printful as order {result.reference} ({result.status}, cost "
            f"{result.cost} {result.currency}; external id {claim.order.external_id}).",
        )
        session.add(order)
        order_timeline.announce(session, order)


def _supplier_order(order: Order, lines: Lines, reference: str) -> SupplierOrder:
    address = order.shipping_address
    return SupplierOrder(
        recipient=Recipient(
            name=order.customer_name or order.customer_email,
            address1=str(address.get("line1", "")),
            city=str(address.get("city", "")),
            country_code=str(address.get("country", "")),
            zip=str(address.get("postal_code", "")),
            email=order.customer_email,
        ),
        items=tuple(
            SupplierOrderItem(
                variant_id=str(p.supplier_sku), quantity=i.quantity, retail_price=i.unit_price
            )
            for i, p in lines
            if p is not None
        ),
        external_id=reference,
    )


def _claiming(step: str) -> str:
    """The timeline step of a claim: ``placing:dropship:<supplier id>``."""
    return "placing:" + step.removeprefix("fulfil:")


def _locked(session: Session, order_id: uuid.UUID) -> Order:
    order = session.get(Order, order_id, with_for_update=True, populate_existing=True)
    assert order is not None
    return order
