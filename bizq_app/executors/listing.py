"""Listing and SEO rules: keywords from the product's own words, titles and descriptions
rewritten by checklist (keyword first, length limits, benefits up front)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from bizq_app.executors.store_data import ProductFacts, StoreData
from bizq_app.tasks.task_runs import Run

WORD = re.compile(r"[a-z][a-z'-]+")
SENTENCE = re.compile(r"(?<=[.!?])\s+")
STOP = set(
    """a an and are as at be but by for from has have in is it its of on or our so that
the their this to was we will with you your very just more most into than then can get""".split()
)
TITLE_LIMITS = {
    "amazon": 200,
    "etsy": 140,
    "ebay": 80,
    "walmart": 90,
    "shopify": 70,
    "instagram": 60,
    "tiktok_shop": 60,
}
META_LIMIT = 155
OPENERS = {
    "friendly": "You'll love",
    "professional": "Designed for",
    "playful": "Say hello to",
    "luxury": "Discover",
    "minimal": "",
}


def optimize_seo(run: Run, data: StoreData) -> dict[str, Any]:
    """Search-first title, description and meta description for one product."""
    product = data.product(run.input["product_id"])
    keywords = _keywords(product, run.input.get("target_keywords", []))
    limit = min(
        run.input.get("max_title_length", 70),
        TITLE_LIMITS.get(run.input.get("channel", "shopify"), 70),
    )
    title = _title(product.title, keywords, limit)
    description = _description(product, "")
    score = _gain(product, title, description, keywords)
    return {
        "proposed_title": title,
        "proposed_description": description,
        "proposed_meta_description": _clip(
            f"{product.title}: {_first_sentence(product.description) or title}", META_LIMIT
        ),
        "keywords": keywords,
        "expected_conversion_increase": score,
        "rationale": _rationale(product, title, keywords, limit),
    }


def optimize_listing(run: Run, data: StoreData) -> dict[str, Any]:
    """A clearer, better-converting listing in the chosen tone, with bullet points."""
    product = data.product(run.input["product_id"])
    keywords = _keywords(product, [])
    channel = run.input.get("channel", "shopify")
    title = _title(product.title, keywords, TITLE_LIMITS.get(channel, 70))
    opener = OPENERS.get(run.input.get("tone", "friendly"), "")
    description = _description(product, opener)
    bullets = _bullets(product)
    return {
        "new_title": title,
        "new_description": description,
        "new_bullet_points": bullets,
        "new_keywords": keywords,
        "image_suggestions": [
            f"{product.title} on a plain background, front view",
            f"{product.title} in use, showing its size",
            f"Close-up of the {keywords[0] if keywords else 'details'}",
        ],
        "expected_conversion_increase": _gain(product, title, description, keywords),
        "changes_summary": f"Title now leads with '{keywords[0] if keywords else title}'"
        f" and fits {channel}'s limit; {len(bullets)} bullet points "
        f"pulled from the description; "
        f"{run.input.get('focus', 'conversion')} focus.",
    }


def _keywords(product: ProductFacts, targets: list[str]) -> list[str]:
    words = [
        w
        for w in WORD.findall(f"{product.title} {product.title} {product.description}".lower())
        if w not in STOP and len(w) > 2
    ]
    counts = Counter(words)
    pairs = Counter(
        f"{a} {b}"
        for a, b in zip(words, words[1:], strict=False)
        if a in product.title.lower() and b in product.title.lower()
    )
    found = [t.strip().lower() for t in targets if t.strip()]
    found += [p for p, _ in pairs.most_common(2)] + [w for w, _ in counts.most_common(6)]
    return list(dict.fromkeys(found))[:8]


def _title(title: str, keywords: list[str], limit: int) -> str:
    lead = next((k for k in keywords if k not in title.lower()), None)
    words = title.strip()
    candidate = f"{words} – {lead.title()}" if lead else words
    return _clip(candidate if len(candidate) <= limit else words, limit)


def _description(product: ProductFacts, opener: str) -> str:
    """Written for the buyer, not for a search engine: the opener, then the product's own
    words. Keywords go to the listing's keyword field, never as a list in the copy
    (search engines and marketplaces treat keyword lists as stuffing)."""
    body = product.description.strip() or f"{product.title}."
    first = f"{opener} the {product.title.lower()}." if opener else f"{product.title}."
    return f"{first} {body}".strip()


def _bullets(product: ProductFacts) -> list[str]:
    sentences = [s.strip().rstrip(".") for s in SENTENCE.split(product.description) if s.strip()]
    bullets = [s[0].upper() + s[1:] for s in sentences][:5]
    if product.sku:
        bullets.append(f"SKU {product.sku}")
    return bullets or [product.title]


def _gain(product: ProductFacts, title: str, description: str, keywords: list[str]) -> float:
    """A rule-of-thumb estimate: points for each listing fix the rules made."""
    gain = 0.0
    gain += 3.0 if title != product.title else 0.0
    gain += 2.0 if len(product.description) < 80 <= len(description) else 0.0
    gain += 1.5 if keywords and keywords[0] in description.lower() else 0.0
    return gain


def _first_sentence(text: str) -> str:
    return SENTENCE.split(text, maxsplit=1)[0]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _rationale(product: ProductFacts, title: str, keywords: list[str], limit: int) -> str:
    return (
        f"Keywords come from the product's own words"
        f"{' and your target keywords' if keywords else ''}; the title "
        f"{'adds' if title != product.title else 'keeps'} the strongest keyword within "
        f"{limit} characters; the meta description is the first sentence, under "
        f"{META_LIMIT} characters. Estimates are rules of thumb, not measurements."
    )
