"""Trending product ideas from the starter products in BizQ's bundled niche data.

Scores rank the bundled products for a seller; they are indicative reference
figures, not live trend measurements, and the text says so. Reads only the input.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bizq_app.data.niches import (
    Niche,
    NicheMatch,
    StarterProduct,
    SubNiche,
    keywords_in,
    match_niche,
    niche_catalog,
)
from bizq_app.executors.market import clamp, clean, number, source_note, usd
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

TREND_BASE = {"low": 35, "medium": 55, "high": 72}
TREND_CROWD = {"low": 0, "medium": 8, "high": 16}
GENERIC_CAP = 40  # placeholders never look like a strong trend


def research_trending(run: Run, data: StoreData) -> dict[str, Any]:
    """The niche's starter products at or under ``max_price``, best first.

    Trend score (0-100): demand of the product's sub-niche (or the niche) low 35,
    medium 55, high 72; minus competition (medium 8, high 16); plus up to 12 for a
    gross margin above 60% (down to -10 below it); plus 6 when the product's keywords
    share words with the niche or audience given. A generic profile scores 40 at most.
    """
    text = clean(run.input.get("niche"))
    match = match_niche(text)
    niche = match.niche
    words = frozenset(keywords_in(f"{text} {clean(run.input.get('target_audience'))}"))
    limit = number(run.input.get("max_price"))
    fits = [p for p in niche.starter_products if limit is None or p.retail_price <= limit]
    scored = sorted(
        (_trending(p, niche, words) for p in fits),
        key=lambda row: (-row["trend_score"], row["name"]),
    )[: run.input.get("count", 5)]
    region = clean(run.input.get("region")) or "US"
    return {"products": scored, "summary": _trending_summary(text, match, scored, limit, region)}


def _trending(product: StarterProduct, niche: Niche, words: frozenset[str]) -> dict[str, Any]:
    sub = _sub_niche_of(product, niche)
    demand = sub.demand if sub else niche.demand
    competition = sub.competition if sub else niche.competition
    margin = (product.retail_price - product.unit_cost) / product.retail_price
    shared = sorted(words & {w for k in product.keywords for w in keywords_in(k)})
    score = TREND_BASE[demand] - TREND_CROWD[competition] + _margin_points(margin)
    score += 6 if shared else 0
    score = min(score, GENERIC_CAP) if niche.generic else score
    return {
        "name": product.title,
        "why_trending": _trend_reason(product, niche, sub, margin, shared),
        "trend_score": clamp(score),
        "estimated_price": float(product.retail_price),
        "estimated_cost": float(product.unit_cost),
        "competition_level": competition,
        "suggested_supplier_type": product.sourcing,
    }


def _sub_niche_of(product: StarterProduct, niche: Niche) -> SubNiche | None:
    """The sub-niche sharing the most words with the product's title and keywords."""
    own = set(keywords_in(product.title + " " + " ".join(product.keywords)))
    overlaps = [(len(own & set(keywords_in(s.name))), s) for s in niche.sub_niches]
    best = max(overlaps, key=lambda o: o[0], default=(0, None))
    return best[1] if best[0] else None


def _margin_points(margin: Decimal) -> int:
    return max(-10, min(12, int((margin - Decimal("0.6")) * 50)))


def _trend_reason(
    product: StarterProduct,
    niche: Niche,
    sub: SubNiche | None,
    margin: Decimal,
    shared: list[str],
) -> str:
    price = (
        f"sells around {usd(product.retail_price)} against about {usd(product.unit_cost)} "
        f"unit cost ({margin * 100:.0f}% gross margin)"
    )
    if niche.generic:
        return (
            f"Generic placeholder, not evidence of a trend: BizQ has no bundled data on "
            f"{niche.name.lower()}; {price} at generic prices."
        )
    where = sub or niche
    reason = (
        f"{where.name}: {where.demand} demand, {where.competition} competition in BizQ's "
        f"{niche_catalog().as_of} reference data; {price}; {niche.seasonality}."
    )
    return reason + (f" Matches your words: {', '.join(shared)}." if shared else "")


def _trending_summary(
    text: str, match: NicheMatch, rows: list[dict[str, Any]], limit: Decimal | None, region: str
) -> str:
    products = match.niche.starter_products
    cap = f" at or under {usd(limit)}" if limit is not None else ""
    if rows:
        found = (
            f"{len(rows)} product ideas{cap} for {region}; strongest: {rows[0]['name']} "
            f"(trend score {rows[0]['trend_score']})."
        )
    else:
        cheapest = min(products, key=lambda p: p.retail_price)
        found = (
            f"None of the {len(products)} starter products sells{cap}; the cheapest is "
            f"{cheapest.title} at {usd(cheapest.retail_price)}."
        )
    return f"{source_note(text, match)} {found}"
