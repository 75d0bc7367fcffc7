"""Page views and add-to-carts on the storefront, counted so the dashboard's
conversion rate is real: orders over the distinct visitors who viewed the shop.

A visitor is a random id kept in the buyer's browser (no personal data); what is
recorded is only the kind, the product and the time.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from decimal import Decimal

from sqlalchemy import distinct, func
from sqlmodel import Session, col, select

from bizq_app.accounts import stores
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog.models import Product
from bizq_app.core import rate_limits
from bizq_app.core.errors import ValidationFailed
from bizq_app.storefront.models import StorefrontEvent

KINDS = ("view", "add_to_cart")
VISITOR = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def record(
    *,
    session: Session,
    slug: str,
    kind: str,
    visitor: str,
    product_id: str | None = None,
    client: str = "",
) -> None:
    """Count one view or add-to-cart at the shop at ``slug``; events from one address
    (``client``) are rate limited, so a flood cannot skew a shop's conversion rate.

    Raises:
        NotFound: no such shop. ValidationFailed: an unknown kind or a malformed visitor id
        (a product that is not the shop's is dropped, not an error: pages outlive products).
        TooManyRequests: too many events from ``client``.
    """
    if client:
        rate_limits.take("storefront_events_ip", client)
    store = stores.store_at(session, slug)
    if kind not in KINDS:
        raise ValidationFailed.field("$.kind", f"must be one of: {', '.join(KINDS)}")
    if not VISITOR.match(visitor or ""):
        raise ValidationFailed.field("$.visitor", "must be 8–64 letters, digits, - or _")
    product = _product(session, product_id)
    session.add(
        StorefrontEvent(
            store_id=store.id,
            kind=kind,
            visitor=visitor,
            product_id=product.id if product and product.store_id == store.id else None,
        )
    )


def visitors(session: Session, store_id: uuid.UUID, since: datetime) -> int:
    """Distinct visitors who viewed a page of the shop since ``since``."""
    query = select(func.count(distinct(col(StorefrontEvent.visitor)))).where(
        StorefrontEvent.store_id == store_id,
        StorefrontEvent.kind == "view",
        col(StorefrontEvent.created_at) >= since,
    )
    return int(session.exec(query).one())


def conversion_percent(visited: int, orders: int) -> Decimal | None:
    """Orders per hundred visitors, one decimal; None before anyone visited."""
    if visited <= 0:
        return None
    return (Decimal(orders) * 100 / Decimal(visited)).quantize(Decimal("0.1"))


def _product(session: Session, product_id: str | None) -> Product | None:
    if not product_id:
        return None
    return catalog_lookups.find_product(session, product_id)
