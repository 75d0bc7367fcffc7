"""Bundles priced from the products' own prices and costs, and listing quality checks."""

from __future__ import annotations

import re
from collections import Counter
from decimal import ROUND_CEILING, Decimal
from typing import Any

from bizq_app.core.money import CENT
from bizq_app.executors.amounts import decimal, exact, percent, share, shown, two_places
from bizq_app.executors.store_data import ListingFacts, ProductFacts, StoreData
from bizq_app.tasks.task_runs import Run

MIN_BUNDLE_MARGIN = Decimal("0.30")  # the bundle keeps at least 30% gross margin
GOAL_DISCOUNT = {
    "raise_order_value": Decimal(10),
    "clear_stock": Decimal(50),
    "gift_set": Decimal(5),
}
GOAL_WORDS = {
    "raise_order_value": "Buy together and save",
    "clear_stock": "Bundle deal",
    "gift_set": "Gift set",
}


@exact
def bundle_creation(run: Run, data: StoreData) -> dict[str, Any]:
    """A bundle price with the largest discount the goal, the cap and a 30% margin allow."""
    counts = Counter(str(i) for i in run.input["product_ids"])
    products = [(data.product(i), n) for i, n in counts.items()]
    goal = run.input.get("bundle_goal", "raise_order_value")
    cap = decimal(run.input.get("max_discount_percent", 15))
    full = sum((p.price * n for p, n in products), Decimal(0))
    cost = sum((p.cost * n for p, n in products), Decimal(0))
    price = _bundle_price(full, cost, min(cap, GOAL_DISCOUNT[goal]))
    name = _bundle_name(products, goal)
    return {
        "bundle_name": name,
        "description": _bundle_description(products, price, full),
        "product_ids": [str(p.id) for p, _ in products],
        "bundle_price": two_places(price),
        "discount_percent": max(0.0, min(100.0, percent(share(full - price, full), "0.01"))),
        "savings_amount": two_places(full - price),
        "margin_percent": percent(share(price - cost, price), "0.01"),
        "rationale": _bundle_rationale(goal, cap, full, cost, price),
    }


def _bundle_price(full: Decimal, cost: Decimal, discount: Decimal) -> Decimal:
    """``full`` less ``discount`` percent, but never under the minimum-margin price."""
    floor = (cost / (1 - MIN_BUNDLE_MARGIN)).quantize(CENT, rounding=ROUND_CEILING)
    wanted = (full * (1 - discount / 100)).quantize(CENT, rounding=ROUND_CEILING)
    return min(full, max(wanted, floor)).quantize(CENT, rounding=ROUND_CEILING)


def _bundle_name(products: list[tuple[ProductFacts, int]], goal: str) -> str:
    parts = [f"{n} x {p.title}" if n > 1 else p.title for p, n in products]
    return f"{GOAL_WORDS[goal]}: " + " + ".join(parts)


def _bundle_description(
    products: list[tuple[ProductFacts, int]], price: Decimal, full: Decimal
) -> str:
    lines = [f"- {n} x {p.title} ({two_places(p.price):.2f} each)" for p, n in products]
    saving = f" and save {two_places(full - price):.2f}" if price < full else ""
    return (
        "This bundle includes:\n"
        + "\n".join(lines)
        + f"\nGet them together for {two_places(price):.2f} instead of "
        + f"{two_places(full):.2f}{saving}."
    )


def _bundle_rationale(goal: str, cap: Decimal, full: Decimal, cost: Decimal, price: Decimal) -> str:
    floor_note = (
        f"A {shown(MIN_BUNDLE_MARGIN)} margin needs at least "
        f"{two_places(cost / (1 - MIN_BUNDLE_MARGIN)):.2f}"
    )
    if price >= full and cost > full * (1 - MIN_BUNDLE_MARGIN):
        return (
            f"Sold separately the items cost {two_places(full):.2f} and their goods cost "
            f"{two_places(cost):.2f}. {floor_note}, so no discount is possible without losing "
            "margin: sell the bundle for convenience, or raise the item prices."
        )
    return (
        f"Goal: {goal.replace('_', ' ')}. BizQ aims for up to {GOAL_DISCOUNT[goal]:g}% off for "
        f"this goal, capped at your {cap:g}%. {floor_note}; the bundle sells at "
        f"{two_places(price):.2f} against {two_places(full):.2f} separately, with goods costing "
        f"{two_places(cost):.2f}."
    )


TITLE_LIMITS = {  # characters a title may have on each channel (Shopify: shown in search)
    "shopify": 70,
    "amazon": 200,
    "ebay": 80,
    "walmart": 75,
    "etsy": 140,
    "instagram": 200,
    "tiktok_shop": 255,
}
SKU_CHANNELS = frozenset({"amazon", "walmart", "ebay"})
MIN_TITLE, MIN_DESCRIPTION, GOOD_DESCRIPTION = 15, 50, 250
LOW_MARGIN = Decimal(20)
CLAIMS = (  # (pattern, severity, why)
    (
        r"\bcures?\b|\bheals?\b|\btreats?\b|\bprevents? (disease|illness|cancer|covid)",
        "critical",
        "a medical claim; only approved drugs may claim to cure, treat or prevent disease",
    ),
    (
        r"\bfda[- ]approved\b|\bfda[- ]certified\b",
        "critical",
        "the FDA does not approve most consumer goods; this claim is likely false",
    ),
    (
        r"\bguaranteed?\b|\brisk[- ]free\b|\bmiracle\b",
        "high",
        "a promise of results that marketplaces and advertising rules treat as misleading",
    ),
    (
        r"\bclinically (proven|tested)\b|\bdoctor recommended\b",
        "high",
        "needs published evidence you can show on request",
    ),
    (
        r"\banti-?(bacterial|microbial|viral)\b|\bkills (germs|bacteria|viruses)\b",
        "high",
        "a pesticidal claim that needs registration in the US (EPA)",
    ),
    (
        r"\bnon-?toxic\b|\beco-?friendly\b|\b100% (safe|natural)\b",
        "medium",
        "a broad safety or green claim that needs specific proof",
    ),
)
PENALTY = {"critical": 30, "high": 15, "medium": 8, "low": 3}


def quality_validation(run: Run, data: StoreData) -> dict[str, Any]:
    """Score a product's listing 0-100 from checks on its text, price, SKU, stock and claims."""
    product = data.product(run.input["product_id"])
    listing = data.listing(product.id)
    channel = run.input.get("channel", "shopify")
    issues = (
        _title_issues(product.title, channel)
        + _description_issues(product.description)
        + _price_issues(product)
        + _stock_issues(product, listing, channel)
    )
    if run.input.get("check_claims", True):
        issues += _claim_issues(f"{product.title}\n{product.description}")
    score = max(0, 100 - sum(PENALTY[i["severity"]] for i in issues))
    passed = not any(i["severity"] in ("high", "critical") for i in issues)
    return {
        "score": score,
        "passed": passed,
        "issues": issues,
        "summary": _quality_summary(product.title, channel, score, passed, issues),
    }


def _issue(severity: str, field: str, problem: str, fix: str) -> dict[str, str]:
    return {"severity": severity, "field": field, "problem": problem, "fix": fix}


def _title_issues(title: str, channel: str) -> list[dict[str, str]]:
    size, limit = len(title.strip()), TITLE_LIMITS[channel]
    if size < MIN_TITLE:
        return [
            _issue(
                "medium",
                "title",
                f"The title has only {size} characters.",
                "Say what it is, its main material or size and who it is for.",
            )
        ]
    if size > limit:
        return [
            _issue(
                "high" if channel != "shopify" else "low",
                "title",
                f"The title has {size} characters; {channel} shows or allows {limit}.",
                f"Shorten it to {limit} characters, most important words first.",
            )
        ]
    return []


def _description_issues(description: str) -> list[dict[str, str]]:
    size = len(description.strip())
    if size == 0:
        return [
            _issue(
                "high",
                "description",
                "The description is empty.",
                "Describe size, materials, use and care in a few short paragraphs.",
            )
        ]
    if size < MIN_DESCRIPTION:
        return [
            _issue(
                "medium",
                "description",
                f"The description has only {size} characters.",
                f"Write at least {GOOD_DESCRIPTION} characters: size, materials, use.",
            )
        ]
    if size < GOOD_DESCRIPTION:
        return [
            _issue(
                "low",
                "description",
                f"The description is short ({size} characters).",
                "Add details buyers ask about: dimensions, materials, shipping, care.",
            )
        ]
    return []


def _price_issues(product: ProductFacts) -> list[dict[str, str]]:
    price, cost = product.price, product.cost
    if price <= 0:
        return [_issue("critical", "price", "The price is 0.", "Set a price above the cost.")]
    if price <= cost:
        return [
            _issue(
                "critical",
                "price",
                f"The price {two_places(price):.2f} does not cover the cost "
                f"{two_places(cost):.2f}.",
                "Raise the price or find a cheaper supplier.",
            )
        ]
    if cost <= 0:
        return [
            _issue(
                "low",
                "cost",
                "No cost is recorded, so the margin is unknown.",
                "Enter the unit cost from your supplier.",
            )
        ]
    margin = share(price - cost, price)
    if margin < LOW_MARGIN:
        return [
            _issue(
                "medium",
                "price",
                f"The margin is only {percent(margin)}%.",
                f"Aim for at least {LOW_MARGIN}% after cost of goods.",
            )
        ]
    return []


def _stock_issues(
    product: ProductFacts, listing: ListingFacts, channel: str
) -> list[dict[str, str]]:
    issues = []
    if not (product.sku or "").strip():
        severity = "medium" if channel in SKU_CHANNELS else "low"
        issues.append(
            _issue(
                severity,
                "sku",
                "The product has no SKU.",
                "Give it a unique SKU so orders and stock can be matched.",
            )
        )
    if listing.status == "active" and product.inventory <= 0:
        issues.append(
            _issue(
                "high",
                "inventory",
                "The product is active but out of stock.",
                "Restock it, or hide it until stock arrives.",
            )
        )
    if listing.status != "active":
        issues.append(
            _issue(
                "low",
                "status",
                f"The product is {listing.status}, not active.",
                "Publish it when the listing is ready.",
            )
        )
    if listing.image_count == 0:
        issues.append(
            _issue(
                "high",
                "images",
                "The listing has no images.",
                "Add a clear main photo on a plain background, then details.",
            )
        )
    return issues


def _claim_issues(text: str) -> list[dict[str, str]]:
    issues = []
    for pattern, severity, why in CLAIMS:
        found = re.search(pattern, text, flags=re.IGNORECASE)
        if found:
            issues.append(
                _issue(
                    severity,
                    "claims",
                    f'"{found.group(0)}": {why}.',
                    "Remove the claim or replace it with a fact you can prove.",
                )
            )
    return issues


def _quality_summary(
    title: str, channel: str, score: int, passed: bool, issues: list[dict[str, str]]
) -> str:
    if not issues:
        return f"{title}: no problems found for {channel} (score {score}/100)."
    worst = Counter(i["severity"] for i in issues)
    counts = ", ".join(f"{worst[s]} {s}" for s in PENALTY if worst[s])
    verdict = "ready to list" if passed else "fix the serious issues before listing"
    return f"{title}: score {score}/100 for {channel}, {counts}; {verdict}."
