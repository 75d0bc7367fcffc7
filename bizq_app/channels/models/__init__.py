"""The channels domain's tables."""

from bizq_app.channels.models.channel import (
    ChannelConnection,
    ChannelListing,
    ConnectionStatus,
    ListingState,
    OrderHold,
    OrderLink,
    SyncEntry,
)

__all__ = [
    "ChannelConnection",
    "ChannelListing",
    "ConnectionStatus",
    "ListingState",
    "OrderHold",
    "OrderLink",
    "SyncEntry",
]
