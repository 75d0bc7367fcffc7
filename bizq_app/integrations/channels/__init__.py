"""Marketplaces and other shops a store sells on: one interface, ``ChannelClient``.

Shopify (``shopify.ShopifyClient``, the Admin GraphQL API) and Amazon
(``amazon.AmazonClient``, the Selling Partner API) are the adapters;
``registry`` builds a client for a connection's channel from its saved credentials.
A client is told what to publish and what quantity to show; it never reads BizQ's
database, and BizQ never holds a database transaction open while it calls one. A client
whose channel signs in with a refresh token gets its access token from a ``TokenSource``:
its own (``LocalTokens``) while a connection is made, else the connection's, shared by
all its clients with one refresh at a time (``tokens.SharedTokens``).
Money is ``Decimal``; quantities are whole units.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Protocol

from bizq_app.core.errors import IntegrationError


@dataclass(frozen=True)
class ChannelAccount:
    """Who the credentials belong to, as the channel says (shown on *Test connection*)."""

    name: str
    domain: str
    currency: str
    location_id: str  # where the channel keeps the stock BizQ sets


@dataclass(frozen=True)
class VariantDraft:
    """One sellable version of a listing, known to both sides by its SKU."""

    sku: str
    price: Decimal
    quantity: int | None  # None: not sent (the channel keeps its own figure)
    options: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ListingDraft:
    """What to publish: the product as the channel will show it."""

    title: str
    description: str
    variants: tuple[VariantDraft, ...]
    external_id: str = ""  # the channel's product id when it is already listed
    active: bool = True
    omit: frozenset[str] = frozenset()  # fields the seller keeps on the channel: not sent
    currency: str = ""  # of the prices
    images: tuple[str, ...] = ()  # public https:// addresses, the main image first
    # what the product is, by the channel's own names (eBay's item specifics: "Brand")
    aspects: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class PublishedListing:
    """The channel's ids for a listing: the product, and each variant's stock item by SKU."""

    external_id: str
    url: str
    stock_items: dict[str, str]  # SKU → the channel's inventory item id


@dataclass(frozen=True)
class ListedVariant:
    """A variant already on the channel: its SKU, stock item and quantity at the location."""

    sku: str
    stock_item: str
    quantity: int


@dataclass(frozen=True)
class ListedProduct:
    """A product already listed on the channel, as found there."""

    external_id: str
    url: str
    title: str
    variants: tuple[ListedVariant, ...]


@dataclass(frozen=True)
class ListedPage:
    products: tuple[ListedProduct, ...]
    next_page: str | None  # where the next page starts; None on the last one


@dataclass(frozen=True)
class QuantityChange:
    """Show ``quantity`` for a stock item, if the channel still holds ``expected``;
    ``movement`` names the stock movement it carries out (so a retry is known as one)."""

    stock_item: str
    quantity: int
    expected: int | None = None
    movement: str = ""


@dataclass(frozen=True)
class OrderLine:
    sku: str
    quantity: int
    unit_price: Decimal
    title: str = ""


@dataclass(frozen=True)
class ChannelOrder:
    """An order placed on the channel, as BizQ needs it."""

    external_id: str
    name: str  # what the channel and the buyer call it, like "#1001"
    updated_at: str  # the channel's timestamp, ISO 8601: the import cursor
    email: str
    buyer: str
    currency: str
    lines: tuple[OrderLine, ...]
    shipping: Decimal
    shipping_address: dict[str, str]
    shipping_service: str
    # when the buyer placed it, as the channel says (ISO 8601): before the connection was
    # made, the order is the seller's history however late it comes; "" when not told
    placed_at: str = ""


@dataclass(frozen=True)
class OrderPage:
    orders: tuple[ChannelOrder, ...]
    next_page: str | None  # where the next page starts; None on the last one


CARRIERS = (  # the carrier a tracking number's form tells, by the code Amazon and eBay take
    (re.compile(r"1Z[0-9A-Z]{16}"), "UPS"),
    (re.compile(r"9[234]\d{18,20}"), "USPS"),
    (re.compile(r"\d{12}|\d{15}"), "FedEx"),
)


def epoch_time(seconds: object) -> str:
    """A channel's moment in whole seconds since the epoch as ISO 8601 in UTC; "" when the
    channel gave none."""
    if seconds in (None, ""):
        return ""
    return datetime.fromtimestamp(int(str(seconds)), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def carrier_of(tracking_number: str) -> str:
    """``UPS``, ``USPS`` or ``FedEx`` by the number's form; "" when it says none of them."""
    return next((name for form, name in CARRIERS if form.fullmatch(tracking_number)), "")


@dataclass(frozen=True)
class Grant:
    """What a channel's refresh-token grant handed back."""

    access_token: str
    expires_in: int  # seconds from now
    refresh_token: str = ""  # a new one to use next time, when the channel rotates it


RefreshGrant = Callable[[str], Grant]
"""A client's refresh-token grant: the refresh token to use in, the channel's answer out
(raises ``AuthenticationFailed`` when the channel refuses it, or ``Unavailable``)."""

TOKEN_MARGIN_SECONDS = 60  # an access token is renewed this long before it expires


class TokenSource(Protocol):
    """Where a client gets its access token: ``grant`` runs only when no access token it
    may use is at hand (``tokens.SharedTokens``: one per connection, in every process)."""

    def access_token(self, grant: RefreshGrant) -> str: ...


class LocalTokens:
    """One client's own tokens (a connection being made): the access token kept in memory
    until it nearly expires; a refresh token the channel hands back in place of the one
    used replaces it in ``secrets``, the caller's own dict (which connecting saves)."""

    def __init__(self, secrets: dict[str, str]) -> None:
        self._secrets, self._token, self._until = secrets, "", 0.0
        self._lock = threading.Lock()

    def access_token(self, grant: RefreshGrant) -> str:
        with self._lock:
            if self._token and time.monotonic() < self._until:
                return self._token
            got = grant(self._secrets.get("refresh_token", ""))
            if got.refresh_token:
                self._secrets["refresh_token"] = got.refresh_token
            self._token = got.access_token
            self._until = time.monotonic() + got.expires_in - TOKEN_MARGIN_SECONDS
            return self._token


class OrderReader(Protocol):
    """A client that reads one order by id (for webhooks that only name it)."""

    def order(self, external_id: str) -> ChannelOrder | None: ...


class ChannelRejected(IntegrationError):
    """The channel refused what was sent; ``message`` is the channel's own words."""

    code = "channel_rejected"
    status = 422


class ChannelClient(Protocol):
    """What BizQ asks of a sales channel."""

    name: str
    listing_per_sku: bool  # True: the channel lists each SKU on its own (Amazon's offers)

    def account(self) -> ChannelAccount:
        """The account the credentials open (the connection test).

        Raises:
            AuthenticationFailed: the credentials are wrong. Unavailable: the channel is down.
        """
        ...

    def publish(self, draft: ListingDraft, location_id: str) -> PublishedListing:
        """Create the listing, or update the one with ``draft.external_id``.

        Raises:
            ChannelRejected: the channel refused it (its message says why).
        """
        ...

    def listed(self, location_id: str, page: str | None = None) -> ListedPage:
        """One page of the products already on the channel, with each variant's quantity
        at the location (to link them to BizQ's by SKU)."""
        ...

    def set_quantities(self, changes: list[QuantityChange], location_id: str) -> None:
        """Show each quantity on the channel.

        Raises:
            ChannelRejected: the channel refused it (a quantity changed there meanwhile).
        """
        ...

    def orders_since(self, updated_after: str, page: str | None = None) -> OrderPage:
        """Orders changed after ``updated_after`` (ISO 8601), oldest change first, one page."""
        ...

    def subscribe_orders(self, callback_url: str) -> bool:
        """Have the channel send each new order to ``callback_url``; False when it cannot
        (orders are then polled).

        Raises:
            ChannelRejected: the channel refused the address.
        """
        ...

    def ship(self, order_external_id: str, tracking_number: str) -> None:
        """Mark the channel's order shipped with its tracking number.

        Raises:
            ChannelRejected: the channel refused it (already fulfilled, say).
        """
        ...

    def close(self) -> None: ...
