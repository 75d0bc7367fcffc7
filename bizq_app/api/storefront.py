"""The public storefront's reads and visit counting (no account), for headless shops."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from bizq_app.api.deps import Client, SessionDep
from bizq_app.storefront import storefront, storefront_events, storefront_product

router = APIRouter(tags=["storefront"])


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
