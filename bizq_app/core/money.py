"""Money: amounts are ``Decimal``, quantised to the currency's minor unit, half-up.

The one place for the minor unit of a currency (ISO 4217 exponent: JPY 0, USD 2,
KWD 3), the rounding rule, and how an amount is shown with its currency.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency, get_currency_symbol

CENT = Decimal("0.01")
ZERO_DECIMAL = frozenset(
    {
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "ISK",
        "JPY",
        "KMF",
        "KRW",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    }
)
THREE_DECIMAL = frozenset({"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"})


def exponent(currency: str = "USD") -> int:
    """How many decimals the currency's minor unit has (ISO 4217)."""
    code = currency.upper()
    return 0 if code in ZERO_DECIMAL else 3 if code in THREE_DECIMAL else 2


def minor_unit(currency: str = "USD") -> Decimal:
    """The smallest amount of the currency: ``0.01`` for USD, ``1`` for JPY."""
    return Decimal(1).scaleb(-exponent(currency))


def quantize(amount: Decimal, currency: str = "USD") -> Decimal:
    """``amount`` rounded half-up to the currency's minor unit."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


def fits(amount: Decimal, currency: str = "USD") -> bool:
    """Whether ``amount`` can be paid in the currency: no finer than its minor unit
    (12.50 cannot be charged in JPY)."""
    return amount == quantize(amount, currency)


def finer_than(currency: str) -> str:
    """What an amount that does not ``fit`` the currency is told."""
    places = exponent(currency)
    what = "a whole amount" if places == 0 else f"at most {places} decimals"
    return f"must be {what} in {currency.upper()}"


def format_amount(amount: Decimal, currency: str = "USD") -> str:
    """``amount`` as an owner reads it in the admin: ``$1,234.50``, ``€9.90``, ``¥1,200``
    (``format_money`` in BizQ's admin locale)."""
    return format_money(amount, currency)


def format_money(amount: Decimal, currency: str = "USD", locale: str = "en_US") -> str:
    """``amount`` as a buyer reads it in ``locale`` (Babel, CLDR's patterns and symbols),
    to the currency's minor unit: ``$26.99`` (en_US), ``26,99 €`` (de_DE), ``¥3,000``."""
    code = currency.upper()
    return str(format_currency(quantize(amount, code), code, locale=locale))


def symbol(currency: str, locale: str = "en_US") -> str:
    """The currency's sign in ``locale``: ``$``, ``€``, ``CA$``; the code when it has none."""
    return str(get_currency_symbol(currency.upper(), locale=locale))
