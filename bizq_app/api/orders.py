"""``/api/orders`` (the owner's order management) and the storefront's checkout."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, status
from pydantic import BaseModel, Field

from bizq_app.api.deps import DEFAULT_PAGE, CurrentUser, Limit, Offset, SessionDep
from bizq_app.api.schemas import Body as StrictBody
from bizq_app.api.schemas import PageOut
from bizq_app.core.db import session_scope
from bizq_app.integrations.payments.registry import payment_provider
from bizq_app.models import Order
from bizq_app.services import checkout, orders

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
    created_at: datetime
    timeline: list[dict[str, Any]] = Field(description="Each pipeline step: at, step, note")
    items: list[dict[str, Any]] = []

    @classmethod
    def of(cls, order: Order, items: list[Any] | None = None) -> OrderOut:
        data = order.model_dump(exclude={"status_history"})
        lines = [
            {
                "title": i.title,
                "quantity": i.quantity,
                "unit_price": str(i.unit_price),
                "product_id": str(i.product_id) if i.product_id else None,
            }
            for i in items or []
        ]
        return cls(**data, timeline=order.status_history, items=lines)


class FulfilIn(StrictBody):
    tracking_number: str = ""


class RefundIn(StrictBody):
    amount: str | None = Field(default=None, description="Decimal; empty: all that is left")
    restock: bool = False
    reason: str = ""


@router.post("/storefront/{slug}/checkout", status_code=status.HTTP_201_CREATED)
def place_order(
    slug: str, body: Annotated[dict[str, Any], Body()], key: IdempotencyKey = None
) -> OrderOut:
    """A buyer checks out (no account needed). The server prices the cart; the same
    ``Idempotency-Key`` returns the same order. A declined card answers 402."""
    order_id = checkout.place_order(
        open_session=session_scope,
        store_slug=slug,
        fields=body,
        provider=payment_provider(),
        idempotency_key=key,
    )
    with session_scope() as session:
        order = session.get(Order, order_id)
        assert order is not None
        return OrderOut.of(order, orders.items(session, order))


@router.get("/orders")
def list_orders(
    store_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    status: str | None = None,
    customer: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> PageOut[OrderOut]:
    """The store's orders, newest first; filter by status, date and customer."""
    page = orders.list_orders(
        session=session,
        user_id=user.id,
        store_id=store_id,
        filters=orders.OrderFilter(status, since, until, customer),
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


@router.post("/orders/{order_id}/fulfill")
def fulfil(order_id: uuid.UUID, body: FulfilIn, user: CurrentUser, session: SessionDep) -> OrderOut:
    """Mark a paid order shipped (with its tracking number)."""
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
    The same ``Idempotency-Key`` refunds once."""
    orders.refund(
        session=session,
        user_id=user.id,
        order_id=order_id,
        amount=body.amount,
        provider=payment_provider(),
        idempotency_key=key or uuid.uuid4().hex,
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
