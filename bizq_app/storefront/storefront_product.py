"""One product's public page on the storefront: photos, description, its variants
(each with price and availability), and what buyers said about it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from bizq_app.accounts import stores
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog.models import Product, ProductStatus
from bizq_app.core.errors import NotFound
from bizq_app.core.settings import get_settings
from bizq_app.inventory import stock
from bizq_app.sales import reviews
from bizq_app.storefront import storefront

SHARE_TEXT = 200  # characters of the description a share card shows


@dataclass(frozen=True)
class Choice:
    """One variant: its options, what it costs and whether it can be bought."""

    options: dict[str, str]
    label: str
    price: str
    availability: str
    in_stock: int


@dataclass(frozen=True)
class ProductView:
    id: uuid.UUID
    title: str
    description: str
    images: list[str]
    price: str  # the lowest price when variants differ
    availability: str
    in_stock: int
    option_names: list[str]
    choices: list[Choice]
    rating: reviews.Rating
    reviews: list[dict[str, str]]


def _choice(product: Product, variant: dict[str, Any]) -> Choice:
    left = stock.available(product, variant["options"])
    return Choice(
        options=dict(variant["options"]),
        label=stock.label(variant["options"]),
        price=str(variant["price"]),
        availability=storefront.availability(left),
        in_stock=left,
    )


def product_view(*, session: Session, slug: str, product_id: str) -> ProductView:
    """The product as a buyer sees it (no cost, supplier or exact stock beyond "only N left").

    Raises:
        NotFound: no such product on sale at this shop.
    """
    store = stores.store_at(session, slug)
    product = catalog_lookups.find_product(session, product_id)
    if (
        product is None
        or product.store_id != store.id
        or product.status != ProductStatus.ACTIVE.value
    ):
        raise NotFound("This product is not for sale here.")
    choices = [_choice(product, v) for v in product.variants]
    names = list(dict.fromkeys(n for c in choices for n in c.options))
    listing = storefront.listing(product)
    return ProductView(
        id=product.id,
        title=product.title,
        description=product.description,
        images=list(product.images),
        price=min((c.price for c in choices), key=Decimal) if choices else str(product.price),
        availability=listing.availability,
        in_stock=listing.in_stock,
        option_names=names,
        choices=choices,
        rating=reviews.rating(session, product.id),
        reviews=[
            {
                "author": r.author or "A buyer",
                "rating": str(r.rating),
                "text": r.text,
                "date": r.created_at.strftime("%Y-%m-%d"),
            }
            for r in reviews.of_product(session, product.id)
        ],
    )


@dataclass(frozen=True)
class ShareCard:
    """What a link to the product shows where it is shared (Open Graph): its page's
    address, a title with the shop's name, a short description and the first picture."""

    url: str
    title: str
    description: str
    image: str  # an absolute address, or "" when the product has no picture
    price: str
    currency: str


def share_card(*, session: Session, slug: str, product_id: str) -> ShareCard:
    """The product's share card.

    Raises:
        NotFound: no such product on sale at this shop.
    """
    view = product_view(session=session, slug=slug, product_id=product_id)
    shop = storefront.shopfront(session=session, slug=slug)
    base = get_settings().base_url
    text = " ".join(view.description.split())
    image = view.images[0] if view.images else ""
    return ShareCard(
        url=f"{base}/s/{slug}/p/{view.id}",
        title=f"{view.title} · {shop.name}",
        description=text if len(text) <= SHARE_TEXT else text[: SHARE_TEXT - 1].rstrip() + "…",
        image=image if image.startswith(("http://", "https://")) or not image else base + image,
        price=view.price,
        currency=shop.currency,
    )
