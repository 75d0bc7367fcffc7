"""Products a seller already sells on a channel, linked to BizQ's by SKU instead of
published again (which would list them twice).

The channel is read page by page outside any transaction; then, in one transaction,
each channel product whose SKUs all belong to one BizQ product becomes that product's
listing (one with a variant BizQ does not know is left alone: publishing it would delete
that variant on the channel), remembering the quantity the channel shows now. Once
committed, each linked listing gets a push of BizQ's quantity — sent with that
remembered quantity as Shopify's ``changeFromQuantity``, so a sale there meanwhile is not
overwritten.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from functools import partial

from sqlmodel import Session, select

from bizq_app.accounts.permissions import Permission
from bizq_app.channels import connections, listings, stock_sync
from bizq_app.channels.models import ChannelConnection, ChannelListing, ListingState
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession, on_commit
from bizq_app.integrations.channels import ListedProduct

MAX_PAGES = 200  # 2,000 products on Shopify's pages of ten; "import" again for more
UNMATCHED_NAMED = 10


@dataclass(frozen=True)
class Imported:
    linked: int  # channel products now followed by a BizQ product
    known: int  # already linked to the same product
    unmatched: list[str]  # channel products none of whose SKUs BizQ knows (titles)
    mixed: list[str]  # channel products whose SKUs are not all one BizQ product's (titles)

    def described(self) -> str:
        said = f"{self.linked} linked by SKU, {self.known} already linked"
        if self.unmatched:
            said += f", {len(self.unmatched)} with no SKU BizQ knows"
        if self.mixed:
            said += f", {len(self.mixed)} not all of one BizQ product"
        return said + "."


def import_existing(
    *, open_session: OpenSession, user_id: uuid.UUID, connection_id: uuid.UUID
) -> Imported:
    """Link the channel's products to the store's by SKU (members who may run the store).

    Raises:
        NotFound, PermissionDenied. Unavailable: the channel did not answer (nothing
            linked).
    """
    with open_session() as session:
        credentials = connections.read(session, user_id, connection_id, Permission.OPERATE)
    found: list[ListedProduct] = []
    client, page = credentials.client(), None
    try:
        for _ in range(MAX_PAGES):
            listed = client.listed(credentials.location_id, page)
            found.extend(listed.products)
            page = listed.next_page
            if page is None:
                break
    finally:
        client.close()
    with open_session() as session:
        return _link(session, connection_id, found, per_sku=client.listing_per_sku)


def _link(
    session: Session, connection_id: uuid.UUID, found: list[ListedProduct], *, per_sku: bool
) -> Imported:
    row = session.get(ChannelConnection, connection_id)
    if row is None:  # disconnected meanwhile
        return Imported(0, 0, [], [])
    owner = {
        sku: product for sku, (product, _) in listings.store_skus(session, row.store_id).items()
    }
    if per_sku:  # one offer per SKU on this channel (Amazon): a product's offers together
        found = _by_product(found, owner)
    current = {
        listing.product_id: listing
        for listing in session.exec(
            select(ChannelListing).where(ChannelListing.connection_id == connection_id)
        )
    }
    linked, known, unmatched, mixed = 0, 0, [], []
    for product in found:
        owners = {owner[v.sku] for v in product.variants if v.sku in owner}
        if not owners:
            unmatched.append(product.title)
            continue
        if len(owners) > 1 or any(v.sku not in owner for v in product.variants):
            mixed.append(product.title)  # publishing it would drop the others' variants
            continue
        product_id = owners.pop()
        listing = current.get(product_id)
        skus = {v.sku for v in product.variants}
        if listing is not None and listing.external_id == product.external_id:
            if skus <= set(listing.stock_items):
                known += 1
                continue
        if listing is None:  # the seller wrote its title and text there: kept by default
            listing = ChannelListing(
                store_id=row.store_id,
                connection_id=connection_id,
                product_id=product_id,
                channel_fields=["title", "description"],
            )
        _take(listing, product, set(owner))
        session.add(listing)
        session.flush()
        current[product_id] = listing
        linked += 1
        on_commit(session, partial(stock_sync.queue_push, str(listing.id)))
    result = Imported(linked, known, unmatched, mixed)
    named = ", ".join((unmatched + mixed)[:UNMATCHED_NAMED])
    outcome = result.described() + (f" Not linked: {named}." if named else "")
    connections.log(session, row, "import", sent={"asked": "products"}, outcome=outcome)
    return result


def _by_product(found: list[ListedProduct], owner: dict[str, uuid.UUID]) -> list[ListedProduct]:
    """The channel's offers of one BizQ product as one channel product (its first offer's
    id, every offer's SKU); offers of no known product stay as they are."""
    merged: dict[uuid.UUID, ListedProduct] = {}
    rest = []
    for product in found:
        ids = {owner.get(v.sku) for v in product.variants}
        product_id = ids.pop() if len(ids) == 1 else None
        if product_id is None:
            rest.append(product)
        elif product_id in merged:
            first = merged[product_id]
            merged[product_id] = replace(first, variants=first.variants + product.variants)
        else:
            merged[product_id] = product
    return [*merged.values(), *rest]


def _take(listing: ChannelListing, product: ListedProduct, known: set[str]) -> None:
    ours = [v for v in product.variants if v.sku in known]
    listing.state, listing.last_error = ListingState.LIVE.value, ""
    listing.external_id, listing.url = product.external_id, product.url
    listing.stock_items = {v.sku: v.stock_item for v in ours}
    listing.shown = {v.sku: v.quantity for v in ours}  # what the channel shows now
    listing.published_at = listing.updated_at = utcnow()
