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
from bizq_app.channels.models.delivery import KeptDelivery

__all__ = [
    "ChannelConnection",
    "ChannelListing",
    "ConnectionStatus",
    "KeptDelivery",
    "ListingState",
    "OrderHold",
    "OrderLink",
    "SyncEntry",
]
