"""A store's credits (balance, buying them), daily budget and recurring tasks."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Response, status
from pydantic import BaseModel, Field

from bizq_app.api.deps import DEFAULT_PAGE, CurrentUser, Limit, Offset, SessionDep
from bizq_app.api.schemas import Body, PageOut
from bizq_app.api.tasks.task_schemas import BudgetIn, CreditsOut, RecurringIn, RecurringOut
from bizq_app.billing import credit_purchases, ledger
from bizq_app.billing.models import CreditPurchase, CreditPurchaseStatus
from bizq_app.core.db import session_scope
from bizq_app.integrations.payments.registry import payment_provider
from bizq_app.tasks import budget, recurring
from bizq_app.tasks.budget import Credits

router = APIRouter(tags=["credits"])
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=100)]


class PurchaseIn(Body):
    credits: str | int = Field(description='How many credits, like 250 or "12.50"')
    payment_method: str = Field(
        default="",
        description="Offline test payments: a test card number. Stripe: leave it out to pay "
        "on Stripe's page, or a PaymentMethod id from Stripe.js (never a card number)",
    )


class PurchaseOut(BaseModel):
    id: uuid.UUID
    store_id: uuid.UUID
    credits: str
    price: str
    currency: str
    status: str = Field(description="pending (being confirmed), paid (credited) or failed")
    provider: str
    provider_reference: str | None
    failure_message: str
    payment_url: str | None = Field(
        default=None,
        description="With Stripe, while pending: the payment page to send the owner to",
    )
    created_at: datetime
    updated_at: datetime | None

    @classmethod
    def of(cls, purchase: CreditPurchase) -> PurchaseOut:
        data = purchase.model_dump(
            exclude={"credits", "price", "user_id", "idempotency_key", "checkout_session"}
        )
        data["payment_url"] = credit_purchases.payment_page(purchase) or None
        return cls(**data, credits=ledger.show(purchase.credits), price=str(purchase.price))


class PriceOut(BaseModel):
    credits: str
    price: str
    currency: str
    credit_price: str
    test_mode: bool = Field(description="True when no real money is taken")


def _out(c: Credits) -> CreditsOut:
    return CreditsOut(
        balance=ledger.show(c.balance),
        available=ledger.show(c.available),
        spent_today=ledger.show(c.spent_today),
        daily_task_budget=None if c.daily_task_budget is None else ledger.show(c.daily_task_budget),
    )


@router.get("/stores/{store_id}/credits")
def get_credits(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> CreditsOut:
    return _out(budget.credits(session=session, user_id=user.id, store_id=store_id))


@router.get("/stores/{store_id}/credits/price")
def credit_price(
    store_id: uuid.UUID, credits: str, user: CurrentUser, session: SessionDep
) -> PriceOut:
    """What ``credits`` cost the store, in its currency, before buying them."""
    quote = credit_purchases.store_quote(
        session=session, user_id=user.id, store_id=store_id, credits=credits
    )
    return PriceOut(
        credits=ledger.show(quote.credits),
        price=str(quote.price),
        currency=quote.currency,
        credit_price=str(quote.unit_price),
        test_mode=payment_provider().test_mode,
    )


@router.post("/stores/{store_id}/credits/purchases", status_code=status.HTTP_201_CREATED)
def buy_credits(
    store_id: uuid.UUID,
    body: PurchaseIn,
    user: CurrentUser,
    response: Response,
    key: IdempotencyKey = None,
) -> PurchaseOut:
    """Buy credits (owners only): 201 once paid and credited, 202 while the payment is
    still processing or, with Stripe and no ``payment_method``, waits on Stripe's page
    (``payment_url``); 402 when the card is declined (nothing credited). The same
    ``Idempotency-Key`` gives the same purchase: one charge, one credit."""
    purchase = credit_purchases.buy(
        open_session=session_scope,
        user_id=user.id,
        store_id=store_id,
        credits=body.credits,
        payment_method=body.payment_method,
        provider=payment_provider(),
        idempotency_key=key,
    )
    if purchase.status == CreditPurchaseStatus.PENDING.value:
        response.status_code = status.HTTP_202_ACCEPTED
    return PurchaseOut.of(purchase)


@router.get("/stores/{store_id}/credits/purchases")
def list_purchases(
    store_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> PageOut[PurchaseOut]:
    """The store's credit purchases, newest first."""
    page = credit_purchases.list_purchases(
        session=session, user_id=user.id, store_id=store_id, limit=limit, offset=offset
    )
    return PageOut(
        items=[PurchaseOut.of(p) for p in page.items], total=page.total, limit=limit, offset=offset
    )


@router.put("/stores/{store_id}/budget")
def set_budget(
    store_id: uuid.UUID, body: BudgetIn, user: CurrentUser, session: SessionDep
) -> CreditsOut:
    """Set the daily task budget in credits (null: no limit); waiting tasks start if they fit."""
    return _out(
        budget.set_daily_budget(
            session=session, user_id=user.id, store_id=store_id, amount=body.daily_task_budget
        )
    )


@router.post("/recurring-tasks", status_code=status.HTTP_201_CREATED)
def schedule(body: RecurringIn, user: CurrentUser, session: SessionDep) -> RecurringOut:
    """Run a task now and every N hours or days until stopped."""
    rule = recurring.schedule(
        session=session,
        user_id=user.id,
        store_id=body.store_id,
        type=body.type,
        input=body.input,
        every=body.every,
        unit=body.unit,
    )
    return RecurringOut.model_validate(rule, from_attributes=True)


@router.post("/recurring-tasks/{recurring_id}/stop")
def stop(recurring_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> RecurringOut:
    rule = recurring.stop(session=session, user_id=user.id, recurring_id=recurring_id)
    return RecurringOut.model_validate(rule, from_attributes=True)
