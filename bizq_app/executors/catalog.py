"""A starter catalog from the bundled niche data and supplier catalog.

Each product starts from one of the niche's starter products and is costed
from the best-ranked bundled supplier offer for it (its entry price tier);
when no supplier in the catalog fits, it keeps the niche data's indicative
unit cost and says that a supplier is still to be found. When the niche has
fewer starter products than asked for, the best offers for the niche's
keywords fill the list. Prices end in .99; SKUs are numbered per niche.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from bizq_app.core.errors import ValidationFailed
from bizq_app.data.niches import Niche, StarterProduct, match_niche
from bizq_app.executors.pricing import charm
from bizq_app.executors.store_data import StoreData
from bizq_app.sourcing import sourcing
from bizq_app.tasks.task_runs import Run

NOT_FOUND = "No bundled supplier yet: run 'Find suppliers' for it"
CONFIRM = "supplies this category; confirm it stocks this item"
SAMPLE_SHARE = Decimal("0.5")  # of the budget, for one sample of each product


def generate_catalog(run: Run, data: StoreData) -> dict[str, Any]:
    """Up to ``count`` draft products for the niche, each with price, cost and supplier."""
    match = match_niche(str(run.input.get("niche", "")))
    niche = match.niche
    count = int(run.input.get("count", 10))
    audience = str(run.input.get("target_audience", "")).strip() or niche.audience
    products = [_from_starter(s, niche, audience) for s in niche.starter_products[:count]]
    if len(products) < count:
        taken = {p["title"] for p in products}
        products += _from_offers(niche, audience, count - len(products), taken)
    prefix = _prefix(niche)
    for number, product in enumerate(products, start=1):
        product["sku"] = f"{prefix}-{number:03d}"
    return {"products": _within_budget(products, run.input.get("budget"))}


def _from_starter(starter: StarterProduct, niche: Niche, audience: str) -> dict[str, Any]:
    offer = _best_offer(" ".join(starter.keywords) or starter.title, starter.retail_price)
    price = charm(starter.retail_price)
    if offer is not None:
        cost, supplier = offer.tier.unit_cost, offer.supplier.name
    else:  # the niche data's cost; a supplier of the right kind for the category, to confirm
        cost, supplier = starter.unit_cost, _category_supplier(niche, starter.sourcing)
    return {
        "title": starter.title,
        "description": _description(starter.description, audience),
        "price": float(price),
        "cost": float(cost),
        "sku": "",
        "supplier_name": supplier,
        "image_prompt": _image_prompt(starter.title, audience),
    }


def _from_offers(niche: Niche, audience: str, wanted: int, taken: set[str]) -> list[dict[str, Any]]:
    query = " ".join(niche.keywords[:6]) or niche.name
    found: list[dict[str, Any]] = []
    for ranked in _search(query, None, limit=wanted * 3):
        title = ranked.offer.product
        if title in taken or len(found) >= wanted:
            continue
        taken.add(title)
        words = ", ".join(ranked.offer.keywords[:3])
        found.append(
            {
                "title": title,
                "description": _description(f"{title} — {words}.", audience),
                "price": float(charm(ranked.offer.suggested_retail)),
                "cost": float(ranked.tier.unit_cost),
                "sku": "",
                "supplier_name": ranked.supplier.name,
                "image_prompt": _image_prompt(title, audience),
            }
        )
    return found


def _category_supplier(niche: Niche, kind: str) -> str:
    if niche.category:
        for kinds in ([kind], []):
            found = _search(niche.category, None, limit=1, kinds=kinds)
            if found:
                return f"{found[0].supplier.name} ({CONFIRM})"
    return NOT_FOUND


def _best_offer(query: str, price: Decimal) -> sourcing.RankedOffer | None:
    found = _search(query, price, limit=1)
    return found[0] if found and found[0].match >= Decimal("0.5") else None


def _search(
    query: str, price: Decimal | None, limit: int, kinds: list[str] | None = None
) -> list[sourcing.RankedOffer]:
    try:
        return sourcing.search(
            query=query,
            target_price=price if price and price > 0 else None,
            limit=limit,
            kinds=kinds or (),
        )
    except ValidationFailed:  # nothing usable in the words: no offer
        return []


def _within_budget(products: list[dict[str, Any]], budget: object) -> list[dict[str, Any]]:
    """Keep to what half the budget can sample (one unit each); never fewer than three."""
    if not isinstance(budget, (int, float)) or budget <= 0:
        return products
    allowance = Decimal(str(budget)) * SAMPLE_SHARE
    kept: list[dict[str, Any]] = []
    spent = Decimal(0)
    for product in sorted(products, key=lambda p: p["cost"]):
        spent += Decimal(str(product["cost"]))
        if spent > allowance and len(kept) >= 3:
            break
        kept.append(product)
    order = {id(p): i for i, p in enumerate(products)}
    return sorted(kept, key=lambda p: order[id(p)])


def _description(text: str, audience: str) -> str:
    return f"{text.strip()} Made for {audience}." if audience else text.strip()


def _image_prompt(title: str, audience: str) -> str:
    who = f", styled for {audience}" if audience else ""
    return f"Studio product photo of {title} on a plain light background, soft daylight{who}."


def _prefix(niche: Niche) -> str:
    letters = re.sub(r"[^A-Za-z]", "", niche.name).upper()
    return (letters[:3] or "PRD").ljust(3, "X")
