"""Where an order can go: the countries of ISO 3166-1 and, for a country that has them,
its first-level regions of ISO 3166-2 (states, provinces, prefectures), from pycountry.

A region is kept as its ISO 3166-2 code (``US-OR``), which names one region of one
country whatever the language of the page that picked it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

# Where a shop that sells in a currency most likely ships first (the country a checkout
# starts with; the buyer picks another). The euro has many, so a euro shop starts with none.
HOME_COUNTRIES = {
    "USD": "US", "GBP": "GB", "CAD": "CA", "AUD": "AU", "NZD": "NZ", "JPY": "JP",
    "CHF": "CH", "SEK": "SE", "NOK": "NO", "DKK": "DK", "PLN": "PL", "CZK": "CZ",
    "SGD": "SG", "HKD": "HK", "INR": "IN", "BRL": "BR", "MXN": "MX", "ZAR": "ZA",
}  # fmt: skip
# pycountry's names sometimes carry a note in brackets ("Wales [Cymru GB-CYM]").
NOTE = re.compile(r"\s*\[[^\]]*\]\s*$")


@dataclass(frozen=True)
class Place:
    """A country or a region: its code and the name a buyer picks it by."""

    code: str
    name: str


def _name(thing: object) -> str:
    name = getattr(thing, "common_name", None) or getattr(thing, "name", "")
    return NOTE.sub("", str(name))


@lru_cache
def countries() -> tuple[Place, ...]:
    """Every country, by name."""
    found = (Place(c.alpha_2, _name(c)) for c in pycountry.countries)
    return tuple(sorted(found, key=lambda p: p.name))


@lru_cache
def regions(country: str) -> tuple[Place, ...]:
    """The country's first-level regions by name; () for an unknown country or one with
    none (a region nested in another one is not offered: ``US-OR``, never a county)."""
    found = pycountry.subdivisions.get(country_code=country.upper()) or []
    top = (Place(s.code, _name(s)) for s in found if not s.parent_code)
    return tuple(sorted(top, key=lambda p: p.name))


def is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_2=code.upper()) is not None


def region_problem(country: str, region: str) -> str:
    """What is wrong with ``region`` for ``country`` ("" when nothing is): it is required
    where the country has regions, and must be one of them (any ISO 3166-2 code of the
    country is taken, ``US-OR``; so is a code without its country, ``OR``)."""
    if not regions(country):
        return "" if not region else "this country has no regions to choose from; leave it out"
    if not region:
        return "is required: choose a state, province or region"
    if code_of(country, region) is None:
        return f"is not a region of {country.upper()}"
    return ""


def code_of(country: str, region: str) -> str | None:
    """The ISO 3166-2 code of ``region`` in ``country``, or None when it is not one."""
    code = region.strip().upper()
    code = code if code.startswith(f"{country.upper()}-") else f"{country.upper()}-{code}"
    found = pycountry.subdivisions.get(code=code)
    return code if found is not None and found.country_code == country.upper() else None


def region_name(code: str) -> str:
    """The region's name for its ISO 3166-2 code ("" when it is none)."""
    found = pycountry.subdivisions.get(code=code.upper()) if code else None
    return _name(found) if found is not None else ""


def country_name(code: str) -> str:
    found = pycountry.countries.get(alpha_2=code.upper()) if code else None
    return _name(found) if found is not None else code


def home_country(currency: str) -> str:
    """The country a checkout in ``currency`` starts with ("" for none)."""
    return HOME_COUNTRIES.get(currency.upper(), "")


def one_line(address: dict[str, str]) -> str:
    """A delivery address as one line: "2 Wick Lane, Portland 97201, Oregon, United States"."""
    town = " ".join(x for x in (address.get("city", ""), address.get("postal_code", "")) if x)
    parts = (
        address.get("line1", ""),
        address.get("line2", ""),
        town,
        region_name(address.get("region", "")),
        country_name(address.get("country", "")),
    )
    return ", ".join(x for x in parts if x)
