"""A store's connections to other sales channels: connect (only once the channel
accepted the credentials), test, pause, resume, disconnect; and the sync log.

The channel is always asked outside a database transaction: the permission and the
row are read in one short transaction, the channel is called, and what it said is
written in another.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from bizq_app.accounts.permissions import Permission, require
from bizq_app.channels import rules
from bizq_app.channels.models import ChannelConnection, ConnectionStatus, SyncEntry
from bizq_app.channels.rules import NONE, ChannelRules
from bizq_app.core import crypto, status
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import AuthenticationFailed, FieldError, NotFound, ValidationFailed
from bizq_app.integrations.channels import ChannelAccount, ChannelClient, registry

PURPOSE = "channel-credentials"
SHOP_ADDRESS = re.compile(r"^[a-z0-9][a-z0-9-]{0,60}\.myshopify\.com$")
LOG_PAGE = 50


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
        return registry.client(self.channel, self.account, self.secrets)


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
    channel, account, token, webhook_secret = _checked(fields)
    found = _ask(registry.client(channel, account, {"access_token": token}))
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
        secrets = {"access_token": token, "webhook_secret": webhook_secret}
        row.ciphertext = crypto.encrypt(json.dumps(secrets), PURPOSE)
        row.last4, row.created_by_id = token[-4:], user_id
        _take(row, found)
        row.status, row.updated_at = ConnectionStatus.CONNECTED.value, utcnow()
        session.add(row)
        session.flush()
        log(session, row, "test", sent={"asked": "shop, locations"}, outcome=_described(found))
        return row.id


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


def read_row(session: Session, user_id: uuid.UUID, connection_id: uuid.UUID) -> ChannelConnection:
    """The connection, for a user who may view its store."""
    return _owned(session, user_id, connection_id, Permission.VIEW)


def credentials_of(row: ChannelConnection) -> Credentials:
    return Credentials(
        connection_id=row.id,
        store_id=row.store_id,
        channel=row.channel,
        account=row.account,
        secrets=json.loads(crypto.decrypt(row.ciphertext, PURPOSE)),
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


def _checked(fields: Mapping[str, Any]) -> tuple[str, str, str, str]:
    errors: list[FieldError] = []
    channel = str(fields.get("channel") or "").strip().lower()
    if channel not in registry.CHANNELS:
        errors.append(FieldError("$.channel", f"must be one of: {', '.join(registry.CHANNELS)}"))
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
    return channel, account, token, secret


def _ask(client: ChannelClient) -> ChannelAccount:
    try:
        return client.account()
    except AuthenticationFailed as exc:
        raise ValidationFailed.field("$.access_token", exc.message) from exc
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
