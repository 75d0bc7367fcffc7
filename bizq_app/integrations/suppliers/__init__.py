"""Suppliers that make and ship what a store sells: browse their catalog, place orders.

One interface, ``SupplierCatalogSource``; Printful is the first adapter
(``printful.PrintfulClient``) and ``registry`` picks the configured ones.
Ids are strings so any supplier's ids fit; money is ``Decimal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


@dataclass(frozen=True)
class CatalogProduct:
    """A blank product a supplier can print on and ship (a t-shirt model, a mug)."""

    id: str
    title: str
    kind: str  # the supplier's product type, e.g. "T-Shirt", "Mug"
    brand: str | None
    image_url: str | None
    variant_count: int


@dataclass(frozen=True)
class CatalogVariant:
    """One orderable version of a catalog product (a size and colour) and its base cost."""

    id: str
    product_id: str
    name: str
    size: str | None
    color: str | None
    price: Decimal
    currency: str
    in_stock: bool


@dataclass(frozen=True)
class Recipient:
    """Where a supplier order is shipped."""

    name: str
    address1: str
    city: str
    country_code: str
    zip: str
    state_code: str | None = None
    address2: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class SupplierOrderItem:
    """A variant, how many, what the customer paid each, and the print files' URLs."""

    variant_id: str
    quantity: int
    retail_price: Decimal | None = None
    file_urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class SupplierOrder:
    """An order to place with a supplier; ``external_id`` is BizQ's own reference, made
    from the order it fulfils: the key that makes placing it again safe."""

    recipient: Recipient
    items: tuple[SupplierOrderItem, ...]
    external_id: str | None = None
    confirm: bool = False  # False leaves a draft the merchant still has to confirm


@dataclass(frozen=True)
class SupplierOrderResult:
    """The supplier's reference for an order, its status and what it will cost BizQ."""

    reference: str
    status: str
    cost: Decimal
    currency: str


class SupplierCatalogSource(Protocol):
    """A supplier's catalog and order desk."""

    name: str

    def products(self, query: str = "") -> list[CatalogProduct]:
        """Catalog products whose title, type or brand contain every word of ``query``."""
        ...

    def variants(self, product_id: str) -> list[CatalogVariant]:
        """The orderable variants of one catalog product."""
        ...

    def place_order(self, order: SupplierOrder) -> SupplierOrderResult:
        """Send an order to the supplier; once per ``order.external_id`` (an order the
        supplier already holds under that id is returned, not placed again)."""
        ...

    def find_order(self, external_id: str) -> SupplierOrderResult | None:
        """The order the supplier holds under BizQ's ``external_id``, or None."""
        ...
