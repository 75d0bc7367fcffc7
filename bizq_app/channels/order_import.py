"""Orders placed on a channel become BizQ orders: from the channel's webhook (its
signature checked) or by polling it with a cursor (the newest change imported).

Each line is matched by SKU to a product listed on that connection. An order with a
SKU BizQ does not know, in another currency than the store's, or wanting more units
than BizQ has, is **held** for the seller — no order, stock untouched — and logged.
The same channel order is never imported twice (``sales.channel_orders``), so a webhook
and a poll may both bring it. The channel is polled outside any transaction; each order
is imported in its own.

The first poll starts when the connection was made (``first_cursor``): the orders placed
before come when the seller asks for them, as history (``order_catchup``). One placed
before but changed since (paid late, its address corrected) comes by a webhook or a poll
all the same: it is history too, by when the channel says it was placed (``placed_at``),
whatever brought it — recorded on the day it was placed, taking no stock. A webhook to a
paused connection is answered and kept (``kept_deliveries``); it is imported when the
seller resumes.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import update
from sqlmodel import Session, col, select

from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.permissions import Permission
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.channels import connections, kept_deliveries, listings
from bizq_app.channels.models import ChannelConnection, ChannelListing, OrderHold, OrderLink
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import AuthenticationFailed, Conflict, IntegrationError, NotFound
from bizq_app.integrations.channels import (
    ChannelClient,
    ChannelOrder,
    OrderLine,
    OrderReader,
    ebay,
    ebay_notifications,
    etsy,
    registry,
    shopify,
    tiktok,
    walmart,
)
from bizq_app.sales import channel_orders
from bizq_app.sales.channel_orders import ChannelSale, SoldLine

MAX_PAGES = 20  # a poll reads at most this many pages; the cursor carries on next time


def receive_webhook(
    *,
    open_session: OpenSession,
    connection_id: uuid.UUID,
    channel: str,
    body: bytes,
    signature: str,
    headers: dict[str, str] | None = None,
) -> str:
    """An order webhook from the channel: its signature (or, for Etsy, its ``webhook-*``
    ``headers``) checked with the connection's secrets, then the order imported (or held).
    Shopify's carries the order; the others name it, and it is read from the channel
    (outside any transaction). Returns what happened ("ignored" for an event that brings
    no order).

    Raises:
        AuthenticationFailed: no such connection of that channel, or a bad signature.
    """
    with open_session() as session:
        row = session.get(ChannelConnection, connection_id)
        credentials = (
            connections.credentials_of(row) if row is not None and row.channel == channel else None
        )
    if credentials is None:
        raise AuthenticationFailed("The webhook's signature does not match.")
    if channel == "shopify" and not shopify.from_shop(headers or {}, credentials.account):
        raise AuthenticationFailed("The webhook comes from another shop than the connection's.")
    # one client for the delivery (eBay's key, the order it names); Shopify's needs none
    client = credentials.client() if channel in NAMED else None
    try:
        if not _signed(credentials, client, body, signature, headers or {}):
            raise AuthenticationFailed("The webhook's signature does not match.")
        try:
            event = json.loads(body)
            order = shopify.webhook_order(event) if channel == "shopify" else None
            named = NAMED[channel](event) if channel in NAMED else ""
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise AuthenticationFailed("The webhook's body is not an order event.") from exc
        if named:
            with open_session() as session:  # a delivery again: no call to the channel
                if channel_orders.recorded(session, credentials.store_id, channel, named):
                    return "known"
            if credentials.paused and kept_deliveries.keep(open_session, connection_id, named):
                return "kept"  # read from the channel on resume
            order = cast(OrderReader, client).order(named)
    finally:
        if client is not None:
            client.close()
    if order is None:
        return "ignored"
    with open_session() as session:  # paused meanwhile: kept, not imported
        if kept_deliveries.kept_if_paused(session, connection_id, order.external_id, order):
            return "kept"
        return import_order(session, connection_id, order, via="webhook")


NAMED = {  # the order a channel's webhook names, for the channels whose webhook is a notice
    "tiktok_shop": tiktok.webhook_order_id,
    "walmart": walmart.webhook_order_id,
    "ebay": ebay_notifications.webhook_order_id,
    "etsy": etsy.webhook_order_id,
}


def ebay_challenge(*, open_session: OpenSession, connection_id: uuid.UUID, code: str) -> str:
    """The answer to the challenge eBay sends the connection's address before it sends it
    notifications (made with the connection's verification token).

    Raises:
        AuthenticationFailed: no eBay connection there, or no challenge code.
    """
    with open_session() as session:
        row = session.get(ChannelConnection, connection_id)
        secrets = connections.credentials_of(row).secrets if row and row.channel == "ebay" else {}
    token = secrets.get("verification_token", "")
    if not token or not code:
        raise AuthenticationFailed("No eBay connection takes notifications here.")
    url = connections.webhook_url("ebay", connection_id)
    return ebay_notifications.challenge_response(code, token, url)


def _signed(
    credentials: connections.Credentials,
    client: ChannelClient | None,
    body: bytes,
    signature: str,
    headers: dict[str, str],
) -> bool:
    channel = credentials.channel
    secret = credentials.secrets.get(connections.WEBHOOK_SIGNER.get(channel, ""), "")
    if channel == "ebay":  # signed with eBay's own published key, read from eBay (kept)
        caller = str(credentials.connection_id)  # whose unknown key ids are counted
        return cast(ebay.EbayClient, client).verify_notification(body, signature, caller=caller)
    if channel == "etsy":
        return etsy.verify_webhook(body, headers, secret)
    if channel == "shopify":
        return bool(secret and signature) and shopify.verify_webhook(body, signature, secret)
    if channel == "tiktok_shop":
        key = credentials.secrets.get("app_key", "")
        return tiktok.verify_webhook(body, signature, key, secret)
    if channel == "walmart":
        return walmart.verify_webhook(body, signature, secret)
    return False


def import_now(
    *, open_session: OpenSession, user_id: uuid.UUID, connection_id: uuid.UUID
) -> dict[str, int]:
    """``poll`` at a member's request (one who may run the store)."""
    with open_session() as session:
        connections.read(session, user_id, connection_id, Permission.OPERATE)
    return poll(open_session=open_session, connection_id=connection_id)


def poll(*, open_session: OpenSession, connection_id: uuid.UUID) -> dict[str, int]:
    """Import every order changed on the channel since the connection's cursor; returns
    how many were imported, held or already known."""
    with open_session() as session:
        row = session.get(ChannelConnection, connection_id)
        if row is None:
            raise NotFound("That channel connection does not exist.")
        credentials, cursor = (
            connections.credentials_of(row),
            row.orders_cursor or first_cursor(row),
        )
    counts = {"imported": 0, "held": 0, "known": 0}
    if credentials.paused:
        return counts
    client = credentials.client()
    try:
        page: str | None = None
        for _ in range(MAX_PAGES):
            found = client.orders_since(cursor, page)
            for order in found.orders:
                with open_session() as session:
                    what = import_order(session, connection_id, order, via="poll")
                counts[what] += 1
                cursor = max(cursor, order.updated_at)
            page = found.next_page
            if page is None:
                break
    except IntegrationError as exc:
        _poll_failed(open_session, connection_id, cursor, exc)
        raise
    finally:
        client.close()
        with open_session() as session:
            _moved_cursor(session, connection_id, cursor)
    return counts


def _poll_failed(
    open_session: OpenSession, connection_id: uuid.UUID, cursor: str, exc: IntegrationError
) -> None:
    """The channel's error that stopped a poll, in the sync log (orders before it stay)."""
    with open_session() as session:
        row = session.get(ChannelConnection, connection_id)
        if row is not None:
            sent = {"asked": "orders", "since": cursor}
            outcome = f"Orders not imported: {exc.message}"
            connections.log(session, row, "order", ok=False, sent=sent, outcome=outcome)


def first_cursor(row: ChannelConnection) -> str:
    """Where a connection's first poll starts: when it was made (a second before, for the
    channels that compare to the second). Earlier orders are the seller's history."""
    made = row.created_at.replace(tzinfo=row.created_at.tzinfo or UTC).astimezone(UTC)
    return (made.replace(microsecond=0) - timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")


def connected_at(row: ChannelConnection) -> datetime:
    """The moment the seller's history ends on the connection: when it was made, to the
    second before (as its first poll starts, so an order of that second is a sale)."""
    return moment(first_cursor(row))


def placed(order: ChannelOrder) -> datetime | None:
    """When the order was placed, as the channel says; else no later than its last change
    (None when the channel says neither)."""
    stamp = order.placed_at or order.updated_at
    return moment(stamp) if stamp else None


def moment(stamp: str) -> datetime:
    """A channel's ISO 8601 timestamp (``Z`` or an offset; none is UTC) as a datetime."""
    found = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return found if found.tzinfo else found.replace(tzinfo=UTC)


def import_order(
    session: Session,
    connection_id: uuid.UUID,
    order: ChannelOrder,
    *,
    via: str,
    history: bool = False,
) -> str:
    """Record one channel order, or hold it; "imported", "held" or "known". One placed
    before the connection was made is recorded as history (no stock taken), however it
    came. Asked for as ``history`` (``order_catchup``), one BizQ cannot record is
    "skipped" (logged) rather than held."""
    row = session.get(ChannelConnection, connection_id)
    if row is None:
        return "known"
    store = account_lookups.find_store(session, row.store_id)
    assert store is not None
    if channel_orders.recorded(session, store.id, row.channel, order.external_id):
        return "known"
    when = placed(order)
    past = history or (when is not None and when < connected_at(row))
    lines, reason = _matched(session, row, order)
    if reason is None and order.currency != store.currency:
        reason = f"it is in {order.currency}; the store sells in {store.currency}"
    sent = {"order": order.name, "via": via}
    if reason is None:
        sale = _sale(row, order, lines, history=past, placed_at=when if past else None)
        try:
            with session.begin_nested():
                order_id, new = channel_orders.record(session, store, sale)
        except Conflict as exc:
            reason = exc.message
        else:
            if new:
                _linked(session, row, order, (order_id, sale), sent=None if history else sent)
            return "imported" if new else "known"
    if history:
        outcome = f"Not imported as history: {reason}"
        connections.log(session, row, "order", ok=False, sent=sent, outcome=outcome)
        return "skipped"
    _hold(session, row, order, reason or "")
    connections.log(session, row, "order", ok=False, sent=sent, outcome=f"Held: {reason}")
    return "held"


def _sale(
    row: ChannelConnection,
    order: ChannelOrder,
    lines: tuple[SoldLine, ...],
    *,
    history: bool,
    placed_at: datetime | None,
) -> ChannelSale:
    """The sale to record; as ``history`` (placed before the connection, at ``placed_at``),
    one that takes no stock."""
    return ChannelSale(
        channel=row.channel,
        label=registry.CHANNELS.get(row.channel, row.channel),
        external_id=order.external_id,
        name=order.name,
        email=order.email,
        buyer=order.buyer,
        currency=order.currency,
        lines=lines,
        shipping=order.shipping,
        shipping_address=order.shipping_address,
        shipping_service=order.shipping_service,
        history=history,
        placed_at=placed_at,
    )


def _linked(
    session: Session,
    row: ChannelConnection,
    order: ChannelOrder,
    recorded: tuple[uuid.UUID, ChannelSale],
    *,
    sent: dict[str, str] | None,
) -> None:
    """A recorded order tied to its connection, any hold of it resolved; a sale's units
    taken off what BizQ last showed there. Logged with ``sent`` (None: history the seller
    asked for, logged once for the whole import)."""
    order_id, sale = recorded
    session.add(OrderLink(order_id=order_id, connection_id=row.id, external_id=order.external_id))
    if not sale.history:
        _sold_there(session, row, order, sale.lines)
    if sent is not None:
        said = ", as history: placed before you connected" if sale.history else ""
        connections.log(session, row, "order", sent=sent, outcome=f"Imported as {order_id}{said}")
    _resolve(session, row, order.external_id)


def list_holds(
    *, session: Session, user_id: uuid.UUID, connection_id: uuid.UUID
) -> list[OrderHold]:
    """The channel orders waiting for the seller, oldest first."""
    connections.read_row(session, user_id, connection_id)
    query = select(OrderHold).where(
        OrderHold.connection_id == connection_id, col(OrderHold.resolved_at).is_(None)
    )
    return list(session.exec(query.order_by(col(OrderHold.created_at))).all())


def _matched(
    session: Session, row: ChannelConnection, order: ChannelOrder
) -> tuple[tuple[SoldLine, ...], str | None]:
    """Each line's product and variant by SKU among the connection's listings."""
    known: dict[str, tuple[uuid.UUID, dict[str, str]]] = {}
    query = select(ChannelListing).where(ChannelListing.connection_id == row.id)
    for listing in session.exec(query):
        product = catalog_lookups.find_product(session, listing.product_id)
        if product is not None:
            known.update({sku: (product.id, opts) for sku, opts in listings.skus(product).items()})
    if any(line.sku not in known and line.sku in row.sku_map for line in order.lines):
        found = listings.store_skus(session, row.store_id)
        for channel_sku, ours in row.sku_map.items():
            if ours in found:
                known.setdefault(channel_sku, found[ours])
    lines = []
    for line in order.lines:
        if line.sku not in known:
            what = f"SKU {line.sku!r}" if line.sku else f"{line.title!r} (no SKU)"
            return (), f"{what} is not a product listed on this channel; map it and import again"
        product_id, options = known[line.sku]
        lines.append(SoldLine(product_id, options, line.quantity, line.unit_price))
    if not lines:
        return (), "the order has no lines"
    return tuple(lines), None


def order_of(saved: dict[str, Any]) -> ChannelOrder:
    """A held order back from what was saved of it."""
    return ChannelOrder(
        external_id=str(saved["external_id"]),
        name=str(saved["name"]),
        updated_at=str(saved["updated_at"]),
        email=str(saved["email"]),
        buyer=str(saved["buyer"]),
        currency=str(saved["currency"]),
        lines=tuple(
            OrderLine(
                sku=str(line["sku"]),
                quantity=int(line["quantity"]),
                unit_price=Decimal(str(line["unit_price"])),
                title=str(line.get("title") or ""),
            )
            for line in saved["lines"]
        ),
        shipping=Decimal(str(saved["shipping"])),
        shipping_address={k: str(v) for k, v in saved["shipping_address"].items()},
        shipping_service=str(saved["shipping_service"]),
        placed_at=str(saved.get("placed_at") or ""),
    )


def _sold_there(
    session: Session, row: ChannelConnection, order: ChannelOrder, lines: tuple[SoldLine, ...]
) -> None:
    """The channel lowered its own quantities when it sold: so does what BizQ last set there,
    so the push that follows the sale finds the channel already right (and is not held).
    The listings are locked first, so a push recording what it set meanwhile loses nothing."""
    products = {line.product_id for line in lines}
    for listing in listings.lock_listings(session, row.id, products):
        sold = {ln.sku: ln.quantity for ln in order.lines if ln.sku in listing.shown}
        if sold:
            shown = {**listing.shown}
            for sku, quantity in sold.items():
                shown[sku] = shown[sku] - quantity
            listing.shown = shown
            session.add(listing)


def _hold(session: Session, row: ChannelConnection, order: ChannelOrder, reason: str) -> None:
    query = select(OrderHold).where(
        OrderHold.connection_id == row.id, OrderHold.external_id == order.external_id
    )
    hold = session.exec(query).first() or OrderHold(
        store_id=row.store_id, connection_id=row.id, external_id=order.external_id, reason=""
    )
    hold.name, hold.reason, hold.resolved_at = order.name[:64], reason, None
    hold.order = json.loads(json.dumps(asdict(order), default=str))
    session.add(hold)


def _resolve(session: Session, row: ChannelConnection, external_id: str) -> None:
    query = select(OrderHold).where(
        OrderHold.connection_id == row.id, OrderHold.external_id == external_id
    )
    for hold in session.exec(query):
        hold.resolved_at = utcnow()
        session.add(hold)


def _moved_cursor(session: Session, connection_id: uuid.UUID, cursor: str) -> None:
    """Note the poll, and move the cursor forward only (two polls may finish in any order)."""
    now = utcnow()
    session.execute(
        update(ChannelConnection)
        .where(col(ChannelConnection.id) == connection_id)
        .values(orders_polled_at=now)
    )
    session.execute(
        update(ChannelConnection)
        .where(
            col(ChannelConnection.id) == connection_id,
            col(ChannelConnection.orders_cursor) < cursor,
        )
        .values(orders_cursor=cursor)
    )
