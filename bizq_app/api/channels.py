"""``/api/stores/{store_id}/channels`` and ``/api/channels/{id}``: the store's other sales
channels (Shopify first), what it lists there and the sync log."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Request, Response, status
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from bizq_app.api.deps import DEFAULT_PAGE, CurrentUser, Limit, Offset, SessionDep
from bizq_app.api.schemas import Body as StrictBody
from bizq_app.api.schemas import PageOut
from bizq_app.channels import (
    connections,
    feeds,
    holds,
    listing_import,
    listings,
    order_catchup,
    order_import,
    order_reports,
    publishing,
    rule_settings,
    rules,
    stock_sync,
)
from bizq_app.channels.models import ChannelConnection, ChannelListing, OrderHold, SyncEntry
from bizq_app.core.db import session_scope
from bizq_app.core.errors import ValidationFailed

router = APIRouter(tags=["channels"])


class ConnectionOut(BaseModel):
    id: uuid.UUID
    store_id: uuid.UUID
    channel: str
    account: str = Field(description="the shop's address on the channel")
    name: str = Field(description="what the channel calls the account")
    currency: str
    status: str = Field(description="connected or paused")
    token_last4: str = Field(description="the last four characters of the saved token")
    rules: dict[str, Any] = Field(
        description="price and stock rules: price_percent, price_amount, rounding (none, 99, "
        "95, whole), stock_share (per cent), stock_buffer, max_shown"
    )
    created_at: datetime

    @classmethod
    def of(cls, row: ChannelConnection) -> ConnectionOut:
        return cls(
            **row.model_dump(exclude={"ciphertext", "last4", "rules"}),
            token_last4=row.last4,
            rules=rules.of(row.rules).saved(),
        )


class RulesIn(StrictBody):
    price_percent: str | float | int | None = Field(None, description="-90 to 500, e.g. 10")
    price_amount: str | float | int | None = Field(None, description="added after the percentage")
    rounding: str | None = Field(None, description="none, 99, 95 or whole (always upwards)")
    stock_share: int | str | None = Field(None, description="per cent of the stock shown, 1–100")
    stock_buffer: int | str | None = Field(None, description="units kept back")
    max_shown: int | str | None = Field(None, description="at most this many shown")


class RulesOut(BaseModel):
    connection: ConnectionOut
    described: str = Field(description="the rules in words")
    warnings: list[str] = Field(description="listed products that would sell below cost")


class ListingOut(BaseModel):
    id: uuid.UUID
    product_id: uuid.UUID
    state: str = Field(description="live, or error (the channel refused it: last_error)")
    external_id: str
    url: str
    shown: dict[str, int] = Field(description="SKU → the quantity last set on the channel")
    last_error: str
    warning: str = Field(description="e.g. its channel price is under the product's cost")
    managed_on_channel: list[str] = Field(
        description="fields the seller manages on the channel (title, description, price): "
        "BizQ's publishes leave them as they are there"
    )
    published_at: datetime | None

    @classmethod
    def of(cls, row: ChannelListing) -> ListingOut:
        return cls(**row.model_dump(), managed_on_channel=list(row.channel_fields))


class ListingFieldsIn(StrictBody):
    managed_on_channel: list[str] = Field(description="some of: title, description, price")


class SyncEntryOut(BaseModel):
    id: uuid.UUID
    listing_id: uuid.UUID | None
    kind: str = Field(description="test, publish or stock")
    ok: bool
    sent: dict[str, Any] = Field(description="what BizQ sent (never a credential)")
    outcome: str = Field(description="what came back, or why it failed")
    created_at: datetime

    @classmethod
    def of(cls, row: SyncEntry) -> SyncEntryOut:
        return cls(**row.model_dump())


class HoldOut(BaseModel):
    id: uuid.UUID
    external_id: str
    name: str = Field(description="the order's name on the channel")
    reason: str = Field(description="why BizQ could not record it (stock was not touched)")
    order: dict[str, Any] = Field(description="the order as the channel sent it")
    created_at: datetime

    @classmethod
    def of(cls, row: OrderHold) -> HoldOut:
        return cls(**row.model_dump())


class ListingsImportOut(BaseModel):
    linked: int = Field(description="channel products now following a BizQ product by SKU")
    known: int = Field(description="already linked to the same product")
    unmatched: list[str] = Field(description="channel products with no SKU BizQ knows")
    mixed: list[str] = Field(
        description="channel products whose SKUs are not all one product's (left alone)"
    )
    described: str


class PushAgainIn(StrictBody):
    listing_id: uuid.UUID | None = Field(None, description="only this listing")
    ours_wins: bool = Field(
        False, description="set BizQ's figure even where the channel's changed (no compare)"
    )


class PushAgainOut(BaseModel):
    queued: int = Field(description="listings whose push was queued again")


class RetryIn(StrictBody):
    map: dict[str, str] | None = Field(
        None, description="the order's unknown SKUs → the store's SKUs (remembered)"
    )


class RetryOut(BaseModel):
    outcome: str = Field(description="imported, held (reason says why) or known")
    reason: str


class ReportImportOut(BaseModel):
    imported: list[str] = Field(description="the orders imported, by their name")
    known: list[str] = Field(description="already in BizQ: never imported twice")
    skipped: list[dict[str, str]] = Field(description="name and why, stock untouched")
    described: str


class ImportOut(BaseModel):
    imported: int
    held: int
    known: int = Field(description="already in BizQ: never imported twice")


class HistoryIn(StrictBody):
    days: int = Field(30, ge=1, le=365, description="how many days before the connection")


class HistoryOut(BaseModel):
    days: int
    since: datetime = Field(description="the orders changed on the channel from this moment")
    until: datetime = Field(description="to this one: when the connection was made")
    described: str


class ResumeOut(ConnectionOut):
    kept_imported: int = Field(
        description="orders whose webhooks came while it was paused, imported now"
    )


class PublishIn(StrictBody):
    product_id: uuid.UUID
    aspects: dict[str, str | list[str]] | None = Field(
        None,
        description="what the product is, by the channel's names: the item specifics eBay's "
        'category requires, like {"Brand": "Wick & Co"} (a variant option counts as one)',
    )


class TestOut(BaseModel):
    outcome: str


@router.get("/stores/{store_id}/channels")
def list_connections(
    store_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> list[ConnectionOut]:
    rows = connections.list_connections(session=session, user_id=user.id, store_id=store_id)
    return [ConnectionOut.of(r) for r in rows]


@router.get("/stores/{store_id}/channels/feeds/shopify-products.csv")
def shopify_feed(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Response:
    """File-based sync without credentials: the store's products as Shopify's product CSV
    (Shopify admin → Products → Import), each variant by the SKU a connection would use."""
    text = feeds.shopify_products_csv(session=session, user_id=user.id, store_id=store_id)
    return Response(
        text,
        media_type="text/csv",
        headers={"Content-Disposition": 'attachment; filename="shopify-products.csv"'},
    )


@router.get("/stores/{store_id}/channels/feeds/amazon-inventory-loader.txt")
def amazon_feed(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Response:
    """The store's products on sale as Amazon's Inventory Loader file (tab-delimited; Seller
    Central → Catalog → Add products via upload), by SKU with price and quantity."""
    text = feeds.amazon_inventory_loader(session=session, user_id=user.id, store_id=store_id)
    return _attachment(text, "text/tab-separated-values", "amazon-inventory-loader.txt")


@router.get("/stores/{store_id}/channels/feeds/ebay-drafts.csv")
def ebay_feed(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Response:
    """The store's products on sale as eBay Seller Hub's *Create new drafts* CSV (Seller Hub
    → Reports → Uploads), a draft per SKU to finish and list there."""
    text = feeds.ebay_drafts_csv(session=session, user_id=user.id, store_id=store_id)
    return _attachment(text, "text/csv", "ebay-drafts.csv")


@router.get("/stores/{store_id}/channels/feeds/etsy-listings.csv")
def etsy_feed(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> Response:
    """The store's products on sale in the columns of Etsy's listings CSV."""
    text = feeds.etsy_listings_csv(session=session, user_id=user.id, store_id=store_id)
    return _attachment(text, "text/csv", "etsy-listings.csv")


def _attachment(text: str, media_type: str, filename: str) -> Response:
    disposition = f'attachment; filename="{filename}"'
    return Response(text, media_type=media_type, headers={"Content-Disposition": disposition})


@router.post("/stores/{store_id}/channels/order-reports/{channel}")
def import_orders_report(
    store_id: uuid.UUID,
    channel: str,
    user: CurrentUser,
    file: Annotated[
        bytes,
        Body(
            media_type="text/csv",
            description="Shopify's orders export (CSV), Amazon's All Orders report "
            "(tab-delimited flat file) or Etsy's order items CSV",
        ),
    ],
) -> ReportImportOut:
    """File-based order import: the paid orders of a channel's order report (``shopify``:
    Orders → Export; ``amazon``: the All Orders report; ``etsy``: the order items CSV)
    become BizQ orders, each once; the others are listed with the reason."""
    try:
        text = file.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationFailed.field("$.file", "must be UTF-8 text") from exc
    done = order_reports.import_orders_report(
        open_session=session_scope, user_id=user.id, store_id=store_id, channel=channel, text=text
    )
    return ReportImportOut(
        imported=done.imported,
        known=done.known,
        skipped=[{"name": name, "reason": why} for name, why in done.skipped],
        described=done.described(),
    )


@router.post("/stores/{store_id}/channels", status_code=status.HTTP_201_CREATED)
def connect(
    store_id: uuid.UUID, body: Annotated[dict[str, Any], Body()], user: CurrentUser
) -> ConnectionOut:
    """Connect a channel account: ``{"channel": "shopify", "shop": "your-shop.myshopify.com",
    "access_token": "shpat_…"}``. Saved only when the channel accepts the token (422 with
    its words on ``$.access_token`` otherwise; 503 when it does not answer)."""
    connection_id = connections.connect(
        open_session=session_scope, user_id=user.id, store_id=store_id, fields=body
    )
    with session_scope() as session:
        return ConnectionOut.of(connections.read_row(session, user.id, connection_id))


@router.post("/channels/{connection_id}/test")
def check_connection(connection_id: uuid.UUID, user: CurrentUser) -> TestOut:
    """Ask the channel who the saved token belongs to (logged either way)."""
    outcome = connections.test(
        open_session=session_scope, user_id=user.id, connection_id=connection_id
    )
    return TestOut(outcome=outcome)


@router.post("/channels/{connection_id}/pause")
def pause(connection_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> ConnectionOut:
    row = connections.pause(session=session, user_id=user.id, connection_id=connection_id)
    return ConnectionOut.of(row)


@router.post("/channels/{connection_id}/resume")
def resume(connection_id: uuid.UUID, user: CurrentUser) -> ResumeOut:
    """Resume pushing; the orders whose webhooks came while it was paused are imported
    now, each once."""
    resumed = order_catchup.resume(
        open_session=session_scope, user_id=user.id, connection_id=connection_id
    )
    out = ConnectionOut.of(resumed.connection)
    return ResumeOut(**out.model_dump(), kept_imported=resumed.imported)


@router.put("/channels/{connection_id}/rules")
def set_rules(
    connection_id: uuid.UUID, body: RulesIn, user: CurrentUser, session: SessionDep
) -> RulesOut:
    """Set the channel's price and stock rules (422 on each bad field, nothing saved); the
    new quantities are pushed at once, the new prices with each listing's next publish."""
    saved = rule_settings.set_rules(
        session=session,
        user_id=user.id,
        connection_id=connection_id,
        fields=body.model_dump(exclude_none=True),
    )
    return RulesOut(
        connection=ConnectionOut.of(saved.connection),
        described=saved.described,
        warnings=saved.warnings,
    )


@router.delete("/channels/{connection_id}", status_code=status.HTTP_204_NO_CONTENT)
def disconnect(connection_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> None:
    connections.disconnect(session=session, user_id=user.id, connection_id=connection_id)


@router.post("/channels/{connection_id}/listings", status_code=status.HTTP_201_CREATED)
def publish(connection_id: uuid.UUID, body: PublishIn, user: CurrentUser) -> ListingOut:
    """List a product on the channel, or update its listing there (422 with the channel's
    words when it refuses; the listing keeps them as ``last_error``)."""
    listing_id = publishing.publish(
        open_session=session_scope,
        user_id=user.id,
        connection_id=connection_id,
        product_id=body.product_id,
        aspects=body.aspects,
    )
    with session_scope() as session:
        return ListingOut.of(listings.get_listing(session, user.id, listing_id))


@router.post("/channels/{connection_id}/listings/import")
def import_listings(connection_id: uuid.UUID, user: CurrentUser) -> ListingsImportOut:
    """Link the products already on the channel to the store's by SKU (instead of
    publishing them again); each linked listing then shows BizQ's quantity."""
    found = listing_import.import_existing(
        open_session=session_scope, user_id=user.id, connection_id=connection_id
    )
    return ListingsImportOut(
        linked=found.linked,
        known=found.known,
        unmatched=found.unmatched,
        mixed=found.mixed,
        described=found.described(),
    )


@router.put("/channels/{connection_id}/listings/{listing_id}")
def keep_on_channel(
    connection_id: uuid.UUID,
    listing_id: uuid.UUID,
    body: ListingFieldsIn,
    user: CurrentUser,
    session: SessionDep,
) -> ListingOut:
    """Choose the fields the seller manages on the channel; the others follow BizQ."""
    listing = listings.keep_on_channel(
        session=session,
        user_id=user.id,
        connection_id=connection_id,
        listing_id=listing_id,
        fields=body.managed_on_channel,
    )
    return ListingOut.of(listing)


@router.get("/channels/{connection_id}/listings")
def list_listings(
    connection_id: uuid.UUID, user: CurrentUser, session: SessionDep
) -> list[ListingOut]:
    rows = listings.list_listings(session=session, user_id=user.id, connection_id=connection_id)
    return [ListingOut.of(r) for r in rows]


@router.get("/channels/{connection_id}/log")
def sync_log(
    connection_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> PageOut[SyncEntryOut]:
    """Every exchange with the channel, newest first."""
    rows, total = connections.sync_log(
        session=session, user_id=user.id, connection_id=connection_id, limit=limit, offset=offset
    )
    return PageOut(
        items=[SyncEntryOut.of(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.post("/channels/{connection_id}/orders/import")
def import_orders(connection_id: uuid.UUID, user: CurrentUser) -> ImportOut:
    """Ask the channel now for orders changed since the last import (also done every five
    minutes, and at once by webhook where the channel sends one)."""
    counts = order_import.import_now(
        open_session=session_scope, user_id=user.id, connection_id=connection_id
    )
    return ImportOut(**counts)


@router.post("/channels/{connection_id}/orders/history", status_code=status.HTTP_202_ACCEPTED)
def import_history(
    connection_id: uuid.UUID,
    user: CurrentUser,
    session: SessionDep,
    body: HistoryIn = HistoryIn.model_validate({}),  # noqa: B008 - no body: the default days
) -> HistoryOut:
    """Import the orders of the ``days`` (1–365, 30 by default) before the connection was
    made, as history: recorded for reports and customers, taking no stock and sending no
    e-mail; queued, and never importing an order twice. (A connection imports the orders
    placed from the moment it was made by itself.)"""
    asked = order_catchup.request_history(
        session=session, user_id=user.id, connection_id=connection_id, days=body.days
    )
    described = (
        f"Importing the orders of the {asked.days} days before you connected, as history: "
        "they take no stock and send no e-mail."
    )
    return HistoryOut(days=asked.days, since=asked.since, until=asked.until, described=described)


@router.get("/channels/{connection_id}/holds")
def list_holds(connection_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> list[HoldOut]:
    """Channel orders waiting for the seller (an unknown SKU, too little stock)."""
    rows = order_import.list_holds(session=session, user_id=user.id, connection_id=connection_id)
    return [HoldOut.of(r) for r in rows]


@router.post("/channels/{connection_id}/retry")
def push_again(
    connection_id: uuid.UUID, body: PushAgainIn, user: CurrentUser, session: SessionDep
) -> PushAgainOut:
    """Push again, now, the listings whose last push failed or was held (or one of them)."""
    queued = stock_sync.retry_now(
        session=session,
        user_id=user.id,
        connection_id=connection_id,
        listing_id=body.listing_id,
        ours_wins=body.ours_wins,
    )
    return PushAgainOut(queued=queued)


@router.post("/channels/{connection_id}/holds/{hold_id}/retry")
def retry_hold(
    connection_id: uuid.UUID,
    hold_id: uuid.UUID,
    body: RetryIn,
    user: CurrentUser,
    session: SessionDep,
) -> RetryOut:
    """Import a held order again, mapping its unknown SKUs to the store's first."""
    done = holds.retry(
        session=session,
        user_id=user.id,
        connection_id=connection_id,
        hold_id=hold_id,
        mapping=body.map,
    )
    return RetryOut(outcome=done.outcome, reason=done.reason)


@router.post("/channels/{connection_id}/webhooks/shopify/orders")
async def shopify_order_webhook(
    connection_id: uuid.UUID,
    request: Request,
    signature: Annotated[str, Header(alias="X-Shopify-Hmac-Sha256")] = "",
) -> dict[str, str]:
    """Shopify's ``orders/create`` webhook for this connection, signed with the app's
    client secret given at connect (``webhook_secret``) and sent by the connection's shop
    (``X-Shopify-Shop-Domain``); a bad signature or another shop answers 401."""
    shop = {SHOP_HEADER: request.headers.get(SHOP_HEADER, "")}
    return await _webhook(connection_id, "shopify", await request.body(), signature, shop)


SHOP_HEADER = "X-Shopify-Shop-Domain"


@router.post("/channels/{connection_id}/webhooks/tiktok_shop/orders")
async def tiktok_order_webhook(
    connection_id: uuid.UUID,
    request: Request,
    signature: Annotated[str, Header(alias="Authorization")] = "",
) -> dict[str, str]:
    """TikTok Shop's ``ORDER_STATUS_CHANGE`` webhook for this connection, signed with the
    app's key and secret; a paid order is read from TikTok and imported once. A bad
    signature answers 401."""
    return await _webhook(connection_id, "tiktok_shop", await request.body(), signature)


@router.post("/channels/{connection_id}/webhooks/walmart/orders")
async def walmart_order_webhook(
    connection_id: uuid.UUID,
    request: Request,
    signature: Annotated[
        str, Header(alias="WM_SEC.AUTH_SIGNATURE", convert_underscores=False)
    ] = "",
) -> dict[str, str]:
    """Walmart's ``PO_CREATED`` notification for this connection, signed (HMAC-SHA256 of
    the body) with the secret BizQ gave Walmart at connect; the purchase order is read
    from Walmart, acknowledged and imported once. A bad signature answers 401."""
    return await _webhook(connection_id, "walmart", await request.body(), signature)


@router.post("/channels/{connection_id}/webhooks/ebay/orders")
async def ebay_order_webhook(
    connection_id: uuid.UUID,
    request: Request,
    signature: Annotated[str, Header(alias="X-EBAY-SIGNATURE")] = "",
) -> dict[str, str]:
    """eBay's ``ORDER_CONFIRMATION`` notification for this connection, signed with eBay's
    published key (ECDSA); the order is read from eBay and imported once. A bad signature
    answers 401."""
    return await _webhook(connection_id, "ebay", await request.body(), signature)


@router.post("/channels/{connection_id}/webhooks/etsy/orders")
async def etsy_order_webhook(connection_id: uuid.UUID, request: Request) -> dict[str, str]:
    """Etsy's ``order.paid`` for this connection, registered in Etsy's webhook portal and
    signed as Standard Webhooks sign (``webhook-id``, ``webhook-timestamp``,
    ``webhook-signature``) with the secret given at connect; the receipt is read from
    Etsy and imported once. A bad signature answers 401."""
    signed = {k: request.headers.get(k, "") for k in WEBHOOK_HEADERS}
    return await _webhook(connection_id, "etsy", await request.body(), "", signed)


WEBHOOK_HEADERS = ("webhook-id", "webhook-timestamp", "webhook-signature")


@router.get("/channels/{connection_id}/webhooks/ebay/orders")
def ebay_challenge(connection_id: uuid.UUID, challenge_code: str = "") -> dict[str, str]:
    """eBay's check of the address before it sends notifications: its ``challenge_code``
    answered with the hash eBay documents (code, the connection's token, the address)."""
    answer = order_import.ebay_challenge(
        open_session=session_scope, connection_id=connection_id, code=challenge_code
    )
    return {"challengeResponse": answer}


async def _webhook(
    connection_id: uuid.UUID,
    channel: str,
    body: bytes,
    signature: str,
    headers: dict[str, str] | None = None,
) -> dict[str, str]:
    outcome = await run_in_threadpool(
        order_import.receive_webhook,
        open_session=session_scope,
        connection_id=connection_id,
        channel=channel,
        body=body,
        signature=signature,
        headers=headers,
    )
    return {"outcome": outcome}
