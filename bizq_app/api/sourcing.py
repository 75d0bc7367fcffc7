"""``/api/suppliers``: search the supplier catalog, ranked, with the score explained."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from bizq_app.api.deps import CurrentUser
from bizq_app.api.schemas import PageOut
from bizq_app.sourcing import sourcing
from bizq_app.sourcing.live_suppliers import live_suppliers

router = APIRouter(prefix="/suppliers", tags=["suppliers"])


class OfferOut(BaseModel):
    supplier: str
    kind: str
    platform: str
    website: str
    product: str
    category: str
    moq: int
    unit_cost: str
    suggested_retail: str
    target_price: str
    margin_percent: str
    first_order_cost: str
    shipping_days: str
    private_label: bool
    score: int
    reasons: list[str]

    @classmethod
    def of(cls, r: sourcing.RankedOffer) -> OfferOut:
        s = r.supplier
        return cls(
            supplier=s.name,
            kind=s.kind,
            platform=s.platform,
            website=s.website,
            product=r.offer.product,
            category=r.offer.category,
            moq=r.tier.min_qty,
            unit_cost=str(r.tier.unit_cost),
            suggested_retail=str(r.offer.suggested_retail),
            target_price=str(r.target_price),
            margin_percent=str(r.margin_percent),
            first_order_cost=str(r.first_order_cost),
            shipping_days=f"{s.shipping_days_min}–{s.shipping_days_max}",
            private_label=s.private_label,
            score=r.score,
            reasons=list(r.reasons),
        )


MAX_MONEY = 1_000_000_000  # a bound far above any real budget, price or order quantity


@router.get("/search")
def search(
    _user: CurrentUser,
    q: Annotated[str, Query(max_length=150, description="What you want to sell")] = "",
    budget: Annotated[Decimal | None, Query(ge=0, le=MAX_MONEY)] = None,
    target_price: Annotated[Decimal | None, Query(ge=0, le=MAX_MONEY)] = None,
    max_moq: Annotated[int | None, Query(ge=0, le=MAX_MONEY)] = None,
    ship_to: str = "US",
    kinds: Annotated[list[str] | None, Query(description="zero_moq, dropship, ...")] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> PageOut[OfferOut]:
    """Offers from BizQ's bundled supplier catalog, best fit first; each score part is
    explained (niche fit 40, margin 25, first order vs budget 15, shipping 15, rating 5)."""
    ranked = sourcing.search(
        query=q,
        budget=budget,
        target_price=target_price,
        max_moq=max_moq,
        ship_to=ship_to,
        kinds=kinds or (),
        limit=limit,
        live=live_suppliers(q),
    )
    items = [OfferOut.of(r) for r in ranked]
    return PageOut(items=items, total=len(items), limit=limit, offset=0)
