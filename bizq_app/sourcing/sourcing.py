"""Sourcing: rank the bundled suppliers' offers for what an owner wants to sell.

The one supplier-ranking rule; the UI, the REST API and the task executors call it.

Hard filters drop an offer outright: a query none of whose words it matches,
a supplier that does not ship to ``ship_to``, a kind or private-label choice the
owner ruled out, a minimum order above ``max_moq`` (0 counts as 1: one unit per
order), and a first order (minimum quantity x entry unit cost, plus the
supplier's plan or setup fee) above ``budget``. Every offer left gets a score
out of 100, the sum of five parts, each explained in ``RankedOffer.reasons``:

=============  ======  ==========================================================
part           points  full points when (scaled linearly below that)
=============  ======  ==========================================================
match          40      every query word is in the product, keywords or category
margin         25      70% margin or more at the target price (0 points at 0%)
first order    15      with a budget: none of it spent; without: no minimum order
                       (MOQ <= 50: 10, MOQ <= 500: 5, larger: 0)
shipping       15      delivered within 5 days (0 points at 30 days or more)
rating         5       rated 5/5
=============  ======  ==========================================================

Ties keep a stable order: by supplier name, then product. Words are compared
lower-case and singular ("Candles" matches "candle"), without stop words.

Over 400 lines on purpose: the ranking's score parts (price, minimum order, shipping,
margin, cash) share the same criteria and offers and are read together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from types import MappingProxyType

from bizq_app.core.errors import ValidationFailed
from bizq_app.core.money import CENT, format_amount
from bizq_app.data.suppliers import KINDS, Offer, PriceTier, Supplier, supplier_catalog

MATCH_POINTS, MARGIN_POINTS, FIRST_ORDER_POINTS, SHIPPING_POINTS, RATING_POINTS = 40, 25, 15, 15, 5
FULL_MARGIN = Decimal(70)  # percent
FAST_DAYS, SLOW_DAYS = 5, 30
MAX_COVER_MONTHS = 2  # a bulk order should sell within this many months
BULK_MOQ = 250  # minimum orders from here up are "bulk"; 2-249 are "low MOQ"
SAME_PRODUCT = Decimal("0.5")  # share of the title's words an offer must match

STOP_WORDS = frozenset(
    "a an and any at best buy by cheap for from good i in is it my new of on or our product "
    "products sell selling source sourcing store shop supplier suppliers that the to want we "
    "what where which with you your".split()
)
EU_MEMBERS = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
COUNTRY_NAMES = MappingProxyType(
    {
        "usa": "US", "united states": "US", "united states of america": "US", "america": "US",
        "canada": "CA", "uk": "GB", "united kingdom": "GB", "great britain": "GB",
        "britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
        "australia": "AU", "new zealand": "NZ", "germany": "DE", "france": "FR",
        "spain": "ES", "italy": "IT", "netherlands": "NL", "ireland": "IE",
        "belgium": "BE", "austria": "AT", "portugal": "PT", "sweden": "SE",
        "denmark": "DK", "finland": "FI", "poland": "PL", "europe": "EU",
        "european union": "EU", "worldwide": "WORLD", "world": "WORLD",
    }
)  # fmt: skip


@dataclass(frozen=True)
class ScorePart:
    """One part of a score: why, and how many of its ``weight`` points it earned."""

    text: str
    points: int
    weight: int


@dataclass(frozen=True)
class RankedOffer:
    """An offer that passed the filters, its score out of 100 and why."""

    supplier: Supplier
    offer: Offer
    tier: PriceTier  # the entry tier: the smallest order the supplier takes
    score: int
    margin_percent: Decimal
    first_order_cost: Decimal
    target_price: Decimal
    match: Decimal  # share of the query's words the offer matched (0 with no words)
    parts: tuple[ScorePart, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """Each part of the score in words, with its points."""
        return tuple(f"{p.text} ({p.points}/{p.weight} points)" for p in self.parts)


@dataclass(frozen=True)
class BulkOption:
    """A cheaper way to buy a product the store already sells, and what it saves."""

    supplier: Supplier
    offer: Offer
    tier: PriceTier
    stage: str  # zero_moq, low_moq or bulk
    order_quantity: int  # 0 when nothing is bought ahead (one unit per customer order)
    upfront_cash: Decimal
    unit_saving: Decimal
    monthly_saving: Decimal  # after any monthly plan fee
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class _Criteria:
    terms: tuple[str, ...]
    budget: Decimal | None
    target_price: Decimal | None
    max_moq: int | None
    country: str
    kinds: frozenset[str]
    private_label: bool | None


def search(
    *,
    query: str,
    budget: Decimal | None = None,
    target_price: Decimal | None = None,
    max_moq: int | None = None,
    ship_to: str = "US",
    kinds: Sequence[str] = (),
    private_label: bool | None = None,
    limit: int = 10,
    one_per_supplier: bool = False,
    live: Sequence[Supplier] = (),
) -> list[RankedOffer]:
    """Offers that fit the owner's criteria, best first (see the module docstring).

    Args:
        query: What the owner wants to sell, in their words; blank considers every product.
        budget: Cash for the first order; None: no limit.
        target_price: The owner's selling price; None: each offer's suggested retail.
        max_moq: Largest minimum order accepted (0 means one unit per order).
        ship_to: Country code or name the goods ship to ("US", "Germany", "EU").
        kinds: Supplier kinds to include (see ``KINDS``); empty: all.
        private_label: True: only suppliers that brand the product; False: only those
            that do not; None: either.
        limit: How many offers to return at most.
        one_per_supplier: Keep only each supplier's best offer.
        live: Suppliers read live from their own catalogs (``live_suppliers``), ranked
            by the same rule as the bundled ones.

    Raises:
        ValidationFailed: a negative budget or max_moq, a target price under a cent,
            an unknown kind, a limit under 1 or a blank ship_to.
    """
    wanted = _criteria(query, budget, target_price, max_moq, ship_to, kinds, private_label)
    if limit < 1:
        raise ValidationFailed.field("$.limit", "must be at least 1")
    ranked = [
        found
        for supplier in (*supplier_catalog().suppliers, *live)
        if _supplier_fits(supplier, wanted)
        for offer in supplier.offers
        if (found := _ranked(supplier, offer, wanted)) is not None
    ]
    ranked.sort(key=lambda r: (-r.score, r.supplier.name, r.offer.product))
    return (_best_per_supplier(ranked) if one_per_supplier else ranked)[:limit]


def bulk_alternatives(
    *, product_title: str, current_unit_cost: Decimal, monthly_units: int, ship_to: str = "US"
) -> list[BulkOption]:
    """Cheaper offers for the same kind of product at an order size the sales can carry.

    An offer counts as the same kind of product when it matches at least half the
    title's words. Each of its price tiers is an option when the tier's minimum order
    sells within ``MAX_COVER_MONTHS`` months at ``monthly_units`` (so ~50 a month
    reaches MOQ 100, ~250 a month MOQ 500) and it saves money after any monthly plan
    fee. Best monthly saving first; smaller orders of the same offer follow, for owners
    with less cash.

    Raises:
        ValidationFailed: a blank title, a negative cost or negative monthly units.
    """
    terms = _terms(product_title)
    if not product_title.strip():
        raise ValidationFailed.field("$.product_title", "is required")
    _at_least_zero("$.current_unit_cost", current_unit_cost)
    if monthly_units < 0:
        raise ValidationFailed.field("$.monthly_units", "must be 0 or more")
    country = country_code(ship_to)
    options = [
        option
        for supplier in supplier_catalog().suppliers
        if _serves(supplier, country)
        for offer in supplier.offers
        if terms and len(_matched(terms, offer)) >= SAME_PRODUCT * len(terms)
        for tier in offer.tiers
        if tier.min_qty <= monthly_units * MAX_COVER_MONTHS
        if (option := _bulk_option(supplier, offer, tier, current_unit_cost, monthly_units))
    ]
    return sorted(
        options,
        key=lambda o: (-o.monthly_saving, o.supplier.name, o.offer.product, o.tier.min_qty),
    )


def country_code(ship_to: str) -> str:
    """``ship_to`` as a code: "US", "GB", "DE", "EU", "WORLD"; an unknown country as written.

    Raises:
        ValidationFailed: ``ship_to`` has no letters or digits.
    """
    words = " ".join(re.findall(r"[^\W_]+", ship_to.lower()))
    if not words:
        raise ValidationFailed.field("$.ship_to", "is required")
    if words in COUNTRY_NAMES:
        return COUNTRY_NAMES[words]
    return words.upper() if len(words) <= 3 else words.title()


def first_order_cost(supplier: Supplier, tier: PriceTier) -> Decimal:
    """Cash for the smallest order at ``tier``: units x unit cost, plus any plan or setup fee."""
    return tier.min_qty * tier.unit_cost + (supplier.setup_fee or 0)


def _criteria(
    query: str,
    budget: Decimal | None,
    target_price: Decimal | None,
    max_moq: int | None,
    ship_to: str,
    kinds: Sequence[str],
    private_label: bool | None,
) -> _Criteria:
    if budget is not None:
        _at_least_zero("$.budget", budget)
    if target_price is not None and not (target_price.is_finite() and target_price >= CENT):
        raise ValidationFailed.field("$.target_price", f"must be at least {CENT}")
    if max_moq is not None and max_moq < 0:
        raise ValidationFailed.field("$.max_moq", "must be 0 or more")
    unknown = sorted(set(kinds) - set(KINDS))
    if unknown:
        raise ValidationFailed.field(
            "$.kinds", f"unknown kind {unknown[0]!r}: use {', '.join(KINDS)}"
        )
    moq = None if max_moq is None else max(max_moq, 1)
    country = country_code(ship_to)
    return _Criteria(
        _terms(query), budget, target_price, moq, country, frozenset(kinds), private_label
    )


def _at_least_zero(path: str, value: Decimal) -> None:
    if not value.is_finite() or value < 0:
        raise ValidationFailed.field(path, "must be 0 or more")


def _supplier_fits(supplier: Supplier, wanted: _Criteria) -> bool:
    kind_ok = not wanted.kinds or supplier.kind in wanted.kinds
    label_ok = wanted.private_label in (None, supplier.private_label)
    return kind_ok and label_ok and _serves(supplier, wanted.country)


def _serves(supplier: Supplier, country: str) -> bool:
    in_eu = country == "EU" or country in EU_MEMBERS
    return (
        "WORLD" in supplier.regions
        or country in supplier.regions
        or (in_eu and "EU" in supplier.regions)
    )


def _ranked(supplier: Supplier, offer: Offer, wanted: _Criteria) -> RankedOffer | None:
    tier = offer.tiers[0]
    matched = _matched(wanted.terms, offer)
    first = first_order_cost(supplier, tier)
    if (
        (wanted.terms and not matched)
        or (wanted.max_moq is not None and tier.min_qty > wanted.max_moq)
        or (wanted.budget is not None and first > wanted.budget)
    ):
        return None
    target = wanted.target_price or offer.suggested_retail
    margin = ((target - tier.unit_cost) / target * 100).quantize(Decimal("0.1"))
    parts = (
        _match_part(wanted.terms, matched),
        _margin_part(margin, target, tier),
        _first_order_part(supplier, tier, first, wanted.budget),
        _shipping_part(supplier, wanted.country),
        _rating_part(supplier),
    )
    share = Decimal(len(matched)) / len(wanted.terms) if wanted.terms else Decimal(0)
    score = sum(p.points for p in parts)
    return RankedOffer(supplier, offer, tier, score, margin, first, target, share, parts)


def _best_per_supplier(ranked: list[RankedOffer]) -> list[RankedOffer]:
    best: dict[str, RankedOffer] = {}
    for found in ranked:
        best.setdefault(found.supplier.id, found)
    return list(best.values())


def _match_part(terms: tuple[str, ...], matched: list[str]) -> ScorePart:
    if not terms:
        return ScorePart("No product words given: every product is considered", 0, MATCH_POINTS)
    words = ", ".join(f"'{t}'" for t in matched)
    share = Decimal(len(matched)) / len(terms)
    text = f"Matches {words} ({len(matched)} of {len(terms)} words)"
    return ScorePart(text, _points(MATCH_POINTS, share), MATCH_POINTS)


def _margin_part(margin: Decimal, target: Decimal, tier: PriceTier) -> ScorePart:
    points = _points(MARGIN_POINTS, margin / FULL_MARGIN)
    if margin <= 0:
        text = (
            f"No margin at {format_amount(target)}: "
            f"the unit cost is {format_amount(tier.unit_cost)}"
        )
    else:
        text = (
            f"{margin:.0f}% margin at {format_amount(target)} "
            f"(unit cost {format_amount(tier.unit_cost)})"
        )
    return ScorePart(text, points, MARGIN_POINTS)


def _first_order_part(
    supplier: Supplier, tier: PriceTier, first: Decimal, budget: Decimal | None
) -> ScorePart:
    units = "no minimum order" if tier.min_qty <= 1 else f"minimum order {tier.min_qty} units"
    fee = _fee_text(supplier)
    detail = f"{units}{f', incl. {fee}' if fee else ''}"
    if budget is not None:
        share = 1 - first / budget if budget else Decimal(0)
        text = (
            f"First order {format_amount(first)} ({detail}) fits the {format_amount(budget)} budget"
        )
        return ScorePart(text, _points(FIRST_ORDER_POINTS, share), FIRST_ORDER_POINTS)
    moq = tier.min_qty
    points = 15 if moq <= 1 else 10 if moq <= 50 else 5 if moq <= 500 else 0
    return ScorePart(f"First order {format_amount(first)} ({detail})", points, FIRST_ORDER_POINTS)


def _fee_text(supplier: Supplier) -> str:
    if not supplier.setup_fee:
        return ""
    period = "monthly plan" if supplier.setup_fee_period == "monthly" else "setup fee"
    return f"{format_amount(supplier.setup_fee)} {period}"


def _shipping_part(supplier: Supplier, country: str) -> ScorePart:
    low, high = supplier.shipping_days_min, supplier.shipping_days_max
    explicit = country in supplier.regions or (country in EU_MEMBERS and "EU" in supplier.regions)
    if country == "WORLD":
        where = "worldwide"
    else:
        where = f"to {country}" if explicit else f"worldwide, {country} included,"
    share = Decimal(SLOW_DAYS - high) / (SLOW_DAYS - FAST_DAYS)
    text = f"Ships {where} in {low}–{high} days"
    return ScorePart(text, _points(SHIPPING_POINTS, share), SHIPPING_POINTS)


def _rating_part(supplier: Supplier) -> ScorePart:
    points = _points(RATING_POINTS, supplier.rating / 5)
    return ScorePart(f"Rated {supplier.rating}/5", points, RATING_POINTS)


def _points(weight: int, share: Decimal) -> int:
    clamped = min(Decimal(1), max(Decimal(0), share))
    return int((weight * clamped).to_integral_value(ROUND_HALF_UP))


def _bulk_option(
    supplier: Supplier, offer: Offer, tier: PriceTier, current: Decimal, monthly: int
) -> BulkOption | None:
    unit_saving = current - tier.unit_cost
    monthly_fee = supplier.setup_fee if supplier.setup_fee_period == "monthly" else None
    saving = (unit_saving * monthly - (monthly_fee or 0)).quantize(CENT, ROUND_HALF_UP)
    if unit_saving <= 0 or saving <= 0:
        return None
    stage = "zero_moq" if tier.min_qty <= 1 else "low_moq" if tier.min_qty < BULK_MOQ else "bulk"
    quantity = 0 if stage == "zero_moq" else tier.min_qty
    upfront = (quantity * tier.unit_cost + (supplier.setup_fee or 0)).quantize(CENT)
    reasons = _bulk_reasons(supplier, tier, current, monthly, saving)
    return BulkOption(supplier, offer, tier, stage, quantity, upfront, unit_saving, saving, reasons)


def _bulk_reasons(
    supplier: Supplier, tier: PriceTier, current: Decimal, monthly: int, saving: Decimal
) -> tuple[str, ...]:
    fee, per_order = _fee_text(supplier), tier.min_qty <= 1
    months = f"{Decimal(tier.min_qty) / max(monthly, 1):.1f}"
    size = "with no minimum order" if per_order else f"from {tier.min_qty} units"
    return (
        f"{format_amount(tier.unit_cost)} a unit {size}, "
        f"{format_amount(current - tier.unit_cost)} less than your {format_amount(current)}",
        "Bought one unit per customer order: no stock to hold"
        if per_order
        else f"{tier.min_qty} units last {months} months at {monthly} a month "
        f"(an order should sell within {MAX_COVER_MONTHS} months)",
        f"Saves {format_amount(saving)} a month at {monthly} units"
        f"{f' after the {fee}' if fee else ''}",
    )


def _matched(terms: tuple[str, ...], offer: Offer) -> list[str]:
    vocabulary = _vocabulary(offer)
    return [t for t in terms if t in vocabulary]


@lru_cache(maxsize=1024)
def _vocabulary(offer: Offer) -> frozenset[str]:
    text = " ".join((offer.product, offer.category, *offer.keywords))
    return frozenset(_terms(text) + _terms(re.sub(r"[-_]", " ", text)))


def _terms(text: str) -> tuple[str, ...]:
    """Distinct content words of ``text``: lower-case, singular, hyphens joined."""
    words = re.findall(r"[^\W_]+(?:['-][^\W_]+)*", text.lower())
    terms: list[str] = []
    for word in words:
        term = _singular(re.sub(r"['-]", "", word))
        if term not in STOP_WORDS and term not in terms:
            terms.append(term)
    return tuple(terms)


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "xes", "sses", "zzes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word
