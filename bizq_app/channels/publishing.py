"""Publishing a product to a channel: create its listing there, or update it.

An update never sends what the seller manages on the channel (the listing's
``channel_fields``: title, description, price), and never sets the quantity of a SKU
the channel already stocks — that goes through a stock push after the publish, with the
channel's ``changeFromQuantity``, so a sale there that BizQ has not imported yet is never
overwritten. A refusal is kept on the listing (state ``error``, the channel's words).
The channel is sent the product's images at public https addresses, and the ``aspects``
given at publish (what the product is, by the channel's names: eBay's item specifics).
Prices go in the store's currency; a channel account that prices in another (an eBay US
account for a store selling in euros) is refused before anything is sent, rather than
showing euros as dollars.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from functools import partial
from typing import Any

from sqlmodel import Session

from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.permissions import Permission
from bizq_app.channels import connections, listings, stock_sync
from bizq_app.channels import rules as channel_rules
from bizq_app.channels.models import ChannelConnection, ChannelListing, ListingState
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession, on_commit
from bizq_app.core.errors import FieldError, IntegrationError, NotFound, ValidationFailed
from bizq_app.core.settings import get_settings
from bizq_app.integrations.channels import (
    ChannelRejected,
    ListingDraft,
    PublishedListing,
    registry,
)
from bizq_app.integrations.storage import MEDIA_PREFIX

MAX_ASPECTS = 45  # eBay's limits on item specifics: names, a name's and a value's length
ASPECT_NAME, ASPECT_VALUE = 40, 65


def publish(
    *,
    open_session: OpenSession,
    user_id: uuid.UUID,
    connection_id: uuid.UUID,
    product_id: object,
    aspects: object = None,
) -> uuid.UUID:
    """List a product on the connection's channel, or update its listing there; returns the
    listing's id. ``aspects`` say what the product is by the channel's own names
    (``{"Brand": "Wick & Co"}``: the item specifics eBay's category requires).

    Raises:
        NotFound: no such product in the connection's store. ValidationFailed: the
            product is archived, the connection is paused, ``aspects`` are malformed, or
            the channel needs more to list it (eBay: an image, an item specific; each
            named), or the channel account prices in another currency than the store
            (``$.connection``). ChannelRejected: the channel refused it. Unavailable: the
            channel did not answer.
    """
    given = _aspects(aspects)
    with open_session() as session:
        credentials = connections.read(session, user_id, connection_id, Permission.OPERATE)
        if credentials.paused:
            raise ValidationFailed.field("$.connection", "is paused; resume it to publish")
        product = listings.listable_product(session, credentials.store_id, product_id)
        currency = _store_currency(session, connection_id)
        listing = listings.listing_of(session, connection_id, product.id)
        wanted = _wanted(listings.draft(product, currency, "", credentials.rules), listing)
        wanted = replace(wanted, images=_public_images(product.images), aspects=given)
        product_key = product.id
        warning = ""
        if "price" not in wanted.omit:
            prices = {v.sku: v.price for v in wanted.variants}
            warning = channel_rules.below_cost(credentials.rules, product, prices, currency)
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


def _store_currency(session: Session, connection_id: uuid.UUID) -> str:
    """The currency the connection's store sells in, which its channel account must price in
    too (an account that did not say is taken at its word).

    Raises:
        ValidationFailed: the account prices in another currency (``$.connection``).
    """
    row = session.get(ChannelConnection, connection_id)
    store = account_lookups.find_store(session, row.store_id) if row else None
    if row is None or store is None:
        raise NotFound("That channel connection does not exist.")
    theirs, ours = row.currency.upper(), store.currency.upper()
    if theirs and theirs != ours:
        label = registry.CHANNELS.get(row.channel, row.channel)
        why = (
            f"{row.name or label} prices in {theirs}, but {store.name} sells in {ours}: "
            f"its prices would be shown in the wrong currency. Connect a {label} account "
            f"or marketplace that sells in {ours} to list there."
        )
        raise ValidationFailed(why, [FieldError("$.connection", why)])
    return ours


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


def _aspects(value: object) -> dict[str, tuple[str, ...]]:
    """The aspects given at publish: each name with a text or a list of texts.

    Raises:
        ValidationFailed: not an object of names, or a name or value too long or empty.
    """
    if value is None:
        return {}
    if not isinstance(value, dict) or len(value) > MAX_ASPECTS:
        raise ValidationFailed.field(
            "$.aspects", f'must be at most {MAX_ASPECTS} names, like {{"Brand": "Wick & Co"}}'
        )
    found: dict[str, tuple[str, ...]] = {}
    errors = []
    for name, given in value.items():
        values = [given] if isinstance(given, str) else given
        if _aspect_fits(name, values):
            found[str(name).strip()] = tuple(str(v).strip() for v in values)
        else:
            errors.append(
                FieldError(
                    f"$.aspects.{name}",
                    f"must be a text of at most {ASPECT_VALUE} characters or a list of them, "
                    f"under a name of at most {ASPECT_NAME}",
                )
            )
    if errors:
        raise ValidationFailed("Some aspects need attention.", errors)
    return found


def _aspect_fits(name: object, values: object) -> bool:
    return (
        isinstance(name, str)
        and 0 < len(name.strip()) <= ASPECT_NAME
        and isinstance(values, list)
        and 0 < len(values) <= MAX_ASPECTS
        and all(isinstance(v, str) and 0 < len(v.strip()) <= ASPECT_VALUE for v in values)
    )


def _public_images(images: list[str]) -> tuple[str, ...]:
    """The product's images at addresses a channel can fetch: https ones as they are,
    uploaded ones under BizQ's public address when that is https."""
    public = (get_settings().public_url or "").rstrip("/")
    found = []
    for url in images:
        if url.startswith(MEDIA_PREFIX) and public.startswith("https://"):
            url = public + url
        if url.startswith("https://"):
            found.append(url)
    return tuple(found)


def _sent(wanted: ListingDraft) -> dict[str, Any]:
    sent: dict[str, Any] = {"active": wanted.active}
    if wanted.aspects:
        sent["aspects"] = {k: list(v) for k, v in wanted.aspects.items()}
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
