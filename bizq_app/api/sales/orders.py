"""``/api/orders`` (the owner's order management) and the storefront's checkout."""

from __future__ import annotations

import uuid
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Response, status
from pydantic import BaseModel, Field

from bizq_app.api.deps import DEFAULT_PAGE, Client, CurrentUser, Limit, Offset, SessionDep
from bizq_app.api.schemas import Body as StrictBody
from bizq_app.api.schemas import PageOut
from bizq_app.core.db import session_scope
from bizq_app.integrations.payments.registry import payment_provider
from bizq_app.sales import (
    buyer_orders,
    checkout,
    downloads,
    fulfilment,
    notifications,
    order_summary,
    order_timeline,
    orders,
)
from bizq_app.sales.models import Order

router = APIRouter(tags=["orders"])
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=100)]


class OrderOut(BaseModel):
    id: uuid.UUID
    store_id: uuid.UUID
    number: int
    status: str
    payment_status: str
    customer_email: str
    customer_name: str
    currency: str
    subtotal: Decimal
    shipping: Decimal
    total: Decimal
    refunded: Decimal
    tracking_number: str | None
    payment_provider: str
    fulfilment_route: str
    channel: str = Field(
        description="where it was placed: storefront, manual, or the marketplace it was "
        "imported from (shopify, amazon, ebay, walmart, tiktok_shop, etsy)"
    )
    channel_order: str = Field(description="its order number on that marketplace ('' for BizQ's)")
    history: bool = Field(
        description="imported as history: placed on the marketplace before it was connected; "
        "it took no stock and sent no e-mail"
    )
    notes: str
    pipeline: str = Field(description="waiting, done, or failed (the timeline says why)")
    payment_url: str | None = Field(
        default=None,
        description="With Stripe: the payment page to send the buyer to while the order "
        "awaits payment (card details go there, never to BizQ)",
    )
    created_at: datetime
    timeline: list[dict[str, Any]] = Field(description="Each pipeline step: at, step, note")
    items: list[dict[str, Any]] = []

    @classmethod
    def of(cls, order: Order, items: list[Any] | None = None) -> OrderOut:
        data = order.model_dump(exclude={"status_history"})
        data["payment_url"] = checkout.payment_page(order) or None
        lines = [
            {
                "title": i.title,
                "quantity": i.quantity,
                "unit_price": str(i.unit_price),
                "product_id": str(i.product_id) if i.product_id else None,
                "options": i.options or {},
            }
            for i in items or []
        ]
        return cls(**data, timeline=order.status_history, items=lines)


class GroupOut(BaseModel):
    key: str = Field(description="warehouse, dropship:<supplier id> or digital")
    kind: str
    title: str
    note: str
    lines: list[dict[str, Any]]
    state: str = Field(description="unfulfilled, sent, shipped, delivered or links_sent")
    state_label: str
    carrier: str
    tracking_number: str
    seller_ships: bool = Field(description="the seller may ship it now (with its tracking)")

    @classmethod
    def of(cls, group: fulfilment.FulfilmentGroup) -> GroupOut:
        lines = [{"title": t, "quantity": q} for t, q in group.lines]
        return cls(**{**asdict(group), "lines": lines})


class OrderPageOut(BaseModel):
    """An order as its page shows it: the order, its money, its two statuses in words,
    its fulfilment groups and its timeline in plain words (newest first)."""

    order: OrderOut
    payment: dict[str, str] = Field(
        description="subtotal, shipping, tax, total, refunded, net, formatted"
    )
    payment_status: str
    fulfilment_status: str
    groups: list[GroupOut]
    timeline: list[dict[str, str]] = Field(description="at, label, note, details, by")

    @classmethod
    def of(cls, session: Any, order: Order) -> OrderPageOut:
        told = order_summary.summary(session, order)
        return cls(
            order=OrderOut.of(order, orders.items(session, order)),
            payment=told.payment.shown(),
            payment_status=told.payment_status,
            fulfilment_status=told.fulfilment_status,
            groups=[GroupOut.of(g) for g in told.groups],
            timeline=order_timeline.for_seller(order.status_history),
        )


class ShipIn(StrictBody):
    tracking_number: str = Field(default="", max_length=80)
    carrier: str = Field(default="", max_length=40, description="empty: told by the number")


class NotesIn(StrictBody):
    notes: str = Field(max_length=5000)


class FulfilIn(StrictBody):
    tracking_number: str = ""


class RefundIn(StrictBody):
    amount: str | None = Field(default=None, description="Decimal; empty: all that is left")
    restock: bool = False
    reason: str = ""


@router.post("/storefront/{slug}/checkout", status_code=status.HTTP_201_CREATED)
def place_order(
    slug: str, body: Annotated[dict[str, Any], Body()], client: Client, key: IdempotencyKey = None
) -> OrderOut:
    """A buyer checks out (no account needed). The server prices the cart; the same
    ``Idempotency-Key`` returns the same order. Offline test payments take a test card as
    ``payment_method`` (a declined card answers 402); with Stripe the order awaits
    payment and ``payment_url`` is Stripe's page to send the buyer to (a card number sent
    here is refused)."""
    placed = checkout.place_order(
        open_session=session_scope,
        store_slug=slug,
        fields=body,
        provider=payment_provider(),
        idempotency_key=key,
        client=client,
    )
    return OrderOut.of(placed.order, placed.items)


@router.get("/orders")
def list_orders(
    store_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    status: str | None = None,
    customer: str = "",
    channel: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> PageOut[OrderOut]:
    """The store's orders, newest first; filter by status, channel (``storefront``,
    ``manual`` or a marketplace: ``shopify``, ``amazon``, ``ebay``, ``walmart``,
    ``tiktok_shop``, ``etsy``), date and customer."""
    page = orders.list_orders(
        session=session,
        user_id=user.id,
        store_id=store_id,
        filters=orders.OrderFilter(status, since, until, customer, channel),
        limit=limit,
        offset=offset,
    )
    return PageOut(
        items=[OrderOut.of(o) for o in page.items], total=page.total, limit=limit, offset=offset
    )


@router.get("/orders/{order_id}")
def get_order(order_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> OrderOut:
    order = orders.get_order(session=session, user_id=user.id, order_id=order_id)
    return OrderOut.of(order, orders.items(session, order))


@router.get("/orders/by-number/{number}")
def order_page(
    number: int, store_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> OrderPageOut:
    """The store's order by its number, as its page shows it."""
    order = orders.get_order_by_number(
        session=session, user_id=user.id, store_id=store_id, number=number
    )
    return OrderPageOut.of(session, order)


@router.post("/orders/{order_id}/groups/{group_key}/ship")
def ship_group(
    order_id: uuid.UUID, group_key: str, body: ShipIn, user: CurrentUser, session: SessionDep
) -> OrderPageOut:
    """Ship one group from the seller's stock with its carrier and tracking; a group its
    supplier ships is refused (409). The order ships with its last group."""
    order = fulfilment.ship_group(
        session=session,
        user_id=user.id,
        order_id=order_id,
        group_key=group_key,
        tracking_number=body.tracking_number,
        carrier=body.carrier,
    )
    return OrderPageOut.of(session, order)


@router.put("/orders/{order_id}/notes")
def set_notes(
    order_id: uuid.UUID, body: NotesIn, user: CurrentUser, session: SessionDep
) -> OrderOut:
    """The store's own notes on the order (never shown to the buyer)."""
    order = orders.set_notes(session=session, user_id=user.id, order_id=order_id, notes=body.notes)
    return OrderOut.of(order, orders.items(session, order))


@router.post("/orders/{order_id}/fulfill")
def fulfil(order_id: uuid.UUID, body: FulfilIn, user: CurrentUser, session: SessionDep) -> OrderOut:
    """Ship everything the seller ships on a paid order (with one tracking number); the
    order is shipped. Refused (409) while a supplier has yet to ship some of it."""
    order = orders.fulfil(
        session=session, user_id=user.id, order_id=order_id, tracking_number=body.tracking_number
    )
    return OrderOut.of(order, orders.items(session, order))


@router.post("/orders/{order_id}/refund")
def refund(
    order_id: uuid.UUID,
    body: RefundIn,
    user: CurrentUser,
    session: SessionDep,
    key: IdempotencyKey = None,
) -> OrderOut:
    """Refund all or part of a paid order (never more than was paid); restock if asked.
    The same ``Idempotency-Key`` refunds once; without one, the same request (amount,
    restock, reason) refunds once, so a retry is safe."""
    orders.refund(
        open_session=session_scope,
        user_id=user.id,
        order_id=order_id,
        amount=body.amount,
        provider=payment_provider(),
        idempotency_key=key,
        restock=body.restock,
        reason=body.reason,
    )
    order = orders.get_order(session=session, user_id=user.id, order_id=order_id)
    return OrderOut.of(order, orders.items(session, order))


@router.post("/orders/{order_id}/cancel")
def cancel(order_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> OrderOut:
    """Cancel an order that has not shipped; its stock goes back."""
    order = orders.cancel(session=session, user_id=user.id, order_id=order_id)
    return OrderOut.of(order, orders.items(session, order))


class BuyerOrderOut(BaseModel):
    """What the buyer's status page shows (no store internals)."""

    number: int
    status: str
    currency: str
    total: Decimal
    refunded: Decimal
    tracking_number: str | None
    payment_status: str
    payment_url: str | None = Field(description="While it awaits payment: Stripe's page")
    created_at: datetime
    items: list[dict[str, Any]]
    timeline: list[dict[str, Any]]

    @classmethod
    def of(cls, session: Any, order: Order) -> BuyerOrderOut:
        out = OrderOut.of(order, orders.items(session, order))
        return cls(
            **out.model_dump(include=set(cls.model_fields) - {"timeline"}),
            timeline=buyer_orders.buyer_timeline(order),
        )


@router.get("/storefront/{slug}/order")
def buyer_order(slug: str, t: str, session: SessionDep) -> BuyerOrderOut:
    """The buyer's view of one order, opened with the signed link from their e-mail."""
    order = buyer_orders.order_for_buyer(session=session, slug=slug, token=t)
    return BuyerOrderOut.of(session, order)


@router.post("/storefront/{slug}/order/return")
def back_from_payment(slug: str, t: str, left: bool = False) -> BuyerOrderOut:
    """The buyer is back from Stripe's payment page (its ``success_url``; ``left=true``
    for its ``cancel_url``): the order is settled with what the page became — paid, or,
    when they left it unpaid, cancelled with its stock back — and shown."""
    order = buyer_orders.back_from_payment(
        open_session=session_scope, slug=slug, token=t, provider=payment_provider(), left=left
    )
    with session_scope() as session:
        found = session.get(Order, order.id)
        assert found is not None
        return BuyerOrderOut.of(session, found)


@router.post("/orders/{order_id}/deliver")
def deliver(order_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> OrderOut:
    """Mark a shipped order delivered; its follow-up tasks start."""
    order = orders.deliver(session=session, user_id=user.id, order_id=order_id)
    return OrderOut.of(order, orders.items(session, order))


@router.post("/orders/{order_id}/retry")
def retry(order_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> OrderOut:
    """Run the steps a failed order pipeline has left."""
    order = orders.retry(session=session, user_id=user.id, order_id=order_id)
    return OrderOut.of(order, orders.items(session, order))


class NotificationOut(BaseModel):
    id: uuid.UUID
    order_id: uuid.UUID | None
    kind: str
    to: str
    subject: str
    body: str = Field(description="the plain text")
    html: str = Field(
        description="the same e-mail as HTML ('' for one sent before e-mails had HTML)"
    )
    status: str = Field(
        description="queued, sent, failed (see error), outbox (no SMTP set) or cancelled (the "
        "buyer was erased)"
    )
    error: str
    created_at: datetime
    sent_at: datetime | None


@router.get("/notifications")
def list_notifications(
    store_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    order_id: uuid.UUID | None = None,
    status: str | None = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> PageOut[NotificationOut]:
    """The store's e-mails, newest first: sent, failed, or kept in the outbox."""
    page = notifications.outbox(
        session=session,
        user_id=user.id,
        store_id=store_id,
        order_id=order_id,
        status=status,
        limit=limit,
        offset=offset,
    )
    items = [NotificationOut.model_validate(n, from_attributes=True) for n in page.items]
    return PageOut(items=items, total=page.total, limit=limit, offset=offset)


@router.get("/downloads/{token}")
def download(token: str, session: SessionDep) -> Response:
    """A digital product's file, through the signed link e-mailed to its buyer."""
    name, data = downloads.download(session=session, token=token)
    return Response(
        data,
        media_type="application/octet-stream",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
