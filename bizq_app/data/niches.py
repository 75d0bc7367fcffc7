"""The bundled niche reference data (``niches.json``) and a matcher from free text to a niche.

Figures are indicative, compiled for planning in the month ``as_of`` says; whoever
shows them must say so. Text that matches no bundled niche gets a generic profile
built from its own words, marked ``generic`` so that nobody mistakes it for market data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

LEVELS = ("low", "medium", "high")
SECONDARY_WEIGHT = Decimal("0.5")  # a word known only from a product or sub-niche counts half
STOP_WORDS = frozenset(
    """a an and the for of to in on at by with from my our your their i we me us it is are be
    store shop online sell selling seller sales product products brand business niche idea
    stuff things item items new best top cheap good""".split()
)
WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class PriceRange:
    """Typical retail prices, low and high end."""

    min: Decimal
    max: Decimal


@dataclass(frozen=True)
class SubNiche:
    """A corner of a niche, with the reasoning behind its figures."""

    name: str
    demand: str
    competition: str
    average_price: Decimal
    startup_cost_estimate: Decimal
    why: str


@dataclass(frozen=True)
class StarterProduct:
    """A first product to sell; ``sourcing`` is a supplier kind (zero_moq, dropship, ...)."""

    title: str
    description: str
    retail_price: Decimal
    unit_cost: Decimal
    sourcing: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class BrandHints:
    """Palettes (hex colours, main colour first), voice adjectives and common values."""

    palettes: tuple[tuple[str, ...], ...]
    voice: tuple[str, ...]
    values: tuple[str, ...]


@dataclass(frozen=True)
class Niche:
    """One niche; ``generic`` marks a profile made from the words of unmatched text."""

    id: str
    name: str
    category: str | None
    keywords: tuple[str, ...]
    audience: str
    demand: str
    competition: str
    seasonality: str
    price_range: PriceRange
    average_order_value: Decimal
    zero_moq_friendly: bool
    startup_cost: Decimal
    risks: tuple[str, ...]
    sub_niches: tuple[SubNiche, ...]
    starter_products: tuple[StarterProduct, ...]
    brand: BrandHints
    generic: bool = False


@dataclass(frozen=True)
class NicheCatalog:
    """Every bundled niche, and how current and how firm the figures are."""

    as_of: str
    note: str
    currency: str
    niches: tuple[Niche, ...]


@dataclass(frozen=True)
class NicheMatch:
    """The niche that best fits some text, how sure the match is, and the words that matched.

    ``confidence`` is ``high``, ``medium`` or ``low`` for a bundled niche and ``none`` for
    the generic fallback.
    """

    niche: Niche
    confidence: str
    matched: tuple[str, ...]

    @property
    def generic(self) -> bool:
        """Whether no bundled niche fitted and the profile is generic."""
        return self.niche.generic


@lru_cache(maxsize=1)
def niche_catalog() -> NicheCatalog:
    """The bundled niche data, read once per process."""
    text = resources.files("bizq_app.data").joinpath("niches.json").read_text("utf-8")
    document = json.loads(text)
    return NicheCatalog(
        as_of=document["as_of"],
        note=document["note"],
        currency=document["currency"],
        niches=tuple(_niche(raw) for raw in document["niches"]),
    )


def niche_by_id(niche_id: str) -> Niche:
    """The bundled niche with this id.

    Raises:
        KeyError: no bundled niche has that id.
    """
    for niche in niche_catalog().niches:
        if niche.id == niche_id:
            return niche
    raise KeyError(niche_id)


def keywords_in(text: str) -> tuple[str, ...]:
    """The meaningful words of ``text``: lowercase, singular, without stop words, in order."""
    seen: dict[str, None] = {}
    for word in _words(text):
        if word not in STOP_WORDS and len(word) > 1:
            seen.setdefault(word)
    return tuple(seen)


@lru_cache(maxsize=512)
def match_niche(text: str) -> NicheMatch:
    """The bundled niche whose keywords best overlap ``text`` (case and plural tolerant).

    A niche's own keywords count by their number of words (a two-word phrase outweighs
    a single word); words known only from its sub-niches or starter products count half.
    Ties go to the niche listed first. Confidence is ``high`` when a niche keyword
    matched and at least half the meaningful words of the text were recognised,
    ``medium`` when a niche keyword matched and a quarter of them were (or, from
    products and sub-niches alone, half), and ``low`` for a niche keyword among many
    unknown words. Text with no niche keyword and under half its words recognised,
    or none at all, gets a generic profile.

    Args:
        text: Free text naming a niche, e.g. "organic dog treats"; may be empty.

    Returns:
        The match; ``match.generic`` is True for the fallback profile.
    """
    words = keywords_in(text)
    tokens = frozenset(_words(text))
    best: tuple[Decimal, Niche, frozenset[str], bool] | None = None
    for niche in niche_catalog().niches:
        score, hits, primary = _score(niche, tokens)
        if score > 0 and (best is None or score > best[0]):
            best = (score, niche, hits, primary)
    if best is None:
        return NicheMatch(generic_niche(text), "none", ())
    _, niche, hits, primary = best
    matched = tuple(w for w in words if w in hits)
    confidence = _confidence(len(matched), len(words), primary)
    if confidence == "none":
        return NicheMatch(generic_niche(text), "none", ())
    return NicheMatch(niche, confidence, matched)


def generic_niche(text: str) -> Niche:
    """A profile for a niche BizQ has no data on, built from the words of ``text``.

    Levels are the middle ones and prices a broad small-shop range: placeholders,
    not knowledge of that market. Every text in it says it is generic.
    """
    words = keywords_in(text)[:6]
    surface = [w for w in WORD.findall(text.lower()) if _singular(w) in words][:6]
    subject = " ".join(dict.fromkeys(surface)) if surface else "general products"
    return Niche(
        id="generic",
        name=subject[:1].upper() + subject[1:],
        category=None,
        keywords=words,
        audience="your target customers",
        demand="medium",
        competition="medium",
        seasonality="unknown (BizQ has no bundled seasonality data for this niche)",
        price_range=PriceRange(Decimal("15"), Decimal("50")),
        average_order_value=Decimal("35"),
        zero_moq_friendly=False,
        startup_cost=Decimal("500"),
        risks=(
            f"BizQ has no bundled data on {subject}: check search volumes and marketplace "
            "listings before buying stock.",
        ),
        sub_niches=_generic_sub_niches(subject),
        starter_products=_generic_products(subject),
        brand=BrandHints(
            palettes=(
                ("#2B2D42", "#8D99AE", "#EDF2F4", "#EF233C"),
                ("#1F2937", "#F59E0B", "#F9FAFB", "#6B7280"),
            ),
            voice=("clear", "friendly", "honest"),
            values=("quality", "fair prices", "helpful service"),
        ),
        generic=True,
    )


def _words(text: str) -> list[str]:
    return [_singular(w) for w in WORD.findall(text.lower())]


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _score(niche: Niche, tokens: frozenset[str]) -> tuple[Decimal, frozenset[str], bool]:
    """Weighted overlap of ``tokens`` with the niche, the words that hit, and whether
    any of the niche's own keywords matched."""
    score, hits = Decimal(0), set()
    for keyword in niche.keywords:
        parts = _words(keyword)
        if parts and all(p in tokens for p in parts):
            score += len(parts)
            hits.update(parts)
    primary = score > 0
    secondary = _secondary_words(niche) & tokens - hits - STOP_WORDS
    score += SECONDARY_WEIGHT * len(secondary)
    return score, frozenset(hits | secondary), primary


@lru_cache(maxsize=64)
def _secondary_words(niche: Niche) -> frozenset[str]:
    words = {w for p in niche.starter_products for k in p.keywords for w in _words(k)}
    words.update(w for s in niche.sub_niches for w in _words(s.name))
    return frozenset(w for w in words if len(w) > 2)


def _confidence(matched: int, meaningful: int, primary: bool) -> str:
    share = Decimal(matched) / meaningful if meaningful else Decimal(0)
    if primary:
        return (
            "high" if share >= Decimal("0.5") else "medium" if share >= Decimal("0.25") else "low"
        )
    return "medium" if share >= Decimal("0.5") else "none"


def _generic_sub_niches(subject: str) -> tuple[SubNiche, ...]:
    note = (
        f"Generic template: BizQ has no bundled data on {subject}, so the figures are placeholders"
    )
    rows = (
        (f"Entry-level {subject}", "20", "300", "a low price keeps the first stock order small"),
        (f"{subject} gift sets", "35", "400", "gift sets lift the order value in most niches"),
        (f"Premium {subject}", "45", "600", "premium ranges need more samples and photography"),
        (f"{subject} accessories", "15", "250", "add-ons are cheap to test alongside a main range"),
    )
    return tuple(
        SubNiche(name, "medium", "medium", Decimal(price), Decimal(cost), f"{note}; {reason}.")
        for name, price, cost, reason in rows
    )


def _generic_products(subject: str) -> tuple[StarterProduct, ...]:
    title = subject[:1].upper() + subject[1:]
    rows = (
        (f"{title} starter set", "24.99", "9.00"),
        (f"{title} gift box", "34.99", "12.50"),
        (f"Premium {subject}", "44.99", "16.00"),
        (f"{title} sampler", "14.99", "5.20"),
        (f"{title} accessory", "12.99", "4.10"),
    )
    note = "Placeholder idea with generic prices: confirm demand and a supplier before listing."
    return tuple(
        StarterProduct(
            name, note, Decimal(price), Decimal(cost), "dropship", tuple(subject.split())
        )
        for name, price, cost in rows
    )


def _niche(raw: dict[str, Any]) -> Niche:
    return Niche(
        id=raw["id"],
        name=raw["name"],
        category=raw["category"],
        keywords=tuple(raw["keywords"]),
        audience=raw["audience"],
        demand=raw["demand"],
        competition=raw["competition"],
        seasonality=raw["seasonality"],
        price_range=PriceRange(
            _money(raw["price_range"]["min"]), _money(raw["price_range"]["max"])
        ),
        average_order_value=_money(raw["average_order_value"]),
        zero_moq_friendly=raw["zero_moq_friendly"],
        startup_cost=_money(raw["startup_cost"]),
        risks=tuple(raw["risks"]),
        sub_niches=tuple(_sub_niche(s) for s in raw["sub_niches"]),
        starter_products=tuple(_product(p) for p in raw["starter_products"]),
        brand=BrandHints(
            palettes=tuple(tuple(p) for p in raw["brand"]["palettes"]),
            voice=tuple(raw["brand"]["voice"]),
            values=tuple(raw["brand"]["values"]),
        ),
    )


def _sub_niche(raw: dict[str, Any]) -> SubNiche:
    return SubNiche(
        name=raw["name"],
        demand=raw["demand"],
        competition=raw["competition"],
        average_price=_money(raw["average_price"]),
        startup_cost_estimate=_money(raw["startup_cost_estimate"]),
        why=raw["why"],
    )


def _product(raw: dict[str, Any]) -> StarterProduct:
    return StarterProduct(
        title=raw["title"],
        description=raw["description"],
        retail_price=_money(raw["retail_price"]),
        unit_cost=_money(raw["unit_cost"]),
        sourcing=raw["sourcing"],
        keywords=tuple(raw["keywords"]),
    )


def _money(value: float | int) -> Decimal:
    return Decimal(str(value))
