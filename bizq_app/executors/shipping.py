"""Carrier options from BizQ's bundled, indicative rate table (``data/shipping_rates.json``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from bizq_app.executors.amounts import decimal, exact, two_places
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

US_NAMES = frozenset({"us", "usa", "u.s.", "u.s.a.", "united states", "united states of america"})
TRIM_SHARE = Decimal("0.15")  # parcels this close above a band limit are worth trimming
VOLUME_SHIPMENTS = 50  # a month: enough to ask a carrier or label platform for better rates


@dataclass(frozen=True)
class Service:
    """One carrier service and its price per weight band (None: not offered at that weight)."""

    carrier: str
    service: str
    scope: str  # domestic_us or international
    delivery_days: int
    rates: tuple[Decimal | None, ...]
    best_for: str


@dataclass(frozen=True)
class RateTable:
    """The bundled rate table: band limits in kg, ascending, and the services priced on them."""

    band_limits_kg: tuple[Decimal, ...]
    services: tuple[Service, ...]
    prices_as_of: str
    currency: str


@lru_cache(maxsize=1)
def rate_table() -> RateTable:
    """The bundled indicative rate table (read once; it never changes while BizQ runs)."""
    text = resources.files("bizq_app.data").joinpath("shipping_rates.json").read_text("utf-8")
    raw = json.loads(text)
    return RateTable(
        tuple(decimal(limit) for limit in raw["band_limits_kg"]),
        tuple(_service(s) for s in raw["services"]),
        raw["prices_as_of"],
        raw["currency"],
    )


def _service(raw: dict[str, Any]) -> Service:
    rates = tuple(None if r is None else decimal(r) for r in raw["rates"])
    return Service(
        raw["carrier"], raw["service"], raw["scope"], raw["delivery_days"], rates, raw["best_for"]
    )


@exact
def optimize_shipping_rates(run: Run, data: StoreData) -> dict[str, Any]:
    """Compare indicative carrier rates for the parcel weight against today's cost."""
    table = rate_table()
    weight = decimal(run.input["average_weight_kg"])
    shipments = run.input["monthly_shipments"]
    scopes = _scopes(run.input.get("main_destinations") or [])
    band = _band(table, weight)
    options = [] if band is None else _options(table, band, scopes)
    current = run.input.get("current_average_cost")
    cheapest = next((o for o in options if o[0].scope == scopes[0]), None)
    saving = Decimal(0)
    if current is not None and cheapest is not None:
        saving = max(Decimal(0), (decimal(current) - cheapest[1]) * shipments)
    return {
        "recommendations": [_recommendation(s, price, run.input) for s, price in options],
        "estimated_monthly_saving": two_places(saving),
        "packaging_tips": _tips(table, weight, band, shipments, scopes[0]),
        "summary": _summary(run.input, table, weight, cheapest, saving, scopes),
    }


def _scopes(destinations: list[str]) -> list[str]:
    """Which parts of the table apply, the first destination's first."""
    kinds = [
        "domestic_us" if d.strip().lower() in US_NAMES else "international"
        for d in destinations
        if d.strip()
    ]
    return list(dict.fromkeys(kinds)) or ["domestic_us"]


def _band(table: RateTable, weight: Decimal) -> int | None:
    return next((i for i, limit in enumerate(table.band_limits_kg) if weight <= limit), None)


def _options(table: RateTable, band: int, scopes: list[str]) -> list[tuple[Service, Decimal]]:
    options = []
    for scope in scopes:
        priced = [(s, s.rates[band]) for s in table.services if s.scope == scope]
        offered = [(s, price) for s, price in priced if price is not None]
        options += sorted(offered, key=lambda o: (o[1], o[0].delivery_days))
    return options


def _recommendation(service: Service, price: Decimal, given: dict[str, Any]) -> dict[str, Any]:
    today = str(given.get("current_carrier") or "").strip().lower()
    note = " (the carrier you use today)" if today and service.carrier.lower() in today else ""
    return {
        "carrier": service.carrier,
        "service": service.service,
        "estimated_cost_per_shipment": two_places(price),
        "estimated_delivery_days": service.delivery_days,
        "best_for": service.best_for + note,
    }


def _tips(
    table: RateTable, weight: Decimal, band: int | None, shipments: int, scope: str
) -> list[str]:
    tips = []
    if weight <= 0:
        tips.append(
            "The average weight given is 0 kg: prices are for the lightest band. Weigh a "
            "typical packed parcel, packaging included."
        )
    trim = _trim_tip(table, weight, band, shipments, scope)
    if trim:
        tips.append(trim)
    if weight <= table.band_limits_kg[3]:
        tips.append(
            "Ship in poly mailers or padded envelopes instead of boxes: they weigh less and "
            "keep parcels in the cheapest weight bands."
        )
    else:
        tips.append(
            "UPS and FedEx bill large light boxes by dimensional weight (L x W x H in inches / "
            "139): a 12 x 12 x 12 in box bills as 13 lb (5.9 kg) whatever it weighs. Use the "
            "smallest box that fits."
        )
    if shipments >= VOLUME_SHIPMENTS:
        tips.append(
            f"At {shipments} parcels a month, ask carriers for negotiated rates or buy labels "
            "through a discounted label platform."
        )
    return tips


def _trim_tip(
    table: RateTable, weight: Decimal, band: int | None, shipments: int, scope: str
) -> str | None:
    if not band:
        return None
    limit = table.band_limits_kg[band - 1]
    if weight > limit * (1 + TRIM_SHARE):
        return None
    here, below = _cheapest(table, band, scope), _cheapest(table, band - 1, scope)
    if here is None or below is None or below >= here:
        return None
    grams = ((weight - limit) * 1000).to_integral_value()
    return (
        f"Parcels are {grams} g over the {limit} kg band: trimming packaging to get under it "
        f"cuts the cheapest rate from {two_places(here):.2f} to {two_places(below):.2f}, about "
        f"{two_places((here - below) * shipments):.2f} a month."
    )


def _cheapest(table: RateTable, band: int, scope: str) -> Decimal | None:
    prices = [s.rates[band] for s in table.services if s.scope == scope]
    offered = [p for p in prices if p is not None]
    return min(offered) if offered else None


def _summary(
    given: dict[str, Any],
    table: RateTable,
    weight: Decimal,
    cheapest: tuple[Service, Decimal] | None,
    saving: Decimal,
    scopes: list[str],
) -> str:
    caveat = (
        f" Rates are indicative ({table.currency}, as of {table.prices_as_of}, mid-distance "
        "zone, before surcharges): confirm them with the carrier before switching."
    )
    if cheapest is None:
        return (
            f"No parcel service in BizQ's table takes {weight} kg parcels "
            f"({scopes[0].replace('_', ' ')}): ship them as freight or split them." + caveat
        )
    service, price = cheapest
    best = f"{service.carrier} {service.service} at about {two_places(price):.2f} a parcel"
    current = given.get("current_average_cost")
    if current is None:
        verdict = "No current cost was given, so no saving is estimated."
    elif saving > 0:
        verdict = (
            f"Against today's {two_places(decimal(current)):.2f} a parcel, that saves about "
            f"{two_places(saving):.2f} a month on {given['monthly_shipments']} parcels."
        )
    else:
        verdict = (
            f"Today's {two_places(decimal(current)):.2f} a parcel is already at or below that."
        )
    return f"Cheapest option for {weight} kg parcels: {best}. {verdict}" + caveat


DEFAULT_ITEM_KG = Decimal("0.5")


@exact
def create_shipping_label(run: Run, data: StoreData) -> dict[str, Any]:
    """The carrier service for one parcel from the rate table, and its packing slip."""
    table = rate_table()
    given = run.input
    items = given["items"]
    count = sum(int(i["quantity"]) for i in items)
    weight = decimal(given.get("weight_kg") or DEFAULT_ITEM_KG * count)
    scope = "domestic_us" if given["destination_country"] == "US" else "international"
    band = _band(table, weight)
    options = [] if band is None else _options(table, band, [scope])
    slip = [f"Order #{given['order_number']} — {count} item(s), {two_places(weight)} kg"] + [
        f"{i['quantity']} × {i['title']}" + (f" (SKU {i['sku']})" if i.get("sku") else "")
        for i in items
    ]
    source = (
        f"Indicative {table.currency} rates as of {table.prices_as_of} for parcels sent from "
        "the US; confirm the price when you buy the postage."
    )
    if not options:
        return {
            "carrier": "",
            "service": "",
            "estimated_cost": 0,
            "currency": table.currency,
            "estimated_delivery_days": 0,
            "weight_kg": two_places(weight),
            "packing_slip": slip,
            "label_status": "too_heavy",
            "note": f"No service in the rate table takes {two_places(weight)} kg: split the parcel "
            "or ask a freight carrier. " + source,
        }
    fastest = given.get("speed") == "fastest"
    service, price = min(options, key=lambda o: (o[0].delivery_days, o[1]) if fastest else o[1:])
    return {
        "carrier": service.carrier,
        "service": service.service,
        "estimated_cost": two_places(price),
        "currency": table.currency,
        "estimated_delivery_days": service.delivery_days,
        "weight_kg": two_places(weight),
        "packing_slip": slip,
        "label_status": "buy_postage",
        "note": f"{'Fastest' if fastest else 'Cheapest'} {service.carrier} service for "
        f"{two_places(weight)} kg to {given['destination_country']}. " + source,
    }
