"""The bundled supplier catalog (``suppliers.json``) as frozen dataclasses.

Prices are indicative, as seen on each platform in the month ``prices_as_of``
says; whoever shows them must say so and ask the owner to confirm them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

KINDS = ("zero_moq", "print_on_demand", "dropship", "wholesale", "manufacturer")


@dataclass(frozen=True)
class PriceTier:
    """The unit cost from ``min_qty`` units per order upwards."""

    min_qty: int
    unit_cost: Decimal


@dataclass(frozen=True)
class Offer:
    """One product a supplier makes or ships, with its price tiers ascending by quantity."""

    product: str
    category: str
    keywords: tuple[str, ...]
    suggested_retail: Decimal
    tiers: tuple[PriceTier, ...]

    @property
    def moq(self) -> int:
        """The smallest order the supplier takes (1: no minimum)."""
        return self.tiers[0].min_qty


@dataclass(frozen=True)
class Supplier:
    """A supplier and what it offers; ``setup_fee_period`` is monthly, one_off or None."""

    id: str
    name: str
    kind: str
    platform: str
    website: str
    regions: tuple[str, ...]
    shipping_days_min: int
    shipping_days_max: int
    private_label: bool
    setup_fee: Decimal | None
    setup_fee_period: str | None
    integrations: tuple[str, ...]
    rating: Decimal
    offers: tuple[Offer, ...]


@dataclass(frozen=True)
class SupplierCatalog:
    """Every bundled supplier, and how current and how firm their prices are."""

    prices_as_of: str
    note: str
    suppliers: tuple[Supplier, ...]


@lru_cache(maxsize=1)
def supplier_catalog() -> SupplierCatalog:
    """The bundled supplier catalog, read once per process."""
    text = resources.files("bizq_app.data").joinpath("suppliers.json").read_text("utf-8")
    document = json.loads(text)
    return SupplierCatalog(
        prices_as_of=document["prices_as_of"],
        note=document["note"],
        suppliers=tuple(_supplier(s) for s in document["suppliers"]),
    )


def _supplier(raw: dict[str, Any]) -> Supplier:
    fee = raw["setup_fee"]
    return Supplier(
        id=raw["id"],
        name=raw["name"],
        kind=raw["kind"],
        platform=raw["platform"],
        website=raw["website"],
        regions=tuple(raw["regions"]),
        shipping_days_min=raw["shipping_days"]["min"],
        shipping_days_max=raw["shipping_days"]["max"],
        private_label=raw["private_label"],
        setup_fee=None if fee is None else _money(fee),
        setup_fee_period=raw["setup_fee_period"],
        integrations=tuple(raw["integrations"]),
        rating=_money(raw["rating"]),
        offers=tuple(_offer(o) for o in raw["offers"]),
    )


def _offer(raw: dict[str, Any]) -> Offer:
    tiers = tuple(PriceTier(t["min_qty"], _money(t["unit_cost"])) for t in raw["price_tiers"])
    return Offer(
        product=raw["product"],
        category=raw["category"],
        keywords=tuple(raw["keywords"]),
        suggested_retail=_money(raw["suggested_retail"]),
        tiers=tuple(sorted(tiers, key=lambda t: t.min_qty)),
    )


def _money(value: float | int) -> Decimal:
    return Decimal(str(value))
