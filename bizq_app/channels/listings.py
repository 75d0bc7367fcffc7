"""Products listed on a channel: publish (create or update), list, and the quantity
each SKU shows there.

A product is known on both sides by SKU: its own, or for a product without one
``BQ-<first 8 of its id>`` (and ``-1``, ``-2``… per variant without one). A listing
shows what BizQ can sell now (``inventory.stock.available``).
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, select

from bizq_app.accounts.permissions import Permission
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog.models import Product, ProductStatus
from bizq_app.channels import connections
from bizq_app.channels import rules as channel_rules
from bizq_app.channels.models import ChannelConnection, ChannelListing, ListingState
from bizq_app.channels.rules import NONE, ChannelRules
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import IntegrationError, NotFound, ValidationFailed
from bizq_app.integrations.channels import (
    ChannelRejected,
    ListingDraft,
    PublishedListing,
    VariantDraft,
)
from bizq_app.inventory import stock


def skus(product: Product) -> dict[str, dict[str, str]]:
    """Each SKU of the product and the variant options it stands for ({} without variants)."""
    base = product.sku or f"BQ-{product.id.hex[:8].upper()}"
    if not product.variants:
        return {base: {}}
    return {
        str(v.get("sku") or f"{base}-{i + 1}"): dict(v.get("options", {}))
        for i, v in enumerate(product.variants)
    }


def quantities(product: Product, rules: ChannelRules = NONE) -> dict[str, int]:
    """What each SKU of the product shows on a channel with ``rules``: what BizQ can sell
    now, less what the rules keep back."""
    return {
        sku: channel_rules.shown(rules, stock.available(product, options))
        for sku, options in skus(product).items()
    }


def prices(product: Product, rules: ChannelRules = NONE) -> dict[str, Decimal]:
    """What each SKU of the product costs the buyer on a channel with ``rules``."""
    return {
        sku: channel_rules.price(rules, stock.price(product, options), product.currency)
        for sku, options in skus(product).items()
    }


def draft(product: Product, external_id: str = "", rules: ChannelRules = NONE) -> ListingDraft:
    """The product as a channel with ``rules`` will show it."""
    price, shown = prices(product, rules), quantities(product, rules)
    variants = tuple(
        VariantDraft(sku, price[sku], shown[sku], options) for sku, options in skus(product).items()
    )
    return ListingDraft(
        title=product.title,
        description=product.description,
        variants=variants,
        external_id=external_id,
        active=product.status == ProductStatus.ACTIVE.value,
    )


def publish(
    *, open_session: OpenSession, user_id: uuid.UUID, connection_id: uuid.UUID, product_id: object
) -> uuid.UUID:
    """List a product on the connection's channel, or update its listing there; returns the
    listing's id. A refusal is kept on the listing (state ``error`` and the channel's
    words) and raised.

    Raises:
        NotFound: no such product in the connection's store. ValidationFailed: the
            product is archived, or the connection is paused. ChannelRejected: the
            channel refused it. Unavailable: the channel did not answer.
    """
    with open_session() as session:
        credentials = connections.read(session, user_id, connection_id, Permission.OPERATE)
        if credentials.paused:
            raise ValidationFailed.field("$.connection", "is paused; resume it to publish")
        product = _product(session, credentials.store_id, product_id)
        listing = _listing(session, connection_id, product.id)
        wanted = draft(product, listing.external_id if listing else "", credentials.rules)
        product_key, shown = product.id, {v.sku: v.quantity for v in wanted.variants}
        warning = channel_rules.below_cost(
            credentials.rules, product, {v.sku: v.price for v in wanted.variants}
        )
    client = credentials.client()
    try:
        published = client.publish(wanted, credentials.location_id)
    except IntegrationError as exc:
        with open_session() as session:
            _refused(session, connection_id, product_key, wanted, exc)
        raise
    finally:
        client.close()
    with open_session() as session:
        return _published(session, connection_id, product_key, wanted, published, shown, warning)


def list_listings(
    *, session: Session, user_id: uuid.UUID, connection_id: uuid.UUID
) -> list[ChannelListing]:
    connections.read(session, user_id, connection_id, Permission.VIEW)
    query = select(ChannelListing).where(ChannelListing.connection_id == connection_id)
    return list(session.exec(query.order_by(col(ChannelListing.published_at))).all())


def get_listing(session: Session, user_id: uuid.UUID, listing_id: uuid.UUID) -> ChannelListing:
    listing = session.get(ChannelListing, listing_id)
    if listing is None:
        raise NotFound("That listing does not exist.")
    connections.read_row(session, user_id, listing.connection_id)
    return listing


def live_listings(session: Session, product_id: uuid.UUID) -> list[uuid.UUID]:
    """The ids of the product's live listings (a paused connection's too: its push skips
    them). Asked on every stock movement, a store without channels included: ids only."""
    query = select(ChannelListing.id).where(
        ChannelListing.product_id == product_id, ChannelListing.state == ListingState.LIVE.value
    )
    return list(session.exec(query).all())


def _product(session: Session, store_id: uuid.UUID, product_id: object) -> Product:
    product = catalog_lookups.find_product(session, product_id)
    if product is None or product.store_id != store_id:
        raise NotFound("That product does not exist in this store.")
    if product.status == ProductStatus.ARCHIVED.value:
        raise ValidationFailed.field("$.product_id", "is archived; restore it to list it")
    return product


def _listing(
    session: Session, connection_id: uuid.UUID, product_id: uuid.UUID
) -> ChannelListing | None:
    query = select(ChannelListing).where(
        ChannelListing.connection_id == connection_id, ChannelListing.product_id == product_id
    )
    return session.exec(query).first()


def _sent(wanted: ListingDraft) -> dict[str, Any]:
    return {
        "title": wanted.title,
        "active": wanted.active,
        "variants": [
            {"sku": v.sku, "price": str(v.price), "quantity": v.quantity} for v in wanted.variants
        ],
    }


def _published(
    session: Session,
    connection_id: uuid.UUID,
    product_id: uuid.UUID,
    wanted: ListingDraft,
    published: PublishedListing,
    shown: dict[str, int],
    warning: str,
) -> uuid.UUID:
    row = session.get(ChannelConnection, connection_id)
    if row is None:  # disconnected meanwhile: nothing to keep
        raise NotFound("That channel connection does not exist.")
    listing = _listing(session, connection_id, product_id) or ChannelListing(
        store_id=row.store_id, connection_id=connection_id, product_id=product_id
    )
    listing.state, listing.last_error, listing.warning = ListingState.LIVE.value, "", warning
    listing.external_id, listing.url = published.external_id, published.url
    listing.stock_items, listing.shown = dict(published.stock_items), dict(shown)
    listing.published_at = listing.updated_at = utcnow()
    session.add(listing)
    session.flush()
    outcome = f"Listed as {published.external_id}" + (
        f" at {published.url}" if published.url else ""
    )
    if warning:
        outcome = f"{outcome}. Warning: {warning}"
    connections.log(
        session, row, "publish", sent=_sent(wanted), outcome=outcome, listing_id=listing.id
    )
    return listing.id


def _refused(
    session: Session,
    connection_id: uuid.UUID,
    product_id: uuid.UUID,
    wanted: ListingDraft,
    exc: IntegrationError,
) -> None:
    row = session.get(ChannelConnection, connection_id)
    if row is None:
        return
    listing = _listing(session, connection_id, product_id)
    if isinstance(exc, ChannelRejected):
        listing = listing or ChannelListing(
            store_id=row.store_id, connection_id=connection_id, product_id=product_id
        )
        listing.state, listing.last_error, listing.updated_at = (
            ListingState.ERROR.value,
            exc.message,
            utcnow(),
        )
        session.add(listing)
        session.flush()
    connections.log(
        session,
        row,
        "publish",
        ok=False,
        sent=_sent(wanted),
        outcome=exc.message,
        listing_id=listing.id if listing else None,
    )
