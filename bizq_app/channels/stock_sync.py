"""One stock, pushed at once: every stock movement queues a push of what can be sold now
to each live listing of the product.

The movement's transaction only notes the listings; after it commits, one job per listing
is queued, and a listing that already has a push waiting gets no second one (a Redis key
held until the job starts): pushes coalesce, and the job reads the level when it runs,
so the last movement always wins. A channel that is down or throttled gets the push
again after a back-off (5 s, 30 s, 2 min, then every 10 min, queued by the sweeper),
and the listing and the log say so meanwhile. The job asks the channel to set each
SKU's quantity if it still shows what BizQ set last (Shopify's ``changeFromQuantity``): a
channel that sold units BizQ has not imported yet keeps its lower figure, and the push
is logged as held instead of overselling.
"""

from __future__ import annotations

import time
import uuid
from functools import partial
from typing import Any

from sqlmodel import Session, select

from bizq_app.accounts.permissions import Permission
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.channels import connections, listings
from bizq_app.channels.models import ChannelConnection, ChannelListing, ListingState
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession, on_commit
from bizq_app.core.errors import IntegrationError, NotFound
from bizq_app.core.queue import get_queue, get_redis
from bizq_app.integrations.channels import ChannelRejected, QuantityChange
from bizq_app.inventory import stock

PUSH_JOB = "bizq_app.jobs.channels.push_stock"
WAITING_KEY = "bizq:channel-push:{}"
WAITING_SECONDS = 300  # a lost job (Redis restarted) blocks pushes at most this long
RETRY_KEY = "bizq:channel-push:retry"  # listing id → when to push again (a sorted set)
ATTEMPTS_KEY = "bizq:channel-push:failures"  # listing id → failures in a row
RETRY_SECONDS = (5, 30, 120, 600)  # back-off after each failure in a row, then every 600 s
HELD = "Held:"  # how a held push's error starts


def stock_changed(session: Session, product: stock.Product) -> None:
    """Queue a push to each live listing of ``product`` once this transaction commits."""
    for listing_id in listings.live_listings(session, product.id):
        on_commit(session, partial(queue_push, str(listing_id)))


def queue_push(listing_id: str) -> None:
    """Queue a push for the listing unless one is already waiting."""
    if not get_redis().set(WAITING_KEY.format(listing_id), 1, nx=True, ex=WAITING_SECONDS):
        return
    get_queue().enqueue(PUSH_JOB, listing_id, result_ttl=0, failure_ttl=24 * 3600)


def has_problem(listing: ChannelListing) -> bool:
    """Whether the listing's last push failed or was held (``retry_now`` pushes it again)."""
    return listing.state == ListingState.LIVE.value and bool(listing.last_error)


def is_held(listing: ChannelListing) -> bool:
    """Whether its last push was held: the channel's quantity changed since BizQ set it."""
    return listing.last_error.startswith(HELD)


def retry_now(
    *,
    session: Session,
    user_id: uuid.UUID,
    connection_id: uuid.UUID,
    listing_id: uuid.UUID | None = None,
    ours_wins: bool = False,
) -> int:
    """Push again, now, the connection's listings whose last push failed or was held (or
    just ``listing_id``); returns how many. ``ours_wins``: set BizQ's figure even where the
    channel's quantity changed since BizQ last set it (the seller checked that no sale
    there is missing from BizQ).

    Raises:
        NotFound, PermissionDenied: not a listing of a connection the user may run.
    """
    row = connections.read_row(session, user_id, connection_id, Permission.OPERATE)
    query = select(ChannelListing).where(
        ChannelListing.connection_id == connection_id,
        ChannelListing.state == ListingState.LIVE.value,
        ChannelListing.last_error != "",
    )
    if listing_id is not None:
        query = query.where(ChannelListing.id == listing_id)
    troubled = list(session.exec(query).all())
    if listing_id is not None and not troubled:
        raise NotFound("That listing has nothing to retry.")
    for listing in troubled:
        on_commit(session, partial(_push_now, str(listing.id), ours_wins))
    what = "BizQ's figure" if ours_wins else "again"
    connections.log(
        session,
        row,
        "retry",
        sent={"listings": len(troubled), "ours_wins": ours_wins},
        outcome=f"{len(troubled)} listing(s) pushed {what}.",
    )
    return len(troubled)


def _push_now(listing_id: str, ours_wins: bool) -> None:
    """Queue the push at once, past its back-off (and past the coalescing key when BizQ's
    figure is to win: that push must not be folded into an ordinary one)."""
    _retried(listing_id)
    if not ours_wins:
        queue_push(listing_id)
        return
    get_queue().enqueue(PUSH_JOB, listing_id, True, result_ttl=0, failure_ttl=24 * 3600)


def push(*, open_session: OpenSession, listing_id: uuid.UUID, ours_wins: bool = False) -> str:
    """Set the listing's quantities on its channel to what BizQ can sell now; returns what
    happened, in words (also written to the sync log). ``ours_wins``: without the
    channel's compare (the seller's decision, ``retry_now``)."""
    get_redis().delete(WAITING_KEY.format(listing_id))  # a movement from now on queues anew
    with open_session() as session:
        found = _listing(session, listing_id)
        if found is None:
            return "skipped: the listing is gone or not live"
        listing, row = found
        credentials = connections.credentials_of(row)
        if credentials.paused:
            return "skipped: the connection is paused"
        product = catalog_lookups.find_product(session, listing.product_id)
        if product is None:
            return "skipped: the product is gone"
        now = listings.quantities(product, credentials.rules)
        movement = _newest_movement(session, product.id)
        changes = [
            QuantityChange(
                listing.stock_items[sku],
                quantity,
                None if ours_wins else listing.shown.get(sku),
                movement,
            )
            for sku, quantity in now.items()
            if sku in listing.stock_items and (ours_wins or listing.shown.get(sku) != quantity)
        ]
        sent: dict[str, Any] = {
            "quantities": {sku: q for sku, q in now.items() if sku in listing.stock_items}
        }
        before = {**listing.shown}
    if not changes:
        return "nothing to push"
    client = credentials.client()
    try:
        client.set_quantities(changes, credentials.location_id)
    except IntegrationError as exc:
        wait = None if isinstance(exc, ChannelRejected) else _retry_later(str(listing_id))
        with open_session() as session:
            _failed(session, listing_id, sent, exc, wait)
        if wait is None:
            return f"held: {exc.message}"
        return f"failed, tried again in {wait} s: {exc.message}"
    finally:
        client.close()
    _retried(str(listing_id))
    with open_session() as session:
        return _pushed(session, listing_id, now, before, sent)


def _newest_movement(session: Session, product_id: uuid.UUID) -> str:
    """The product's newest stock movement: what a push carries out (and its retry, until
    stock moves again), so the channel can tell a retry from a new push."""
    newest = stock.history(session, product_id, limit=1)
    return str(newest[0].id) if newest else ""


def retry_due() -> int:
    """Queue again the pushes whose channel was down or throttled and whose back-off is
    over (the sweeper calls this); returns how many."""
    redis = get_redis()
    due: list[bytes] = redis.zrangebyscore(RETRY_KEY, 0, time.time())  # type: ignore[assignment]
    queued = 0
    for member in due:
        if redis.zrem(RETRY_KEY, member):  # one sweeper takes each
            queue_push(member.decode())
            queued += 1
    return queued


def _retry_later(listing_id: str) -> int:
    """Schedule the listing's push again after a back-off that grows with each failure."""
    redis = get_redis()
    failures: int = redis.hincrby(ATTEMPTS_KEY, listing_id, 1)  # type: ignore[assignment]
    wait = RETRY_SECONDS[min(failures, len(RETRY_SECONDS)) - 1]
    redis.zadd(RETRY_KEY, {listing_id: time.time() + wait})
    return wait


def _retried(listing_id: str) -> None:
    redis = get_redis()
    redis.hdel(ATTEMPTS_KEY, listing_id)
    redis.zrem(RETRY_KEY, listing_id)


def _listing(
    session: Session, listing_id: uuid.UUID, *, lock: bool = False
) -> tuple[ChannelListing, ChannelConnection] | None:
    if lock:
        listing = listings.lock_listing(session, listing_id)
    else:
        listing = session.get(ChannelListing, listing_id)
    if listing is None or listing.state != ListingState.LIVE.value:
        return None
    row = session.get(ChannelConnection, listing.connection_id)
    return (listing, row) if row is not None else None


def _pushed(
    session: Session,
    listing_id: uuid.UUID,
    now: dict[str, int],
    before: dict[str, int],
    sent: dict[str, Any],
) -> str:
    found = _listing(session, listing_id, lock=True)
    if found is None:
        return "pushed; the listing was removed meanwhile"
    listing, row = found
    listing.shown = {
        **listing.shown,
        **{
            sku: _set_less_sold_since(q, before.get(sku), listing.shown.get(sku))
            for sku, q in now.items()
            if sku in listing.stock_items
        },
    }
    listing.last_error, listing.updated_at = "", utcnow()
    session.add(listing)
    shown = ", ".join(f"{sku} → {q}" for sku, q in now.items() if sku in listing.stock_items)
    connections.log(
        session, row, "stock", sent=sent, outcome=f"Set {shown}.", listing_id=listing.id
    )
    return f"pushed: {shown}"


def _set_less_sold_since(pushed: int, before: int | None, current: int | None) -> int:
    """What the channel shows after ``pushed`` landed: less what channel sales imported
    while the push was on its way took off (``before`` was read as the push started). The
    channel took the figure only if it still showed ``before``, so those sales came after
    (a push at the seller's word, ``ours_wins``, is counted the same way)."""
    if before is None or current is None:
        return pushed
    return pushed - (before - current)


def _failed(
    session: Session,
    listing_id: uuid.UUID,
    sent: dict[str, Any],
    exc: IntegrationError,
    wait: int | None,
) -> None:
    found = _listing(session, listing_id)
    if found is None:
        return
    listing, row = found
    reason = f"{exc.message} BizQ tries again in {wait} s."
    if isinstance(exc, ChannelRejected):
        reason = f"{HELD} {exc.message} (a sale there not imported yet?)"
    listing.last_error, listing.updated_at = reason, utcnow()
    session.add(listing)
    connections.log(
        session, row, "stock", ok=False, sent=sent, outcome=reason, listing_id=listing.id
    )


stock.register_change_listener(stock_changed)
