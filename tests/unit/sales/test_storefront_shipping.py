"""Every currency a store may choose has storefront shipping rates, each a price that
can be charged in that currency (whole yen, cents for dollars)."""

from __future__ import annotations

from bizq_app.accounts.stores import CURRENCIES
from bizq_app.core.money import quantize
from bizq_app.data import storefront_shipping


def test_every_store_currency_has_rates_chargeable_in_its_minor_unit() -> None:
    assert storefront_shipping.currencies() >= CURRENCIES
    for code in CURRENCIES:
        rates = storefront_shipping.rates_for(code)
        assert rates is not None
        for amount in (*rates.prices.values(), rates.free_from):
            assert amount > 0 and quantize(amount, code) == amount, (code, amount)


def test_yen_rates_are_whole_yen_and_unknown_currencies_have_none() -> None:
    yen = storefront_shipping.rates_for("jpy")
    assert yen is not None and yen.prices["standard"] == yen.prices["standard"].to_integral()
    assert storefront_shipping.rates_for("XYZ") is None
