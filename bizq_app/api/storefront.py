"""The public storefront's reads and visit counting (no account), for headless shops."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Response, status
from fastapi.responses import HTMLResponse
from jinja2 import Environment
from pydantic import BaseModel, Field

from bizq_app.api.deps import Client, SessionDep
from bizq_app.api.schemas import Body
from bizq_app.sales import quotes
from bizq_app.storefront import storefront, storefront_events, storefront_product

router = APIRouter(tags=["storefront"])
SHARE_PAGE = Environment(autoescape=True).from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{{ card.title }}</title>
<meta name="description" content="{{ card.description }}">
<meta property="og:type" content="product">
<meta property="og:title" content="{{ card.title }}">
<meta property="og:description" content="{{ card.description }}">
<meta property="og:url" content="{{ card.url }}">
{% if card.image %}<meta property="og:image" content="{{ card.image }}">{% endif %}
<meta property="product:price:amount" content="{{ card.price }}">
<meta property="product:price:currency" content="{{ card.currency }}">
<meta name="twitter:card" content="{{ 'summary_large_image' if card.image else 'summary' }}">
<link rel="canonical" href="{{ card.url }}">
<meta http-equiv="refresh" content="0; url={{ card.url }}">
</head><body><p><a href="{{ card.url }}">{{ card.title }}</a></p></body></html>
"""
)


@router.get("/storefront/{slug}")
def shop(slug: str, session: SessionDep, q: str = "") -> dict[str, Any]:
    """The shop's brand and its products on sale (``q`` searches titles)."""
    return {
        "shop": storefront.shopfront(session=session, slug=slug),
        "products": storefront.listings(session=session, slug=slug, search=q),
    }


@router.get("/storefront/{slug}/products/{product_id}")
def product(slug: str, product_id: str, session: SessionDep) -> storefront_product.ProductView:
    """One product with its variants (price and availability each) and its reviews."""
    return storefront_product.product_view(session=session, slug=slug, product_id=product_id)


@router.get("/storefront/{slug}/products/{product_id}/share", response_class=HTMLResponse)
def share(slug: str, product_id: str, session: SessionDep) -> HTMLResponse:
    """The product's shareable address: a page with its Open Graph title, description,
    picture and price (what chat apps and social sites show), which sends browsers on
    to the product's page."""
    card = storefront_product.share_card(session=session, slug=slug, product_id=product_id)
    return HTMLResponse(SHARE_PAGE.render(card=card))


@router.post("/storefront/{slug}/events", status_code=status.HTTP_204_NO_CONTENT)
def visit(slug: str, body: dict[str, Any], session: SessionDep, client: Client) -> Response:
    """Count a page ``view`` or an ``add_to_cart`` (``{"kind", "visitor", "product_id"?}``;
    ``visitor`` is a random id the shop keeps in the browser); limited per address."""
    storefront_events.record(
        session=session,
        slug=slug,
        kind=str(body.get("kind", "")),
        visitor=str(body.get("visitor", "")),
        product_id=body.get("product_id"),
        client=client,
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


class QuoteLineIn(Body):
    product_id: str = Field(max_length=40)
    quantity: int = Field(ge=1, le=quotes.MAX_QUANTITY)
    options: dict[str, str] = {}


class QuoteIn(Body):
    lines: list[QuoteLineIn] = Field(min_length=1, max_length=quotes.MAX_LINES)
    shipping_method: str = "standard"
    country: str = Field(default="", max_length=2, description="ISO 3166-1 alpha-2, if known")


class QuotedLineOut(BaseModel):
    product_id: str
    options: dict[str, str]
    title: str
    unit_price: Decimal
    quantity: int
    line_total: Decimal


class ShippingChoiceOut(BaseModel):
    method: str
    name: str
    price: Decimal = Field(description="0 when the order ships free")


class QuoteOut(BaseModel):
    currency: str
    lines: list[QuotedLineOut]
    subtotal: Decimal
    shipping_method: str
    shipping_choices: list[ShippingChoiceOut]
    shipping: Decimal
    taxes: list[dict[str, Any]] = Field(description="name and amount of each; none yet")
    total: Decimal = Field(description="what checkout charges for this cart")
    free_shipping_from: Decimal


@router.post("/storefront/{slug}/quote")
def quote(slug: str, body: QuoteIn, session: SessionDep) -> QuoteOut:
    """What a cart costs at the shop's prices: each line, the subtotal, every shipping
    choice with its price, taxes and the total checkout will charge (``Decimal`` amounts
    in the shop's currency)."""
    found = quotes.quote(session=session, store_slug=slug, fields=body.model_dump())
    return QuoteOut(
        **{k: v for k, v in vars(found).items() if k not in ("lines", "shipping_choices", "taxes")},
        taxes=[vars(t) for t in found.taxes],
        lines=[
            QuotedLineOut(**{**vars(ln), "product_id": str(ln.product_id)}) for ln in found.lines
        ],
        shipping_choices=[ShippingChoiceOut(**vars(c)) for c in found.shipping_choices],
    )
