"""Niche and market research from BizQ's bundled niche data (offline, indicative figures).

These executors read only their input and the bundled data, never the store. Text
that matches no bundled niche gets a generic profile, and every output built on it
says so plainly instead of presenting placeholders as market knowledge.

Over 400 lines on purpose: niche research is one scoring model (demand, competition,
margin, seasonality) whose parts read the same bundled profiles.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bizq_app.data.niches import (
    Niche,
    NicheMatch,
    SubNiche,
    keywords_in,
    match_niche,
    niche_catalog,
)
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

DEMAND_POINTS = {"low": 10, "medium": 22, "high": 32}
COMPETITION_POINTS = {"low": 25, "medium": 15, "high": 5}
EXPERIENCE_POINTS = {"beginner": 0, "intermediate": 6, "advanced": 12}
BEGINNER_IN_CROWD = -8  # a beginner in a high-competition niche rarely out-sells incumbents
ZERO_MOQ_POINTS = 6
UNKNOWN_BUDGET_POINTS = 12
GO, REFINE = 65, 45
PREMIUM_WORDS = frozenset({"luxury", "premium", "high-end", "affluent", "upscale", "wealthy"})
THRIFTY_WORDS = frozenset({"budget", "cheap", "affordable", "student", "students", "frugal"})
COMPETITOR_KINDS = (  # name, positioning, price band; the last only where zero-MOQ works
    (
        "Marketplace sellers",
        "many near-identical {niche} listings competing on price and review counts",
        "low",
    ),
    (
        "Established direct-to-consumer brands",
        "brand story, paid ads and subscriptions; hardest to beat where competition is "
        "{competition}, as in {niche}",
        "high",
    ),
    ("Independent and handmade shops", "personalisation, small batches, a maker's story", "high"),
    (
        "Other zero-stock shops (print-on-demand, dropshipping)",
        "the same supplier catalogs as yours; they differ on design and service",
        "low",
    ),
)
HOME_REGIONS = frozenset({"", "us", "usa", "united states", "uk", "united kingdom", "gb", "eu"})


def research_niche(run: Run, data: StoreData) -> dict[str, Any]:
    """Score a niche for a new store and rank its sub-niches for this seller.

    The viability score (0-100) adds up:

    * demand: low 10, medium 22, high 32;
    * competition: low 25, medium 15, high 5;
    * budget against the niche's startup cost: twice or more 25, enough 18, half 8,
      less 0, not given 12;
    * experience: beginner 0, intermediate 6, advanced 12, and a beginner in a
      high-competition niche loses 8;
    * 6 when zero-minimum suppliers can stock it.

    Verdict: go from 65, refine from 45, avoid below; an avoid becomes refine when a
    sub-niche scores 65 or more (narrow down to it). A generic profile (no bundled
    data) is never more than refine. Sub-niches are scored the same way with their own
    demand, competition and startup cost, best first.
    """
    text = clean(run.input.get("niche"))
    match = match_niche(text)
    niche = match.niche
    budget = number(run.input.get("starting_budget"))
    experience = run.input.get("experience") or "beginner"
    score = viability(
        niche.demand,
        niche.competition,
        niche.startup_cost,
        budget,
        experience,
        zero_moq=niche.zero_moq_friendly,
    )
    ranked = _ranked_sub_niches(niche, budget, experience)
    verdict = _verdict(score, ranked[0][1], niche.generic)
    shown = ranked[: run.input.get("sub_niche_count", 5)]
    return {
        "viability_score": score,
        "verdict": verdict,
        "sub_niches": [_sub_niche_out(sub, points, budget) for sub, points in shown],
        "recommended_sub_niche": ranked[0][0].name,
        "starter_products": [p.title for p in niche.starter_products],
        "zero_moq_friendly": niche.zero_moq_friendly,
        "summary": _niche_summary(text, match, budget, experience, score, verdict, ranked[0]),
    }


def viability(
    demand: str,
    competition: str,
    startup_cost: Decimal,
    budget: Decimal | None,
    experience: str,
    *,
    zero_moq: bool,
) -> int:
    """Points for demand, competition, budget fit, experience and zero-minimum sourcing,
    0-100 (the formula is in ``research_niche``)."""
    points = DEMAND_POINTS[demand] + COMPETITION_POINTS[competition]
    points += _budget_points(budget, startup_cost) + EXPERIENCE_POINTS.get(experience, 0)
    points += ZERO_MOQ_POINTS if zero_moq else 0
    if experience == "beginner" and competition == "high":
        points += BEGINNER_IN_CROWD
    return clamp(points)


def research_market(run: Run, data: StoreData) -> dict[str, Any]:
    """Demand, competition, segments, competitor types and prices for a niche."""
    text = clean(run.input.get("niche"))
    match = match_niche(text)
    niche = match.niche
    audience = clean(run.input.get("target_audience"))
    region = clean(run.input.get("region")) or "US"
    budget = number(run.input.get("budget"))
    low, high = _price_window(niche, audience)
    return {
        "summary": _market_summary(text, match, audience, region, budget),
        "demand_level": niche.demand,
        "competition_level": niche.competition,
        "trends": _trends(niche, text),
        "customer_segments": _segments(niche, audience, text),
        "top_competitors": _competitors(niche),
        "recommended_price_range": {"min": float(low), "max": float(high)},
        "opportunities": _opportunities(niche, audience),
        "risks": _risks(niche, budget),
    }


def _budget_points(budget: Decimal | None, startup_cost: Decimal) -> int:
    if budget is None:
        return UNKNOWN_BUDGET_POINTS
    if budget >= startup_cost * 2:
        return 25
    if budget >= startup_cost:
        return 18
    return 8 if budget * 2 >= startup_cost else 0


def _verdict(score: int, best_sub_niche: int, generic: bool) -> str:
    verdict = "go" if score >= GO else "refine" if score >= REFINE else "avoid"
    if verdict == "avoid" and best_sub_niche >= GO:
        return "refine"  # the niche as a whole is out of reach, but one corner of it is not
    return "refine" if generic and verdict == "go" else verdict


def _ranked_sub_niches(
    niche: Niche, budget: Decimal | None, experience: str
) -> list[tuple[SubNiche, int]]:
    scored = [
        (
            sub,
            viability(
                sub.demand,
                sub.competition,
                sub.startup_cost_estimate,
                budget,
                experience,
                zero_moq=niche.zero_moq_friendly,
            ),
        )
        for sub in niche.sub_niches
    ]
    return sorted(scored, key=lambda s: (-s[1], s[0].startup_cost_estimate, s[0].name))


def _sub_niche_out(sub: SubNiche, points: int, budget: Decimal | None) -> dict[str, Any]:
    cost = sub.startup_cost_estimate
    if budget is None:
        fit = f"about {usd(cost)} to start (no budget given)"
    elif budget >= cost:
        fit = f"about {usd(cost)} to start, within your {usd(budget)} budget"
    else:
        fit = f"about {usd(cost)} to start, more than your {usd(budget)} budget"
    return {
        "name": sub.name,
        "demand": sub.demand,
        "competition": sub.competition,
        "average_price": float(sub.average_price),
        "startup_cost_estimate": float(cost),
        "why": f"{sub.why} Scores {points}/100 for you: {fit}.",
    }


def _niche_summary(
    text: str,
    match: NicheMatch,
    budget: Decimal | None,
    experience: str,
    score: int,
    verdict: str,
    best: tuple[SubNiche, int],
) -> str:
    niche = match.niche
    money = f"a budget of {usd(budget)}" if budget is not None else "no budget given"
    seller = f"{'an' if experience[:1] in 'aeiou' else 'a'} {experience} seller"
    facts = (
        f"{score}/100 ({verdict}) for {seller} with {money}: demand {niche.demand}, "
        f"competition {niche.competition}, about {usd(niche.startup_cost)} to start."
    )
    advice = (
        f"If you test it anyway, start small with {best[0].name}."
        if niche.generic
        else f"Best start: {best[0].name}, {best[1]}/100 for you."
    )
    return f"{source_note(text, match)} {facts} {advice}"


def source_note(text: str, match: NicheMatch) -> str:
    """Where the figures for ``text`` come from and how firm they are: a bundled niche
    (with the data's date) or, plainly, generic placeholders."""
    catalog = niche_catalog()
    if match.generic:
        return (
            f"BizQ has no bundled data for {quoted(text)}; the figures below are generic "
            "placeholders, not market data, so check demand yourself before spending."
        )
    closeness = "" if match.confidence == "high" else f" ({match.confidence} confidence)"
    return (
        f"{quoted(text)} matched BizQ's {match.niche.name} data{closeness}, indicative "
        f"as of {catalog.as_of}."
    )


def _market_summary(
    text: str, match: NicheMatch, audience: str, region: str, budget: Decimal | None
) -> str:
    niche = match.niche
    who = audience or niche.audience
    parts = [
        source_note(text, match),
        f"Selling to {who} in {region}: demand is {niche.demand} and competition "
        f"{niche.competition}; prices run {usd(niche.price_range.min)}–"
        f"{usd(niche.price_range.max)}, orders average about "
        f"{usd(niche.average_order_value)}; seasonality: {niche.seasonality}.",
    ]
    if budget is not None:
        enough = "covers" if budget >= niche.startup_cost else "falls short of"
        parts.append(
            f"Your budget of {usd(budget)} {enough} the usual startup cost of about "
            f"{usd(niche.startup_cost)}."
        )
    if region.lower() not in HOME_REGIONS:
        parts.append(f"BizQ's figures describe US, UK and EU stores; check them for {region}.")
    return " ".join(parts)


def _trends(niche: Niche, text: str) -> list[str]:
    if niche.generic:
        return [
            f"No bundled trend data for {quoted(text)}: compare search interest over the "
            "last 12 months and count marketplace listings before committing."
        ]
    trends = [f"Seasonality: {niche.seasonality}."]
    rising = [s.name for s in niche.sub_niches if s.demand == "high"]
    quiet = [s.name for s in niche.sub_niches if s.competition == "low"]
    if rising:
        trends.append(f"Demand is strongest for {join_words(rising)}.")
    if quiet:
        trends.append(f"Least crowded corners: {join_words(quiet)}.")
    if niche.zero_moq_friendly:
        trends.append("Zero-minimum and print-on-demand suppliers let shops test without stock.")
    return trends


def _segments(niche: Niche, audience: str, text: str) -> list[dict[str, Any]]:
    segments = [_audience_segment(niche, audience, text)] if audience else []
    placeholder = "Placeholder segment (no bundled data): " if niche.generic else ""
    for sub in niche.sub_niches[: 4 - len(segments)]:
        segments.append(
            {
                "name": f"{capital(sub.name)} buyers",
                "needs": f"{placeholder}{sub.name} at around {usd(sub.average_price)}.",
                "price_sensitivity": _sensitivity(niche, sub.average_price),
            }
        )
    return segments


def _audience_segment(niche: Niche, audience: str, text: str) -> dict[str, Any]:
    """The owner's audience, with the sub-niche whose wording is closest to it."""
    words = set(keywords_in(f"{audience} {text}"))
    ranked = [sub for sub, _ in _ranked_sub_niches(niche, None, "intermediate")]
    best = max(ranked, key=lambda s: len(words & set(keywords_in(f"{s.name} {s.why}"))))
    lowered = set(audience.lower().replace(",", " ").split())
    sensitivity = (
        "low" if lowered & PREMIUM_WORDS else "high" if lowered & THRIFTY_WORDS else "medium"
    )
    return {
        "name": capital(audience),
        "needs": f"Products chosen for them; closest fit in BizQ's data: {best.name.lower()}.",
        "price_sensitivity": sensitivity,
    }


def _sensitivity(niche: Niche, price: Decimal) -> str:
    low, high = niche.price_range.min, niche.price_range.max
    if high <= low:
        return "medium"
    position = (price - low) / (high - low)
    return (
        "high" if position < Decimal("0.33") else "low" if position > Decimal("0.66") else "medium"
    )


def _competitors(niche: Niche) -> list[dict[str, Any]]:
    """Kinds of competitor (never invented names), priced from the niche's range."""
    low, high = niche.price_range.min, niche.price_range.max
    mid = ((low + high) / 2).quantize(Decimal("1"))
    bands = {"low": f"{usd(low)}–{usd(mid)}", "high": f"{usd(mid)}–{usd(high)}"}
    kinds = COMPETITOR_KINDS if niche.zero_moq_friendly else COMPETITOR_KINDS[:-1]
    typical = "Typical in most niches: " if niche.generic else ""
    return [
        {
            "name": name,
            "positioning": capital(
                typical
                + positioning.format(niche=niche.name.lower(), competition=niche.competition)
            ),
            "price_range": bands[band],
        }
        for name, positioning, band in kinds
    ]


def _price_window(niche: Niche, audience: str) -> tuple[Decimal, Decimal]:
    """The niche's price range, narrowed to its upper or lower half for premium or
    price-conscious audiences."""
    low, high = niche.price_range.min, niche.price_range.max
    mid = ((low + high) / 2).quantize(Decimal("1"))
    words = set(audience.lower().replace(",", " ").split())
    if words & PREMIUM_WORDS:
        return mid, high
    if words & THRIFTY_WORDS:
        return low, mid
    return low, high


def _opportunities(niche: Niche, audience: str) -> list[str]:
    found = [
        f"{s.name}: {s.competition} competition with {s.demand} demand. {s.why}"
        for s in niche.sub_niches
        if s.competition == "low" or (s.demand == "high" and s.competition != "high")
    ]
    found.append(
        f"Bundles and gift sets lift orders above the typical {usd(niche.average_order_value)}."
    )
    if audience:
        found.append(
            f"Product pages and ads written for {audience} stand out from generic listings."
        )
    return found


def _risks(niche: Niche, budget: Decimal | None) -> list[str]:
    risks = list(niche.risks)
    if niche.competition == "high":
        risks.append("Crowded market: paid ads and marketplace fees eat margins for new shops.")
    if budget is not None and budget < niche.startup_cost:
        risks.append(
            f"A budget of {usd(budget)} is below the usual startup cost of about "
            f"{usd(niche.startup_cost)}: start with one sub-niche and zero-stock suppliers."
        )
    if "peak" in niche.seasonality:
        risks.append(f"Seasonal sales: {niche.seasonality}. Plan cash for the quiet months.")
    return risks


def clamp(points: int) -> int:
    """``points`` limited to a 0-100 score."""
    return max(0, min(100, points))


def number(value: object) -> Decimal | None:
    """A JSON number as a Decimal; None when absent or not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return Decimal(str(value))


def clean(value: object) -> str:
    """Text with its whitespace collapsed (an absent value reads as empty)."""
    return " ".join(value.split()) if isinstance(value, str) else ""


def quoted(text: str) -> str:
    """The niche as the owner wrote it, in quotes, for summaries."""
    return f"“{text}”" if text else "an unnamed niche"


def join_words(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c`` (empty for no items)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def capital(text: str) -> str:
    """``text`` with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def usd(amount: Decimal) -> str:
    """``amount`` in dollars, without cents when it is whole."""
    whole = amount == amount.to_integral_value()
    return f"${amount:,.0f}" if whole else f"${amount:,.2f}"
