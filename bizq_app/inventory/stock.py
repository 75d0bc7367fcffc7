"""Stock of products and of their variants: set aside by checkout, put back when a
payment fails, an order is cancelled or a refund restocks.

A product with variants (``[{"options": {"size": "M"}, "price", "sku", "stock"}]``)
is sold by variant: the buyer picks one by its options, the variant's stock is what
can be sold, and the product's ``inventory_quantity`` is the sum of its variants'.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, Protocol

from sqlmodel import Session

from bizq_app.core import events

Options = Mapping[str, str]
LOW_STOCK = 5  # units: at or under this, a product raises ``inventory.low``


class Product(Protocol):
    """What stock reads and moves on a product row (the catalog's table)."""

    id: Any
    store_id: uuid.UUID
    title: str
    sku: str | None
    price: Decimal
    inventory_quantity: int
    variants: list[dict[str, Any]]


def label(options: Options) -> str:
    """``"M / Red"``: the choices in the order the variant names its options."""
    return " / ".join(str(v) for v in options.values())


def same(a: Options, b: Options) -> bool:
    return dict(a) == dict(b)


def variant_of(product: Product, options: Options) -> dict[str, Any] | None:
    return next((v for v in product.variants if same(v.get("options", {}), options)), None)


def available(product: Product, options: Options) -> int:
    """Units that can be sold of the product (or of its variant with ``options``)."""
    if not product.variants:
        return max(product.inventory_quantity, 0)
    variant = variant_of(product, options)
    return max(int(variant.get("stock", 0)), 0) if variant else 0


def price(product: Product, options: Options) -> Decimal:
    variant = variant_of(product, options) if product.variants else None
    return Decimal(str(variant["price"])) if variant else product.price


def take(product: Product, options: Options, quantity: int) -> None:
    """Set ``quantity`` units aside (checked by the caller, which holds the row lock)."""
    _move(product, options, -quantity)


def put_back(session: Session, lines: Iterable[tuple[Product | None, Options, int]]) -> None:
    """Return ``(product, options, quantity)`` units to their products (and variants);
    a line whose product is gone is skipped."""
    for product, options, quantity in lines:
        if product is not None:
            _move(product, options, quantity)
            session.add(product)


def stock_changed(session: Session, product: Product, before: int) -> None:
    """Raise ``inventory.low`` when a product's stock falls to ``LOW_STOCK`` or under."""
    if before > LOW_STOCK >= product.inventory_quantity:
        events.emit(
            session,
            product.store_id,
            "inventory.low",
            {
                "product_id": str(product.id),
                "title": product.title,
                "sku": product.sku or "",
                "inventory_quantity": product.inventory_quantity,
            },
        )


def total_of(variants: list[dict[str, Any]]) -> int:
    """A product's stock when it has variants: theirs, summed."""
    return sum(int(v.get("stock", 0)) for v in variants)


def _move(product: Product, options: Options, change: int) -> None:
    if product.variants and options:
        variants = [dict(v) for v in product.variants]  # a new list, so the change is saved
        for variant in variants:
            if same(variant.get("options", {}), options):
                variant["stock"] = int(variant.get("stock", 0)) + change
        product.variants = variants
    product.inventory_quantity += change
