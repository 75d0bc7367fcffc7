"""What other domains may read of the channels: each channel the store is connected to
and how many listings are live there (the executors' view of the store)."""

from __future__ import annotations

import uuid

from sqlalchemy import func
from sqlmodel import Session, col, select

from bizq_app.channels.models import ChannelConnection, ChannelListing, ListingState


def live_listings_by_channel(session: Session, store_id: uuid.UUID) -> dict[str, int]:
    """Channel → live listings, for every channel the store has a connection to."""
    connected = session.exec(
        select(ChannelConnection.channel).where(ChannelConnection.store_id == store_id)
    ).all()
    counted = session.exec(
        select(ChannelConnection.channel, func.count())
        .join(ChannelListing, col(ChannelListing.connection_id) == ChannelConnection.id)
        .where(
            ChannelConnection.store_id == store_id,
            ChannelListing.state == ListingState.LIVE.value,
        )
        .group_by(col(ChannelConnection.channel))
    ).all()
    return {**dict.fromkeys(connected, 0), **{c: int(n) for c, n in counted}}
