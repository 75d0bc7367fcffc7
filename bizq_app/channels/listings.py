"""Products listed on a channel: what each SKU costs and shows there, the listings, and
the fields a seller keeps on the channel (``publishing`` sends them).

A product is known on both sides by SKU: its own, or for a product without one
``BQ-<first 8 of its id>`` (and ``-1``, ``-2``… per variant without one). A listing
shows what BizQ can sell now (``inventory.stock.available``), at the product's price in
the store's currency (rounded to that currency's minor unit: whole yen in JPY).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from decimal import Decimal

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from bizq_app.accounts.permissions import Permission
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog.models import Product, ProductStatus
from bizq_app.channels import connections
from bizq_app.channels import rules as channel_rules
from bizq_app.channels.models import ChannelListing, ListingState
from bizq_app.channels.rules import NONE, ChannelRules
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import NotFound, ValidationFailed
from bizq_app.integrations.channels import (
    ListingDraft,
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


def store_skus(
    session: Session, store_id: uuid.UUID
) -> dict[str, tuple[uuid.UUID, dict[str, str]]]:
    """Every SKU of the store's products (not archived): its product and variant options."""
    return {
        sku: (product.id, options)
        for product in catalog_lookups.unarchived_products(session, store_id)
        for sku, options in skus(product).items()
    }


def quantities(product: Product, rules: ChannelRules = NONE) -> dict[str, int]:
    """What each SKU of the product shows on a channel with ``rules``: what BizQ can sell
    now, less what the rules keep back."""
    return {
        sku: channel_rules.shown(rules, stock.available(product, options))
        for sku, options in skus(product).items()
    }


def prices(product: Product, currency: str, rules: ChannelRules = NONE) -> dict[str, Decimal]:
    """What each SKU of the product costs the buyer, in the store's ``currency``, on a
    channel with ``rules``."""
    return {
        sku: channel_rules.price(rules, stock.price(product, options), currency)
        for sku, options in skus(product).items()
    }


def draft(
    product: Product, currency: str, external_id: str = "", rules: ChannelRules = NONE
) -> ListingDraft:
    """The product as a channel with ``rules`` will show it, priced in the store's
    ``currency``."""
    price, shown = prices(product, currency, rules), quantities(product, rules)
    variants = tuple(
        VariantDraft(sku, price[sku], shown[sku], options) for sku, options in skus(product).items()
    )
    return ListingDraft(
        title=product.title,
        description=product.description,
        variants=variants,
        external_id=external_id,
        active=product.status == ProductStatus.ACTIVE.value,
        currency=currency,
    )


CHANNEL_FIELDS = ("title", "description", "price")


def keep_on_channel(
    *,
    session: Session,
    user_id: uuid.UUID,
    connection_id: uuid.UUID,
    listing_id: uuid.UUID,
    fields: object,
) -> ChannelListing:
    """Set which of the listing's fields the seller manages on the channel (BizQ's
    publishes then leave them as they are there); the rest follow BizQ.

    Raises:
        NotFound, PermissionDenied. ValidationFailed: not a list of CHANNEL_FIELDS.
    """
    listing = get_listing(session, user_id, listing_id)
    if listing.connection_id != connection_id:
        raise NotFound("That listing does not exist.")
    connections.read_row(session, user_id, listing.connection_id, Permission.OPERATE)
    if not isinstance(fields, list | tuple) or any(f not in CHANNEL_FIELDS for f in fields):
        raise ValidationFailed.field(
            "$.managed_on_channel", f"must list some of: {', '.join(CHANNEL_FIELDS)}"
        )
    listing.channel_fields = [f for f in CHANNEL_FIELDS if f in fields]
    listing.updated_at = utcnow()
    session.add(listing)
    return listing


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


def listable_product(session: Session, store_id: uuid.UUID, product_id: object) -> Product:
    """The store's product to list; not an archived one."""
    product = catalog_lookups.find_product(session, product_id)
    if product is None or product.store_id != store_id:
        raise NotFound("That product does not exist in this store.")
    if product.status == ProductStatus.ARCHIVED.value:
        raise ValidationFailed.field("$.product_id", "is archived; restore it to list it")
    return product


def lock_listings(
    session: Session, connection_id: uuid.UUID, product_ids: Collection[uuid.UUID]
) -> list[ChannelListing]:
    """The connection's listings of ``product_ids``, read afresh and locked until the
    transaction ends (in id order): what they show is changed from what another writer
    committed last, never from a copy read before it."""
    query = select(ChannelListing).where(
        ChannelListing.connection_id == connection_id,
        col(ChannelListing.product_id).in_(list(product_ids)),
    )
    return _locked(session, query)


def lock_listing(session: Session, listing_id: uuid.UUID) -> ChannelListing | None:
    """The listing, read afresh and locked until the transaction ends."""
    found = _locked(session, select(ChannelListing).where(ChannelListing.id == listing_id))
    return found[0] if found else None


def _locked(session: Session, query: SelectOfScalar[ChannelListing]) -> list[ChannelListing]:
    query = query.order_by(col(ChannelListing.id)).with_for_update()
    return list(session.exec(query.execution_options(populate_existing=True)))


def listing_of(
    session: Session, connection_id: uuid.UUID, product_id: uuid.UUID
) -> ChannelListing | None:
    """The product's listing on the connection, if it has one."""
    query = select(ChannelListing).where(
        ChannelListing.connection_id == connection_id, ChannelListing.product_id == product_id
    )
    return session.exec(query).first()
