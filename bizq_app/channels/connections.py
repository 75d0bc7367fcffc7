"""A store's connections to other sales channels: connect (only once the channel
accepted the credentials), test, pause, resume, disconnect; and the sync log.

The channel is always asked outside a database transaction: the permission and the
row are read in one short transaction, the channel is called, and what it said is
written in another.
"""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.permissions import Permission, require
from bizq_app.channels import rules, saved_secrets
from bizq_app.channels.models import ChannelConnection, ConnectionStatus, SyncEntry
from bizq_app.channels.rules import NONE, ChannelRules
from bizq_app.core import db, status
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import (
    AuthenticationFailed,
    FieldError,
    IntegrationError,
    NotFound,
    ValidationFailed,
)
from bizq_app.core.settings import get_settings
from bizq_app.integrations.channels import (
    ChannelAccount,
    ChannelClient,
    LocalTokens,
    registry,
    tokens,
)

SHOP_ADDRESS = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com$")
LOG_PAGE = 50
SECRET_FIELD = {  # its last 4 shown
    "shopify": "access_token",
    "amazon": "refresh_token",
    "ebay": "refresh_token",
    "walmart": "client_secret",
    "tiktok_shop": "refresh_token",
    "etsy": "refresh_token",
}
AMAZON_FIELDS = {  # the form's fields: what each must look like, and what it is told
    "seller_id": (r"[A-Z0-9]{8,20}", "must be your Merchant Token (Seller Central → Settings)"),
    "marketplace_id": (r"[A-Z0-9]{8,20}", "must be the marketplace id, like ATVPDKIKX0DER"),
    "client_id": (
        r"amzn1\.application-oa2-client\.[a-z0-9]{20,64}",
        "must be the app's LWA client id",
    ),
    "client_secret": (r"\S{20,255}", "must be the app's LWA client secret"),
    "refresh_token": (r"Atzr\|\S{20,1000}", "must be the seller's refresh token (Atzr|…)"),
}
EBAY_FIELDS = {
    "username": (r"[A-Za-z0-9._*-]{2,64}", "must be your eBay user ID"),
    "marketplace_id": (r"EBAY_[A-Z]{2}", "must be the marketplace, like EBAY_US"),
    "client_id": (r"\S+-(PRD|SBX)-\S+", "must be the app's App ID (Client ID): …-PRD-…"),
    "client_secret": (r"(PRD|SBX)-\S{10,200}", "must be the app's Cert ID (Client Secret)"),
    "refresh_token": (r"v\^1\.1#\S{20,2000}", "must be the seller's refresh token (v^1.1#…)"),
}
WALMART_FIELDS = {
    "client_id": (r"[0-9a-fA-F-]{20,64}", "must be the API key's Client ID"),
    "client_secret": (r"\S{20,255}", "must be the API key's Client Secret"),
}
TIKTOK_FIELDS = {
    "shop_name": (r"\S.{0,99}", "must be the shop's name as Seller Center shows it"),
    "app_key": (r"[a-z0-9]{8,40}", "must be the app's App key"),
    "app_secret": (r"[a-z0-9]{20,100}", "must be the app's App secret"),
    "refresh_token": (r"\S{20,500}", "must be the shop's refresh token"),
}
ETSY_FIELDS = {
    "shop_name": (r"[A-Za-z0-9]{4,20}", "must be the shop's name, as in etsy.com/shop/<name>"),
    "keystring": (r"[a-z0-9]{20,40}", "must be the app's keystring"),
    "shared_secret": (  # sent beside the keystring on every call since 2026-02-09
        r"[A-Za-z0-9]{6,128}",
        "must be the app's shared secret (etsy.com/developers → Your apps → See API key details)",
    ),
    "refresh_token": (r"\d+\.\S{20,500}", "must be the shop owner's refresh token (<id>.…)"),
    "webhook_secret": (
        r"(whsec_[A-Za-z0-9+/=]{20,200})?",
        "must be the signing secret Etsy's webhook portal shows (whsec_…), or empty",
    ),
}
WEBHOOK_SIGNER = {  # the secret each delivery of a channel's order webhook is signed with
    "shopify": "webhook_secret",  # the app's client secret, given at connect if at all
    "tiktok_shop": "app_secret",
    "walmart": "webhook_secret",  # made by BizQ for the connection, given to Walmart
    "ebay": "verification_token",  # made by BizQ; eBay signs with its own published keys
    "etsy": "webhook_secret",  # from Etsy's webhook portal, given at connect if at all
}
MADE_BY_BIZQ = ("walmart", "ebay")  # channels whose webhook secret BizQ makes at connect
SELLER_REGISTERS = ("etsy",)  # the seller registers the address in the channel's portal:
# it is logged at connect, before the portal has given a secret
ACCOUNT_FIELD = {
    "amazon": "seller_id",
    "ebay": "username",
    "walmart": "client_id",
    "tiktok_shop": "shop_name",
    "etsy": "shop_name",
}
FORM_FIELDS = {
    "amazon": AMAZON_FIELDS,
    "ebay": EBAY_FIELDS,
    "walmart": WALMART_FIELDS,
    "tiktok_shop": TIKTOK_FIELDS,
    "etsy": ETSY_FIELDS,
}


@dataclass(frozen=True)
class Credentials:
    """What a connection's client is built from (read in a transaction, used after it)."""

    connection_id: uuid.UUID
    store_id: uuid.UUID
    channel: str
    account: str
    secrets: dict[str, str]
    location_id: str
    paused: bool
    rules: ChannelRules = NONE

    def client(self) -> ChannelClient:
        """A client of the connection; its access token is shared with every other one."""
        shared = saved_secrets.shared_tokens(self.connection_id)
        return registry.client(self.channel, self.account, self.secrets, shared)


def connect(
    *, open_session: OpenSession, user_id: uuid.UUID, store_id: uuid.UUID, fields: Mapping[str, Any]
) -> uuid.UUID:
    """Connect the store to a channel account; saved only once the channel accepted the
    credentials (connecting the same account again replaces its credentials).

    Raises:
        ValidationFailed: a missing or malformed field, or credentials the channel refused
            (``$.access_token``). Unavailable: the channel did not answer.
    """
    with open_session() as session:
        require(
            session=session,
            store_id=store_id,
            user_id=user_id,
            permission=Permission.MANAGE_SETTINGS,
        )
        member = account_lookups.find_user(session, user_id)
    channel, account, given = _checked(fields)
    if channel in MADE_BY_BIZQ:
        given[WEBHOOK_SIGNER[channel]] = os.urandom(32).hex()
    if channel == "ebay" and member is not None:  # eBay's alerts about notifications
        given["alert_email"] = member.email
    client = registry.client(channel, account, given, LocalTokens(given))  # saved rotated
    found = _ask(client, SECRET_FIELD[channel])
    with open_session() as session:
        row = session.exec(
            select(ChannelConnection).where(
                ChannelConnection.store_id == store_id,
                ChannelConnection.channel == channel,
                ChannelConnection.account == account,
            )
        ).first() or ChannelConnection(
            store_id=store_id, channel=channel, account=account, ciphertext=""
        )
        row.ciphertext = saved_secrets.sealed(given)
        row.last4, row.created_by_id = given[SECRET_FIELD[channel]][-4:], user_id
        _take(row, found)
        row.status, row.updated_at = ConnectionStatus.CONNECTED.value, utcnow()
        session.add(row)
        session.flush()
        log(session, row, "test", sent={"asked": "shop, locations"}, outcome=_described(found))
        connection_id = row.id
    tokens.forget(str(connection_id))  # an access token of the credentials replaced
    if given.get(WEBHOOK_SIGNER.get(channel, "")) or channel in SELLER_REGISTERS:
        _subscribe(open_session, channel, account, given, connection_id)
    return connection_id


PORTAL = (
    "Paid orders come at once once {url} is registered for them in the channel's webhook "
    "portal and its signing secret is given here (connect again with it); until then they "
    "are polled every five minutes."
)


def webhook_url(channel: str, connection_id: uuid.UUID) -> str:
    """Where the channel sends the connection's order webhook (``BIZQ_PUBLIC_URL``)."""
    public = (get_settings().public_url or "").rstrip("/")
    return f"{public}/api/channels/{connection_id}/webhooks/{channel}/orders"


def _subscribe(
    open_session: OpenSession,
    channel: str,
    account: str,
    given: dict[str, str],
    connection_id: uuid.UUID,
) -> None:
    """Register the channel's order webhook at BizQ's public address (``BIZQ_PUBLIC_URL``;
    each delivery is signed with the secret ``WEBHOOK_SIGNER`` names). Logged either way; a
    connection whose webhook is not registered still gets its orders by polling."""
    public = get_settings().public_url
    ok, outcome = (  # not a failed sync: the orders still come, by polling
        True,
        (
            "Order webhook not registered: set BIZQ_PUBLIC_URL to BizQ's public address "
            "(orders are polled every five minutes meanwhile)."
        ),
    )
    if public:
        url = webhook_url(channel, connection_id)
        shared = saved_secrets.shared_tokens(connection_id, open_session)  # the token saved
        client = registry.client(channel, account, given, shared)
        try:
            if client.subscribe_orders(url):
                ok, outcome = True, f"Order webhook registered at {url}."
            else:  # registered by the seller in the channel's own portal: not a failure
                ok, outcome = True, PORTAL.format(url=url)
        except IntegrationError as exc:
            outcome = f"Order webhook not registered ({exc.message}); orders are polled."
        finally:
            client.close()
    with open_session() as session:
        row = session.get(ChannelConnection, connection_id)
        if row is not None:
            log(session, row, "webhook", ok=ok, sent={"topic": "orders/create"}, outcome=outcome)


def test(*, open_session: OpenSession, user_id: uuid.UUID, connection_id: uuid.UUID) -> str:
    """Ask the channel who the saved credentials belong to; the answer is logged either
    way and returned in words.

    Raises:
        ValidationFailed: the channel refuses the saved credentials now. Unavailable.
    """
    with open_session() as session:
        credentials = read(session, user_id, connection_id, Permission.OPERATE)
    try:
        found = _ask(credentials.client())
    except Exception as exc:
        with open_session() as session:
            row = _row(session, connection_id)
            log(session, row, "test", ok=False, sent={"asked": "shop"}, outcome=_why(exc))
        raise
    with open_session() as session:
        row = _row(session, connection_id)
        _take(row, found)
        session.add(row)
        log(session, row, "test", sent={"asked": "shop"}, outcome=_described(found))
    return _described(found)


def pause(*, session: Session, user_id: uuid.UUID, connection_id: uuid.UUID) -> ChannelConnection:
    """Stop pushing to the channel until resumed (listings stay as they are there).

    Raises:
        Conflict: it is not connected now.
    """
    row = _owned(session, user_id, connection_id, Permission.OPERATE)
    what = f"The {row.channel} connection"
    status.change(session, row, (ConnectionStatus.CONNECTED,), ConnectionStatus.PAUSED, what)
    return row


def resume(*, session: Session, user_id: uuid.UUID, connection_id: uuid.UUID) -> ChannelConnection:
    row = _owned(session, user_id, connection_id, Permission.OPERATE)
    what = f"The {row.channel} connection"
    status.change(session, row, (ConnectionStatus.PAUSED,), ConnectionStatus.CONNECTED, what)
    return row


def disconnect(*, session: Session, user_id: uuid.UUID, connection_id: uuid.UUID) -> None:
    """Forget the connection, its credentials, its listings' links and its log (the
    listings stay on the channel)."""
    row = _owned(session, user_id, connection_id, Permission.MANAGE_SETTINGS)
    session.delete(row)
    db.on_commit(session, lambda: tokens.forget(str(connection_id)))


def due_for_poll(session: Session, minutes: int) -> list[uuid.UUID]:
    """Connected connections whose orders were not polled in the last ``minutes``."""
    since = utcnow() - timedelta(minutes=minutes)
    query = select(ChannelConnection.id).where(
        ChannelConnection.status == ConnectionStatus.CONNECTED.value,
        or_(
            col(ChannelConnection.orders_polled_at).is_(None),
            col(ChannelConnection.orders_polled_at) < since,
        ),
    )
    return list(session.exec(query).all())


def list_connections(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID
) -> list[ChannelConnection]:
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    query = select(ChannelConnection).where(ChannelConnection.store_id == store_id)
    return list(session.exec(query.order_by(col(ChannelConnection.created_at))).all())


def sync_log(
    *,
    session: Session,
    user_id: uuid.UUID,
    connection_id: uuid.UUID,
    limit: int = LOG_PAGE,
    offset: int = 0,
) -> tuple[list[SyncEntry], int]:
    """The connection's exchanges with its channel, newest first, and how many there are."""
    _owned(session, user_id, connection_id, Permission.VIEW)
    query = select(SyncEntry).where(SyncEntry.connection_id == connection_id)
    counted = select(func.count()).select_from(SyncEntry)
    total = int(session.exec(counted.where(SyncEntry.connection_id == connection_id)).one())
    page = session.exec(
        query.order_by(col(SyncEntry.created_at).desc()).offset(offset).limit(limit)
    )
    return list(page.all()), total


def read(
    session: Session, user_id: uuid.UUID, connection_id: uuid.UUID, permission: Permission
) -> Credentials:
    """The connection's credentials, for a user allowed ``permission`` on its store."""
    row = _owned(session, user_id, connection_id, permission)
    return credentials_of(row)


def read_row(
    session: Session,
    user_id: uuid.UUID,
    connection_id: uuid.UUID,
    permission: Permission = Permission.VIEW,
) -> ChannelConnection:
    """The connection, for a user allowed ``permission`` (viewing, by default) on its
    store; its credentials stay encrypted."""
    return _owned(session, user_id, connection_id, permission)


def credentials_of(row: ChannelConnection) -> Credentials:
    return Credentials(
        connection_id=row.id,
        store_id=row.store_id,
        channel=row.channel,
        account=row.account,
        secrets=saved_secrets.read(row),
        location_id=row.location_id,
        paused=row.status == ConnectionStatus.PAUSED.value,
        rules=rules.of(row.rules),
    )


def log(
    session: Session,
    row: ChannelConnection,
    kind: str,
    *,
    ok: bool = True,
    sent: dict[str, Any] | None = None,
    outcome: str = "",
    listing_id: uuid.UUID | None = None,
) -> None:
    """Write one line of the sync log (never a secret: callers send ids and quantities)."""
    session.add(
        SyncEntry(
            store_id=row.store_id,
            connection_id=row.id,
            listing_id=listing_id,
            kind=kind,
            ok=ok,
            sent=sent or {},
            outcome=outcome[:2000],
        )
    )


def _checked(fields: Mapping[str, Any]) -> tuple[str, str, dict[str, str]]:
    """The channel, the account on it and the secrets to save, every field checked."""
    channel = str(fields.get("channel") or "").strip().lower()
    if channel in FORM_FIELDS:
        return channel, *_form_fields(fields, FORM_FIELDS[channel], ACCOUNT_FIELD[channel])
    if channel != "shopify":
        raise ValidationFailed.field("$.channel", f"must be one of: {', '.join(registry.CHANNELS)}")
    errors: list[FieldError] = []
    account = str(fields.get("shop") or "").strip().lower().removeprefix("https://").rstrip("/")
    if not SHOP_ADDRESS.match(account):
        errors.append(
            FieldError("$.shop", "must be the shop's address, like your-shop.myshopify.com")
        )
    token = str(fields.get("access_token") or "").strip()
    if not 20 <= len(token) <= 255 or any(c.isspace() for c in token):
        errors.append(FieldError("$.access_token", "must be the Admin API access token (shpat_…)"))
    secret = str(fields.get("webhook_secret") or "").strip()
    if secret and not 16 <= len(secret) <= 255:
        errors.append(FieldError("$.webhook_secret", "must be the app's client secret"))
    if errors:
        raise ValidationFailed("Some connection details need attention.", errors)
    return channel, account, {"access_token": token, "webhook_secret": secret}


def _form_fields(
    fields: Mapping[str, Any], form: dict[str, tuple[str, str]], account_field: str
) -> tuple[str, dict[str, str]]:
    """A channel's connection form checked field by field: the account, and the secrets."""
    errors: list[FieldError] = []
    values = {k: str(fields.get(k) or "").strip() for k in form}
    for key, (pattern, says) in form.items():
        if not re.fullmatch(pattern, values[key]):
            errors.append(FieldError(f"$.{key}", says))
    if errors:
        raise ValidationFailed("Some connection details need attention.", errors)
    account = values.pop(account_field)
    return account, values


def _ask(client: ChannelClient, secret_field: str = "access_token") -> ChannelAccount:
    try:
        return client.account()
    except AuthenticationFailed as exc:
        raise ValidationFailed.field(f"$.{secret_field}", exc.message) from exc
    finally:
        client.close()


def _take(row: ChannelConnection, found: ChannelAccount) -> None:
    row.name, row.currency, row.location_id = (
        found.name[:255],
        found.currency[:3],
        found.location_id,
    )


def _described(found: ChannelAccount) -> str:
    return f"Connected to {found.name} ({found.domain}); prices in {found.currency}."


def _why(exc: Exception) -> str:
    return str(getattr(exc, "message", "") or exc.__class__.__name__)


def _row(session: Session, connection_id: uuid.UUID) -> ChannelConnection:
    row = session.get(ChannelConnection, connection_id)
    if row is None:
        raise NotFound("That channel connection does not exist.")
    return row


def _owned(
    session: Session, user_id: uuid.UUID, connection_id: uuid.UUID, permission: Permission
) -> ChannelConnection:
    row = _row(session, connection_id)
    require(session=session, store_id=row.store_id, user_id=user_id, permission=permission)
    return row
