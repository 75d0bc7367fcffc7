"""Expenses sorted by keyword rules, and savings estimated from the costs given."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from bizq_app.executors.amounts import decimal, exact, two_places
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

CATEGORIES = (
    "cost_of_goods shipping advertising software payment_fees marketplace_fees packaging "
    "contractors office travel taxes other"
).split()
# Checked in this order: the first category whose keywords match wins ("shopify payments"
# is a fee before "shopify" is software). Merchant names are strong, generic words weaker.
KEYWORDS = (
    (
        "payment_fees",
        "stripe|paypal|square fee|shopify payments|klarna|afterpay|processing fee|"
        "transaction fee|merchant fee|card fee",
    ),
    (
        "marketplace_fees",
        "amazon seller|amazon services|amzn seller|etsy|ebay|walmart marketplace|tiktok shop|"
        "fba|seller fee|listing fee|referral fee",
    ),
    (
        "advertising",
        "facebook|facebk|meta ads|instagram ads|google ads|adwords|tiktok ads|pinterest|"
        "snapchat|bing ads|microsoft ads|advertis|sponsored|influencer",
    ),
    (
        "shipping",
        "usps|ups|fedex|dhl|shippo|shipstation|pirate ship|easypost|stamps.com|royal mail|"
        "canada post|postage|shipping|freight|courier",
    ),
    ("packaging", "uline|packlane|noissue|ecoenclose|packaging|mailers|bubble wrap|boxes|tape"),
    (
        "cost_of_goods",
        "alibaba|aliexpress|1688|printful|printify|faire|cjdropshipping|spocket|wholesale|"
        "inventory|supplier|manufactur|raw material",
    ),
    (
        "software",
        "shopify|klaviyo|mailchimp|canva|adobe|google workspace|gsuite|microsoft 365|zoom|"
        "slack|notion|dropbox|github|aws|openai|quickbooks|xero|subscription|software|saas|app",
    ),
    (
        "contractors",
        "upwork|fiverr|toptal|99designs|freelanc|contractor|consult|agency|virtual assistant",
    ),
    (
        "travel",
        "airline|airbnb|hotel|marriott|hilton|delta air|united air|southwest|expedia|"
        "booking.com|uber|lyft|taxi|flight|train",
    ),
    ("taxes", "irs|hmrc|tax|vat|franchise board|revenue service"),
    (
        "office",
        "staples|office depot|wework|regus|comcast|verizon|at&t|internet|phone|office|rent|"
        "printer|stationery",
    ),
)
GENERIC = frozenset(
    "shipping|postage|tax|office|rent|phone|boxes|tape|inventory|supplier|subscription|"
    "software|app|consult|agency|train|uber|sponsored|advertis".split("|")
)
PREFIXES = frozenset({"advertis", "manufactur", "freelanc", "consult"})  # match word starts
NOT_DEDUCTIBLE = frozenset({"taxes", "other"})


@dataclass(frozen=True)
class Match:
    """The category a text falls in, how sure the rule is and why."""

    category: str
    confidence: float
    note: str | None


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return tuple(
        (category, word, re.compile(r"(?<![a-z0-9])" + re.escape(word) + _end(word)))
        for category, words in KEYWORDS
        for word in words.split("|")
    )


def _end(word: str) -> str:
    return "" if word in PREFIXES else r"(?![a-z0-9])"


def categorize(text: str) -> Match:
    """The category of a bank line or cost name, from BizQ's keyword rules."""
    lowered = text.lower()
    hits = [(c, w) for c, w, pattern in _patterns() if pattern.search(lowered)]
    if not hits:
        return Match("other", 0.3, "No rule matched: check by hand.")
    category, word = hits[0]
    others = sorted({c for c, w in hits if c != category and w not in word})
    if others:
        note = f"Matched '{word.strip()}'; also looks like {', '.join(others)}: check."
        return Match(category, 0.5, note)
    return Match(category, 0.7 if word in GENERIC else 0.9, None)


@exact
def categorize_expenses(run: Run, data: StoreData) -> dict[str, Any]:
    """Each transaction's category, exact totals per category and how many need a look."""
    rows, totals = [], defaultdict(Decimal)  # type: list[dict[str, Any]], defaultdict[str, Decimal]
    for index, item in enumerate(run.input["transactions"]):
        match = categorize(f"{item.get('merchant', '')} {item['description']}")
        amount = decimal(item["amount"])
        totals[match.category] += amount
        rows.append(_row(index, match, amount))
    return {
        "transactions": rows,
        "totals_by_category": [
            {"category": c, "total": two_places(totals[c])} for c in CATEGORIES if c in totals
        ],
        "uncertain_count": sum(1 for r in rows if r["confidence"] < 0.6),
    }


def _row(index: int, match: Match, amount: Decimal) -> dict[str, Any]:
    note = match.note
    if amount < 0:
        note = f"{note + ' ' if note else ''}Negative amount: a refund or credit."
    if match.category == "taxes":
        note = f"{note + ' ' if note else ''}Income tax is not deductible; some business taxes are."
    return {
        "index": index,
        "category": match.category,
        "deductible": match.category not in NOT_DEDUCTIBLE,
        "confidence": match.confidence,
        "note": note,
    }
