"""Publishing a product to a channel: create its listing there, or update it.

An update never sends what the seller manages on the channel (the listing's
``channel_fields``: title, description, price), and never sets the quantity of a SKU
the channel already stocks — that goes through a stock push after the publish, with the
channel's ``compareQuantity``, so a sale there that BizQ has not imported yet is never
overwritten. A refusal is kept on the listing (state ``error``, the channel's words).
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from functools import partial
from typing import Any

from sqlmodel import Session

from bizq_app.accounts.permissions import Permission
from bizq_app.channels import connections, listings, stock_sync
from bizq_app.channels import rules as channel_rules
from bizq_app.channels.models import ChannelConnection, ChannelListing, ListingState
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession, on_commit
from bizq_app.core.errors import IntegrationError, NotFound, ValidationFailed
from bizq_app.integrations.channels import ChannelRejected, ListingDraft, PublishedListing


def publish(
    *, open_session: OpenSession, user_id: uuid.UUID, connection_id: uuid.UUID, product_id: object
) -> uuid.UUID:
    """List a product on the connection's channel, or update its listing there; returns the
    listing's id.

    Raises:
        NotFound: no such product in the connection's store. ValidationFailed: the
            product is archived, or the connection is paused. ChannelRejected: the
            channel refused it. Unavailable: the channel did not answer.
    """
    with open_session() as session:
        credentials = connections.read(session, user_id, connection_id, Permission.OPERATE)
        if credentials.paused:
            raise ValidationFailed.field("$.connection", "is paused; resume it to publish")
        product = listings.listable_product(session, credentials.store_id, product_id)
        listing = listings.listing_of(session, connection_id, product.id)
        wanted = _wanted(listings.draft(product, "", credentials.rules), listing)
        product_key = product.id
        warning = ""
        if "price" not in wanted.omit:
            prices = {v.sku: v.price for v in wanted.variants}
            warning = channel_rules.below_cost(credentials.rules, product, prices)
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
        return _published(session, connection_id, product_key, wanted, published, warning)


def _wanted(draft: ListingDraft, listing: ChannelListing | None) -> ListingDraft:
    """The draft as this publish sends it: all of it for a new listing; for an update, the
    listing's channel id, without the fields the seller keeps on the channel and without
    the quantity of a SKU the channel already stocks."""
    if listing is None or not listing.external_id:
        return draft
    stocked = set(listing.stock_items)
    return replace(
        draft,
        external_id=listing.external_id,
        omit=frozenset(listing.channel_fields),
        variants=tuple(
            replace(v, quantity=None) if v.sku in stocked else v for v in draft.variants
        ),
    )


def _sent(wanted: ListingDraft) -> dict[str, Any]:
    sent: dict[str, Any] = {"active": wanted.active}
    if "title" not in wanted.omit:
        sent["title"] = wanted.title
    variants = []
    for v in wanted.variants:
        variant: dict[str, Any] = {"sku": v.sku}
        if "price" not in wanted.omit:
            variant["price"] = str(v.price)
        if v.quantity is not None:
            variant["quantity"] = v.quantity
        variants.append(variant)
    sent["variants"] = variants
    if wanted.omit:
        sent["kept_on_channel"] = sorted(wanted.omit)
    return sent


def _published(
    session: Session,
    connection_id: uuid.UUID,
    product_id: uuid.UUID,
    wanted: ListingDraft,
    published: PublishedListing,
    warning: str,
) -> uuid.UUID:
    row = session.get(ChannelConnection, connection_id)
    if row is None:  # disconnected meanwhile: nothing to keep
        raise NotFound("That channel connection does not exist.")
    listing = listings.listing_of(session, connection_id, product_id) or ChannelListing(
        store_id=row.store_id, connection_id=connection_id, product_id=product_id
    )
    listing.state, listing.last_error, listing.warning = ListingState.LIVE.value, "", warning
    listing.external_id, listing.url = published.external_id, published.url
    listing.stock_items = dict(published.stock_items)
    listing.shown = {
        **{sku: q for sku, q in listing.shown.items() if sku in published.stock_items},
        **{v.sku: v.quantity for v in wanted.variants if v.quantity is not None},
    }
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
    if any(v.quantity is None for v in wanted.variants):  # BizQ's stock, with compare
        on_commit(session, partial(stock_sync.queue_push, str(listing.id)))
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
    listing = listings.listing_of(session, connection_id, product_id)
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
