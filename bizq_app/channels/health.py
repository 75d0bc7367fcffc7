"""How each of a store's sales channels is doing, at a glance: live listings, listings in
error or behind (a push that failed or was held), orders waiting for the seller, and the
last exchange with the channel — for the dashboard's channel-health block."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from bizq_app.accounts.permissions import Permission, require
from bizq_app.channels.models import (
    ChannelConnection,
    ChannelListing,
    ConnectionStatus,
    ListingState,
    OrderHold,
    SyncEntry,
)
from bizq_app.integrations.channels import registry


@dataclass(frozen=True)
class Health:
    connection_id: uuid.UUID
    name: str  # the shop's name, and the channel's
    status: str  # connected or paused
    live: int
    troubled: int  # in error, or whose last push failed or was held
    waiting: int  # orders held for the seller
    last_at: datetime | None  # the last exchange with the channel
    last_ok: bool

    @property
    def healthy(self) -> bool:
        return self.status == ConnectionStatus.CONNECTED.value and not (
            self.troubled or self.waiting or not self.last_ok
        )

    def described(self) -> str:
        parts = [self.status, f"{self.live} live"]
        if self.troubled:
            parts.append(f"{self.troubled} with a problem")
        if self.waiting:
            parts.append(f"{self.waiting} order{'s' if self.waiting != 1 else ''} waiting")
        if self.last_at is not None:
            when = self.last_at.strftime("%d %b %H:%M")
            parts.append(f"last sync {when}" + ("" if self.last_ok else " failed"))
        return " · ".join(parts)


def of_store(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> list[Health]:
    """Each connection of the store, oldest first (for members who may view the store)."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    rows = session.exec(
        select(ChannelConnection)
        .where(ChannelConnection.store_id == store_id)
        .order_by(col(ChannelConnection.created_at))
    ).all()
    if not rows:
        return []
    ids = [row.id for row in rows]
    listed = session.exec(
        select(
            ChannelListing.connection_id,
            func.count().filter(col(ChannelListing.state) == ListingState.LIVE.value),
            func.count().filter(
                or_(
                    col(ChannelListing.state) == ListingState.ERROR.value,
                    col(ChannelListing.last_error) != "",
                )
            ),
        )
        .where(col(ChannelListing.connection_id).in_(ids))
        .group_by(col(ChannelListing.connection_id))
    ).all()
    counts = {cid: (int(live), int(troubled)) for cid, live, troubled in listed}
    held = session.exec(
        select(OrderHold.connection_id, func.count())
        .where(col(OrderHold.connection_id).in_(ids), col(OrderHold.resolved_at).is_(None))
        .group_by(col(OrderHold.connection_id))
    ).all()
    waiting = {cid: int(n) for cid, n in held}
    found = []
    for row in rows:
        last_at, last_ok = _last(session, row.id)
        label = registry.CHANNELS.get(row.channel, row.channel)
        found.append(
            Health(
                connection_id=row.id,
                name=f"{row.name or row.account} ({label})",
                status=row.status,
                live=counts.get(row.id, (0, 0))[0],
                troubled=counts.get(row.id, (0, 0))[1],
                waiting=waiting.get(row.id, 0),
                last_at=last_at,
                last_ok=last_ok,
            )
        )
    return found


def _last(session: Session, connection_id: uuid.UUID) -> tuple[datetime | None, bool]:
    entry = session.exec(
        select(SyncEntry.created_at, SyncEntry.ok)
        .where(SyncEntry.connection_id == connection_id)
        .order_by(col(SyncEntry.created_at).desc())
        .limit(1)
    ).first()
    return (entry[0], bool(entry[1])) if entry else (None, True)
