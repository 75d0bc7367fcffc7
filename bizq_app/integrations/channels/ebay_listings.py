"""What eBay's Inventory API is sent for a listing, and what eBay wants before it lists.

eBay's marketplaces each take their own language: inventory items are written in it
(``Content-Language``, one of the Inventory API's locales), or eBay finds no item to
publish there. Before an offer is published, eBay requires (Sell Inventory API,
*Publishing offers*: the required fields) at least one image at an https address
(``product.imageUrls``; a group's too) and every item specific its category requires
(Taxonomy API ``getItemAspectsForCategory``: ``aspectConstraint.aspectRequired``). BizQ
checks both before it writes anything, and names each missing item specific; a
product's variant options and the aspects given at publish are its item specifics,
spelt as the category spells them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bizq_app.core.errors import FieldError, ValidationFailed
from bizq_app.integrations.channels import ListingDraft, VariantDraft

MARKETS = {  # marketplace → the language its listings are written in, its currency, site
    "EBAY_US": ("en-US", "USD", "www.ebay.com"),
    "EBAY_CA": ("en-CA", "CAD", "www.ebay.ca"),
    "EBAY_GB": ("en-GB", "GBP", "www.ebay.co.uk"),
    "EBAY_AU": ("en-AU", "AUD", "www.ebay.com.au"),
    "EBAY_DE": ("de-DE", "EUR", "www.ebay.de"),
    "EBAY_AT": ("de-AT", "EUR", "www.ebay.at"),
    "EBAY_CH": ("de-CH", "CHF", "www.ebay.ch"),
    "EBAY_FR": ("fr-FR", "EUR", "www.ebay.fr"),
    "EBAY_IT": ("it-IT", "EUR", "www.ebay.it"),
    "EBAY_ES": ("es-ES", "EUR", "www.ebay.es"),
    "EBAY_NL": ("nl-NL", "EUR", "www.ebay.nl"),
    "EBAY_BE": ("nl-BE", "EUR", "www.benl.ebay.be"),
    "EBAY_PL": ("pl-PL", "PLN", "www.ebay.pl"),
    "EBAY_HK": ("zh-HK", "HKD", "www.ebay.com.hk"),
}
NO_IMAGE = (
    "eBay lists a product only with at least one image at a public https:// address: add "
    "one to the product (an uploaded image counts once BIZQ_PUBLIC_URL is BizQ's https "
    "address)"
)


def market(marketplace: str) -> tuple[str, str, str]:
    """The marketplace's language, currency and site.

    Raises:
        ValidationFailed: BizQ does not list on that marketplace (``$.marketplace_id``).
    """
    if marketplace not in MARKETS:
        raise ValidationFailed.field(
            "$.marketplace_id", f"must be one of eBay's marketplaces: {', '.join(MARKETS)}"
        )
    return MARKETS[marketplace]


def spellings(aspects: Mapping[str, bool]) -> dict[str, str]:
    """Each of the category's item specifics by its lower-case name: eBay's spelling."""
    return {name.casefold(): name for name in aspects}


def item_body(
    draft: ListingDraft, variant: VariantDraft, kept: dict[str, Any], names: dict[str, str]
) -> dict[str, Any]:
    """The inventory item of one SKU: a full replacement, so what the seller keeps on eBay
    (``kept``) goes back as it was."""
    product = dict(kept.get("product") or {})
    if "title" not in draft.omit or not product.get("title"):
        product["title"] = draft.title[:80]
    if "description" not in draft.omit or not product.get("description"):
        product["description"] = draft.description or draft.title
    if draft.images:
        product["imageUrls"] = list(draft.images)
    aspects = {**(product.get("aspects") or {}), **spelt(draft.aspects, names)}
    aspects |= spelt({k: (v,) for k, v in variant.options.items()}, names)
    if aspects:
        product["aspects"] = aspects
    availability = kept.get("availability") or {"shipToLocationAvailability": {"quantity": 0}}
    if variant.quantity is not None:
        availability = {"shipToLocationAvailability": {"quantity": variant.quantity}}
    condition = kept.get("condition") or "NEW"
    return {"condition": condition, "product": product, "availability": availability}


def group_body(
    draft: ListingDraft, group: str, names: dict[str, str], images: list[str]
) -> dict[str, Any]:
    """The inventory item group of a product with variants: it varies by their options."""
    varies: dict[str, list[str]] = {}
    for variant in draft.variants:
        for key, value in spelt({k: (v,) for k, v in variant.options.items()}, names).items():
            varies.setdefault(key, [])
            varies[key] += [v for v in value if v not in varies[key]]
    body = {
        "inventoryItemGroupKey": group,
        "title": draft.title[:80],
        "description": draft.description or draft.title,
        "imageUrls": images,
        "variantSKUs": [v.sku for v in draft.variants],
        "variesBy": {
            "aspectsImageVariesBy": [],
            "specifications": [{"name": k, "values": v} for k, v in varies.items()],
        },
    }
    if draft.aspects:
        body["aspects"] = spelt(draft.aspects, names)
    return body


def spelt(aspects: Mapping[str, tuple[str, ...]], names: dict[str, str]) -> dict[str, list[str]]:
    """Item specifics as eBay takes them, each name spelt as the category spells it."""
    return {names.get(k.casefold(), k): list(v) for k, v in aspects.items()}


def check_publishable(
    items: dict[str, dict[str, Any]], aspects: Mapping[str, bool], category: str
) -> None:
    """Refuse, before anything is written, a listing eBay would not publish.

    Raises:
        ValidationFailed: ``$.images`` when an item has no image; ``$.aspects.<name>`` for
            each item specific the category requires that an item lacks.
    """
    errors = []
    if any(not (i["product"].get("imageUrls") or []) for i in items.values()):
        errors.append(FieldError("$.images", NO_IMAGE))
    for name in (n for n, required in aspects.items() if required):
        if any(not _has(i, name) for i in items.values()):
            errors.append(
                FieldError(
                    f"$.aspects.{name}",
                    f"is an item specific eBay requires in {category}: give it when "
                    f'publishing, like "aspects": {{"{name}": "…"}}, or as a variant option',
                )
            )
    if errors:
        raise ValidationFailed("eBay needs more about this product before it lists it.", errors)


def _has(item: dict[str, Any], name: str) -> bool:
    given = item["product"].get("aspects") or {}
    return any(
        k.casefold() == name.casefold() and any(str(x).strip() for x in v) for k, v in given.items()
    )
