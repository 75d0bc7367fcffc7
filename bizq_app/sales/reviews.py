"""Buyers' reviews: left from the order page once the order was delivered, raised as
``review.received`` for the store's automation rules, listed for the owner and shown
on the storefront's product pages."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bizq_app.accounts.permissions import Permission, require
from bizq_app.core import events, schemas
from bizq_app.core.errors import Conflict, ValidationFailed
from bizq_app.core.pagination import Page, paginate
from bizq_app.sales import buyer_orders, order_timeline
from bizq_app.sales.models import Order, OrderItem, OrderStatus, Review

MAX_TEXT = 2000
REVIEW_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["product_id", "rating"],
    "properties": {
        "product_id": {"type": "string", "format": "uuid"},
        "rating": {"type": "integer", "minimum": 1, "maximum": 5},
        "text": {"type": "string", "maxLength": MAX_TEXT},
    },
    "additionalProperties": False,
}


@dataclass(frozen=True)
class Rating:
    """A product's average rating (one decimal) over ``count`` reviews."""

    average: Decimal
    count: int


def reviewable(session: Session, order: Order) -> list[dict[str, str]]:
    """The order's products and, for each, the buyer's review if there is one; empty
    unless the order was delivered."""
    if order.status != OrderStatus.DELIVERED:
        return []
    given = {r.product_id: r for r in _of_order(session, order.id)}
    rows: dict[uuid.UUID, dict[str, str]] = {}
    for item in session.exec(select(OrderItem).where(OrderItem.order_id == order.id)):
        if item.product_id is None or item.product_id in rows:
            continue
        review = given.get(item.product_id)
        rows[item.product_id] = {
            "product_id": str(item.product_id),
            "title": item.title,
            "rating": str(review.rating) if review else "",
            "text": review.text if review else "",
        }
    return list(rows.values())


def submit(*, session: Session, slug: str, token: str, data: dict[str, Any]) -> Review:
    """The buyer behind an order-status link reviews one product of that order.

    Raises:
        AuthenticationFailed: a forged or expired link. ValidationFailed: bad fields, or a
        product not in the order. Conflict: the order is not delivered, or that product
        was reviewed already.
    """
    order = buyer_orders.order_for_buyer(session=session, slug=slug, token=token)
    if data.get("rating") in (None, ""):
        raise ValidationFailed.field("$.rating", "choose a rating from 1 to 5 stars")
    schemas.validate(REVIEW_SCHEMA, data, root="$", what="review")
    if order.status != OrderStatus.DELIVERED:
        raise Conflict("Reviews open once the order has been delivered.")
    product_id = uuid.UUID(data["product_id"])
    item = session.exec(
        select(OrderItem).where(OrderItem.order_id == order.id, OrderItem.product_id == product_id)
    ).first()
    if item is None:
        raise ValidationFailed.field("$.product_id", "is not a product of this order")
    text = str(data.get("text", "")).strip()
    review = Review(
        store_id=order.store_id,
        order_id=order.id,
        product_id=product_id,
        customer_id=order.customer_id,
        author=_first_name(order.customer_name),
        rating=int(data["rating"]),
        text=text,
    )
    try:
        with session.begin_nested():
            session.add(review)
            session.flush()
    except IntegrityError as exc:
        raise Conflict(f"You have already reviewed {item.title}.") from exc
    order_timeline.add(order, "review", f"The buyer rated {item.title} {review.rating}/5.")
    session.add(order)
    events.emit(
        session,
        order.store_id,
        "review.received",
        {
            "review_id": str(review.id),
            "product_id": str(product_id),
            "rating": review.rating,
            "text": text,
            "email": order.customer_email,
        },
    )
    order_timeline.announce(session, order)
    return review


def for_store(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    limit: int = 25,
    offset: int = 0,
    max_rating: int | None = None,
) -> Page[Review]:
    """The store's reviews, newest first (``max_rating`` keeps the unhappy ones)."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    query = select(Review).where(Review.store_id == store_id)
    if max_rating is not None:
        query = query.where(Review.rating <= max_rating)
    query = query.order_by(col(Review.created_at).desc(), col(Review.id))
    return paginate(session, query, limit=limit, offset=offset)


def of_product(session: Session, product_id: uuid.UUID, limit: int = 10) -> list[Review]:
    """The newest reviews of a product (shown on its storefront page)."""
    query = (
        select(Review)
        .where(Review.product_id == product_id)
        .order_by(col(Review.created_at).desc())
        .limit(limit)
    )
    return list(session.exec(query))


def rating(session: Session, product_id: uuid.UUID) -> Rating:
    row = session.exec(
        select(func.avg(Review.rating), func.count()).where(Review.product_id == product_id)
    ).one()
    average, count = row
    if not count:
        return Rating(Decimal("0"), 0)
    return Rating(Decimal(str(average)).quantize(Decimal("0.1"), ROUND_HALF_UP), int(count))


def _of_order(session: Session, order_id: uuid.UUID) -> list[Review]:
    query = select(Review).where(Review.order_id == order_id).order_by(col(Review.created_at))
    return list(session.exec(query))


def _first_name(name: str) -> str:
    """Reviews are signed with the buyer's first name only."""
    return (name.split() or ["A buyer"])[0][:120]
