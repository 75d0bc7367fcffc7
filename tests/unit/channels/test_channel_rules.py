"""A channel's price and stock rules as a seller reads them: what a listing costs and shows
there, and every bad rule refused with its field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bizq_app.catalog.models import Product
from bizq_app.channels import rules
from bizq_app.channels.rules import ChannelRules
from bizq_app.core.errors import ValidationFailed


@pytest.mark.parametrize(
    ("fields", "base", "expected"),
    [
        ({}, "24.00", "24.00"),
        ({"price_percent": "10"}, "24.00", "26.40"),
        ({"price_percent": "10", "rounding": "99"}, "24.00", "26.99"),
        ({"price_percent": "10", "rounding": "95"}, "24.00", "26.95"),
        ({"price_percent": "12.5", "rounding": "95"}, "24.00", "27.95"),  # 27.00 → up to .95
        ({"price_percent": "10", "rounding": "whole"}, "24.00", "27"),
        ({"rounding": "99"}, "26.99", "26.99"),  # already ends in .99: unchanged
        ({"price_percent": "-10", "price_amount": "1.50"}, "20.00", "19.50"),
        ({"price_amount": "-30"}, "20.00", "0.01"),  # never free
        ({"price_percent": "0.5"}, "9.99", "10.04"),  # 10.03995, half-up
    ],
)
def test_the_channel_price_follows_the_rule(
    fields: dict[str, str], base: str, expected: str
) -> None:
    rule = rules.clean(fields, "USD")

    assert rules.price(rule, Decimal(base), "USD") == Decimal(expected)


def test_a_yen_price_stays_whole_and_cents_endings_are_refused() -> None:
    rule = rules.clean({"price_percent": "5", "rounding": "whole"}, "JPY")

    assert rules.price(rule, Decimal(1234), "JPY") == Decimal(1296)  # 1295.7 → 1296
    with pytest.raises(ValidationFailed) as refused:
        rules.clean({"rounding": "99"}, "JPY")
    assert [e.path for e in refused.value.errors] == ["$.rounding"]


@pytest.mark.parametrize(
    ("fields", "available", "expected"),
    [
        ({}, 7, 7),
        ({"stock_share": "50"}, 7, 3),  # rounded down: never promise half a unit
        ({"stock_buffer": "2"}, 7, 5),
        ({"stock_buffer": "2"}, 1, 0),
        ({"stock_share": 80, "stock_buffer": 1, "max_shown": 3}, 100, 3),
        ({"max_shown": "0"}, 9, 0),
        ({}, -2, 0),
    ],
)
def test_the_channel_shows_what_the_stock_rule_allows(
    fields: dict[str, object], available: int, expected: int
) -> None:
    assert rules.shown(rules.clean(fields, "USD"), available) == expected


@given(
    share=st.integers(1, 100),
    buffer=st.integers(0, 50),
    most=st.none() | st.integers(0, 500),
    available=st.integers(-5, 10_000),
)
def test_a_channel_never_shows_more_than_bizq_can_sell(
    share: int, buffer: int, most: int | None, available: int
) -> None:
    rule = ChannelRules(stock_share=share, stock_buffer=buffer, max_shown=most)

    assert 0 <= rules.shown(rule, available) <= max(available, 0)


def test_every_bad_rule_is_refused_with_its_field() -> None:
    with pytest.raises(ValidationFailed) as refused:
        rules.clean(
            {
                "price_percent": "-95",
                "price_amount": "0.001",
                "rounding": "97",
                "stock_share": "0",
                "stock_buffer": "-1",
                "max_shown": "lots",
            },
            "USD",
        )

    assert [e.path for e in refused.value.errors] == [
        "$.price_percent",
        "$.price_amount",
        "$.rounding",
        "$.stock_share",
        "$.stock_buffer",
        "$.max_shown",
    ]
    with pytest.raises(ValidationFailed):
        rules.clean({"price_percent": "nan"}, "USD")
    with pytest.raises(ValidationFailed):
        rules.clean({"price_percent": "10.125"}, "USD")


def test_saved_rules_read_back_the_same_and_say_what_they_do() -> None:
    rule = rules.clean(
        {"price_percent": "10", "rounding": "99", "stock_share": "80", "stock_buffer": "2"}, "USD"
    )

    assert rules.of(rule.saved()) == rule
    assert rules.of({}) == rules.NONE
    assert rule.described("USD") == "price +10%, ends in .99, 80% of the stock, 2 kept back"
    assert rules.NONE.described("USD") == "the product's own price and all its stock"


def test_a_price_under_the_cost_is_named_in_the_warning() -> None:
    product = Product(title="Fig candle", price=Decimal("24.00"), cost=Decimal("20.00"))
    rule = rules.clean({"price_percent": "-20"}, "USD")

    prices = {"FIG-1": rules.price(rule, product.price, "USD")}
    warning = rules.below_cost(rule, product, prices, "USD")

    assert warning == "Sells below its cost of 20.00 USD on this channel: FIG-1 at 19.20."
    assert rules.below_cost(rules.NONE, product, {"FIG-1": product.price}, "USD") == ""
