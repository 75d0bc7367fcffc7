"""Suppliers whose catalog BizQ reads live (Printful, once ``PRINTFUL_API_TOKEN`` is set),
in the bundled catalog's shapes, so one ranking rule (``sourcing.search``) scores them all.

Printful lists base costs, not retail prices; the suggested retail price is the
cost times ``RETAIL_MARKUP`` (a common print-on-demand mark-up), rounded to .99.
A supplier that cannot be reached is left out of the results and logged, never
allowed to break the search of the bundled catalog.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal

from bizq_app.core.errors import BizQError
from bizq_app.core.settings import Settings
from bizq_app.data.suppliers import Offer, PriceTier, Supplier
from bizq_app.integrations.suppliers import CatalogProduct, CatalogVariant, SupplierCatalogSource
from bizq_app.integrations.suppliers.registry import catalog_sources

log = logging.getLogger(__name__)
RETAIL_MARKUP = Decimal("2.2")
MAX_PRODUCTS = 6  # each product's variants are one more request
WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Profile:
    """What BizQ knows of a live supplier beyond its catalog."""

    name: str
    website: str
    regions: tuple[str, ...]
    shipping_days: tuple[int, int]


PROFILES = {
    "printful": Profile(
        "Printful (live catalog)",
        "https://www.printful.com",
        ("US", "CA", "GB", "EU", "AU"),
        (2, 7),
    )
}


def live_suppliers(query: str, settings: Settings | None = None) -> list[Supplier]:
    """The configured live suppliers with their products matching ``query``."""
    found = []
    for name, source in catalog_sources(settings).items():
        try:
            offers = _offers(source, query)
        except BizQError as exc:
            log.warning("supplier %s left out of the search: %s", name, exc.message)
            continue
        if offers:
            found.append(_supplier(name, offers))
    return found


def _offers(source: SupplierCatalogSource, query: str) -> tuple[Offer, ...]:
    offers = []
    for product in source.products(query)[:MAX_PRODUCTS]:
        offer = _offer(product, source.variants(product.id))
        if offer is not None:
            offers.append(offer)
    return tuple(offers)


def _offer(product: CatalogProduct, variants: list[CatalogVariant]) -> Offer | None:
    prices = [v.price for v in variants if v.in_stock] or [v.price for v in variants]
    if not prices:
        return None
    cost = min(prices)
    retail = (cost * RETAIL_MARKUP).to_integral_value() - Decimal("0.01")
    words = tuple(dict.fromkeys(WORD.findall(f"{product.title} {product.kind}".lower())))
    return Offer(
        product=product.title,
        category="print_on_demand",
        keywords=words,
        suggested_retail=max(retail, cost),
        tiers=(PriceTier(1, cost),),
    )


def _supplier(name: str, offers: tuple[Offer, ...]) -> Supplier:
    profile = PROFILES.get(name, Profile(name, "", ("US",), (3, 10)))
    return Supplier(
        id=name,
        name=profile.name,
        kind="print_on_demand",
        platform=name.title(),
        website=profile.website,
        regions=profile.regions,
        shipping_days_min=profile.shipping_days[0],
        shipping_days_max=profile.shipping_days[1],
        private_label=True,
        setup_fee=None,
        setup_fee_period=None,
        integrations=("BizQ",),
        rating=Decimal("4.5"),
        offers=offers,
    )
