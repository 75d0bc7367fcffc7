"""Bundled planning figures for the sales channels a store could add
(``channel_economics.json``): setup and monthly costs, the fee per sale, the share of
the store's revenue a new channel commonly adds, the price band its buyers favour, the
words of products that fit it, what it needs and what to watch — with the date set."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class ChannelEconomics:
    channel: str
    label: str
    setup_cost: Decimal
    monthly_cost: Decimal
    fees_percent: Decimal
    order_fee: Decimal
    revenue_share: Decimal
    price_band: tuple[Decimal, Decimal]
    keywords: tuple[str, ...]
    requirements: tuple[str, ...]
    risks: tuple[str, ...]


@lru_cache
def table() -> tuple[str, dict[str, ChannelEconomics]]:
    """The date the figures were set, and the figures by channel."""
    text = resources.files("bizq_app.data").joinpath("channel_economics.json").read_text("utf-8")
    document = json.loads(text)
    found = {
        name: ChannelEconomics(
            channel=name,
            label=row["label"],
            setup_cost=Decimal(row["setup_cost"]),
            monthly_cost=Decimal(row["monthly_cost"]),
            fees_percent=Decimal(row["fees_percent"]),
            order_fee=Decimal(row["order_fee"]),
            revenue_share=Decimal(row["revenue_share"]),
            price_band=(Decimal(row["price_band"][0]), Decimal(row["price_band"][1])),
            keywords=tuple(row["keywords"]),
            requirements=tuple(row["requirements"]),
            risks=tuple(row["risks"]),
        )
        for name, row in document["channels"].items()
    }
    return str(document["set_on"]), found
