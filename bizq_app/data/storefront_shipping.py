"""BizQ's default storefront shipping (``storefront_shipping.json``): flat prices per order
for standard and express delivery, and the order total from which shipping is free, one
set per store currency, with the date they were set."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

METHODS = ("standard", "express")


@dataclass(frozen=True)
class ShippingRates:
    currency: str
    prices: dict[str, Decimal]  # by method
    free_from: Decimal
    set_on: str


@lru_cache
def _table() -> dict[str, ShippingRates]:
    text = resources.files("bizq_app.data").joinpath("storefront_shipping.json").read_text("utf-8")
    document = json.loads(text)
    return {
        code: ShippingRates(
            code,
            {method: Decimal(row[method]) for method in METHODS},
            Decimal(row["free_from"]),
            str(document["set_on"]),
        )
        for code, row in document["currencies"].items()
    }


def rates_for(currency: str) -> ShippingRates | None:
    """The rates of a store currency, or None when BizQ has none for it."""
    return _table().get(currency.upper())


def currencies() -> frozenset[str]:
    """The currencies that have rates."""
    return frozenset(_table())
