"""``/api/customers``: a store's buyers, one buyer's orders, the export of everything
BizQ holds about them, and erasing their personal data."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from bizq_app.api.deps import DEFAULT_PAGE, CurrentUser, Limit, Offset, SessionDep
from bizq_app.api.schemas import Body, PageOut
from bizq_app.sales import customers
from bizq_app.sales.models import Customer, Order

router = APIRouter(prefix="/customers", tags=["customers"])


class CustomerOut(BaseModel):
    id: uuid.UUID
    store_id: uuid.UUID
    email: str | None = Field(description="null once erased")
    name: str
    display_name: str = Field(description='What lists show: "Erased customer" once erased')
    orders_count: int = Field(description="Paid orders")
    lifetime_value: Decimal
    last_order_at: datetime | None
    created_at: datetime
    erased_at: datetime | None

    @classmethod
    def of(cls, customer: Customer, last_order_at: datetime | None) -> CustomerOut:
        return cls(
            **customer.model_dump(),
            display_name=customers.display_name(customer),
            last_order_at=last_order_at,
        )


class CustomerOrderOut(BaseModel):
    id: uuid.UUID
    number: int
    status: str
    currency: str
    total: Decimal
    refunded: Decimal
    created_at: datetime


class CustomerDetailOut(CustomerOut):
    orders: list[CustomerOrderOut] = Field(description="Newest first")


class EraseIn(Body):
    confirm: str = Field(description="The customer's e-mail address, to confirm")


class ErasureOut(BaseModel):
    customer: CustomerOut
    erased: dict[str, int] = Field(description="How many orders, emails, reviews, tasks changed")
    message: str


@router.get("")
def list_customers(
    store_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    q: Annotated[str, Query(max_length=200, description="Part of the e-mail or name")] = "",
    sort: Annotated[str, Query(description="newest or -lifetime_value")] = "newest",
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> PageOut[CustomerOut]:
    """The store's customers, newest (or highest lifetime value) first."""
    page = customers.list_customers(
        session=session,
        user_id=user.id,
        store_id=store_id,
        filters=customers.CustomerFilter(q, sort),
        limit=limit,
        offset=offset,
    )
    items = [CustomerOut.of(r.customer, r.last_order_at) for r in page.items]
    return PageOut(items=items, total=page.total, limit=limit, offset=offset)


@router.get("/{customer_id}")
def get_customer(
    customer_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> CustomerDetailOut:
    """One customer, their orders and lifetime value."""
    found = customers.get_customer(session=session, user_id=user.id, customer_id=customer_id)
    out = CustomerOut.of(found.customer, found.last_order_at)
    return CustomerDetailOut(**out.model_dump(), orders=[_order(o) for o in found.orders])


@router.get("/{customer_id}/export")
def export_customer(customer_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> JSONResponse:
    """Everything BizQ holds about the customer, as a JSON file (owners and managers)."""
    document = customers.export_customer(session=session, user_id=user.id, customer_id=customer_id)
    name = f"customer-{customer_id.hex[:8]}.json"
    return JSONResponse(document, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.post("/{customer_id}/erase")
def erase_customer(
    customer_id: uuid.UUID, body: EraseIn, user: CurrentUser, session: SessionDep
) -> ErasureOut:
    """Erase the customer's personal data (owners and managers). ``confirm`` must be their
    e-mail; a customer already erased answers 409. Orders keep numbers, items and money."""
    done = customers.erase_customer(
        session=session, user_id=user.id, customer_id=customer_id, confirm=body.confirm
    )
    counts = {"orders": done.orders, "emails": done.emails, "reviews": done.reviews}
    return ErasureOut(
        customer=CustomerOut.of(done.customer, done.last_order_at),
        erased={**counts, "tasks": done.tasks},
        message=customers.erasure_message(done),
    )


def _order(order: Order) -> CustomerOrderOut:
    return CustomerOrderOut.model_validate(order, from_attributes=True)
