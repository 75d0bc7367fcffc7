"""What a store's public storefront shows: its brand and the products on sale.

Public, so only public fields leave here (no costs, suppliers or stock counts
beyond "in stock" / "only N left").
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session

from bizq_app.accounts import store_settings, stores
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog.models import Product
from bizq_app.core import colours

LOW = 5


@dataclass(frozen=True)
class Shopfront:
    name: str
    slug: str
    tagline: str
    accent: str
    on_accent: str  # black or white, whichever reads better on ``accent`` (WCAG AA)
    currency: str


@dataclass(frozen=True)
class Listing:
    id: uuid.UUID
    title: str
    description: str
    price: str
    image: str
    availability: str  # "In stock", "Only 3 left", "Sold out"
    in_stock: int
    options: str  # "" or the option names a buyer picks on the product's page ("size, colour")


def shopfront(*, session: Session, slug: str) -> Shopfront:
    """The store's public face (name and brand from its brand identity, if any).

    Raises:
        NotFound: no live store at that address.
    """
    store = stores.store_at(session, slug)
    brand = store_settings.brand_of(store)
    return Shopfront(
        name=brand.name,
        slug=store.slug,
        tagline=brand.tagline,
        accent=brand.accent,
        on_accent=colours.readable_text_colour(brand.accent),
        currency=store.currency,
    )


def listings(*, session: Session, slug: str, search: str = "", limit: int = 60) -> list[Listing]:
    """Active products, by title; ``search`` matches the title."""
    store = stores.store_at(session, slug)
    return [listing(p) for p in catalog_lookups.active_products(session, store.id, search, limit)]


def listing(product: Product) -> Listing:
    left = product.inventory_quantity
    names = dict.fromkeys(n for v in product.variants for n in v.get("options", {}))
    prices = [Decimal(str(v["price"])) for v in product.variants] or [product.price]
    return Listing(
        product.id,
        product.title,
        product.description,
        str(min(prices)),
        product.images[0] if product.images else "",
        availability(left),
        max(left, 0),
        ", ".join(names),
    )


def availability(left: int) -> str:
    """What a buyer is told about stock: never the exact count unless it is low."""
    return "Sold out" if left <= 0 else f"Only {left} left" if left <= LOW else "In stock"
