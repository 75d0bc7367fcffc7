"""Buyers' reviews: left through the order-status link, listed for the owner."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from pydantic import BaseModel

from bizq_app.api.deps import DEFAULT_PAGE, CurrentUser, Limit, Offset, SessionDep
from bizq_app.api.schemas import PageOut
from bizq_app.sales import buyer_orders, reviews

router = APIRouter(tags=["reviews"])


class ReviewOut(BaseModel):
    id: uuid.UUID
    order_id: uuid.UUID
    product_id: uuid.UUID | None
    author: str
    rating: int
    text: str
    created_at: datetime


@router.post("/storefront/{slug}/order/reviews", status_code=status.HTTP_201_CREATED)
def leave_review(slug: str, t: str, body: dict[str, Any], session: SessionDep) -> ReviewOut:
    """The buyer rates one product of a delivered order (``{"product_id", "rating": 1–5,
    "text"}``), with the signed link from their e-mail; once per product."""
    review = reviews.submit(session=session, slug=slug, token=t, data=body)
    return ReviewOut.model_validate(review, from_attributes=True)


@router.get("/storefront/{slug}/order/reviews")
def order_reviews(slug: str, t: str, session: SessionDep) -> list[dict[str, str]]:
    """The order's products and the buyer's review of each (empty until delivered)."""
    order = buyer_orders.order_for_buyer(session=session, slug=slug, token=t)
    return reviews.reviewable(session, order)


@router.get("/reviews")
def list_reviews(
    store_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    max_rating: Annotated[int | None, Query(ge=1, le=5)] = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> PageOut[ReviewOut]:
    """The store's reviews, newest first; ``max_rating`` keeps those at or under it."""
    page = reviews.for_store(
        session=session,
        user_id=user.id,
        store_id=store_id,
        max_rating=max_rating,
        limit=limit,
        offset=offset,
    )
    items = [ReviewOut.model_validate(r, from_attributes=True) for r in page.items]
    return PageOut(items=items, total=page.total, limit=limit, offset=offset)
