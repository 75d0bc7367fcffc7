"""A connection's price and stock rules: what a channel shows for a product.

- **Price**: the product's price changed by a percentage and then an amount (either may
  be negative), rounded half-up to the currency's minor unit, then optionally made to
  end in .99 or .95 or to be a whole amount — always upwards, so a rule never takes more
  off than it says. A zero-decimal currency (JPY) only knows whole amounts.
- **Stock**: a share of what BizQ can sell (rounded down), less a buffer kept back for
  the other channels, never more than a maximum and never below zero.

No rule at all (the default) shows the product's own price and every unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation
from typing import Any

from bizq_app.catalog.models import Product
from bizq_app.core import money
from bizq_app.core.errors import FieldError, ValidationFailed

ROUNDINGS = {
    "none": "as calculated",
    "99": "ends in .99",
    "95": "ends in .95",
    "whole": "a whole amount",
}
MAX_SHOWN = 1_000_000


@dataclass(frozen=True)
class ChannelRules:
    price_percent: Decimal = Decimal(0)
    price_amount: Decimal = Decimal(0)
    rounding: str = "none"
    stock_share: int = 100  # per cent of what BizQ can sell
    stock_buffer: int = 0  # units kept back
    max_shown: int | None = None

    def saved(self) -> dict[str, Any]:
        """As stored on the connection (JSON: amounts as strings)."""
        data = asdict(self)
        data["price_percent"], data["price_amount"] = (
            str(self.price_percent),
            str(self.price_amount),
        )
        return data

    def described(self, currency: str) -> str:
        """The rules in words, as the seller reads them on the connection."""
        parts = []
        if self.price_percent:
            parts.append(f"price {self.price_percent:+}%")
        if self.price_amount:
            parts.append(f"price {self.price_amount:+} {currency}")
        if self.rounding != "none":
            parts.append(ROUNDINGS[self.rounding])
        if self.stock_share != 100:
            parts.append(f"{self.stock_share}% of the stock")
        if self.stock_buffer:
            parts.append(f"{self.stock_buffer} kept back")
        if self.max_shown is not None:
            parts.append(f"at most {self.max_shown} shown")
        return ", ".join(parts) or "the product's own price and all its stock"


NONE = ChannelRules()


def of(saved: Mapping[str, Any] | None) -> ChannelRules:
    """The rules stored on a connection ({} for none)."""
    if not saved:
        return NONE
    return ChannelRules(
        price_percent=Decimal(str(saved.get("price_percent", "0"))),
        price_amount=Decimal(str(saved.get("price_amount", "0"))),
        rounding=str(saved.get("rounding", "none")),
        stock_share=int(saved.get("stock_share", 100)),
        stock_buffer=int(saved.get("stock_buffer", 0)),
        max_shown=None if saved.get("max_shown") is None else int(saved["max_shown"]),
    )


def clean(fields: Mapping[str, Any], currency: str) -> ChannelRules:
    """Rules from a form or a request, every field checked.

    Raises:
        ValidationFailed: each bad field, with its path.
    """
    errors: list[FieldError] = []
    percent = _decimal(fields, "price_percent", errors, low=Decimal(-90), high=Decimal(500))
    if percent is not None and percent != percent.quantize(Decimal("0.01")):
        errors.append(FieldError("$.price_percent", "must have at most 2 decimals"))
    amount = _decimal(fields, "price_amount", errors, low=Decimal(-100_000), high=Decimal(100_000))
    if amount is not None and not money.fits(amount, currency):
        errors.append(FieldError("$.price_amount", money.finer_than(currency)))
    rounding = str(fields.get("rounding") or "none").strip().lower().removeprefix(".")
    if rounding not in ROUNDINGS:
        errors.append(FieldError("$.rounding", f"must be one of: {', '.join(ROUNDINGS)}"))
    elif rounding in ("99", "95") and money.exponent(currency) == 0:
        errors.append(FieldError("$.rounding", f"{currency} has no cents; choose whole or none"))
    share = _whole(fields, "stock_share", errors, low=1, high=100, default=100)
    buffer = _whole(fields, "stock_buffer", errors, low=0, high=MAX_SHOWN, default=0)
    most = _whole(fields, "max_shown", errors, low=0, high=MAX_SHOWN, default=None)
    if errors:
        raise ValidationFailed("Some channel rules need attention.", errors)
    return ChannelRules(
        price_percent=percent or Decimal(0),
        price_amount=amount or Decimal(0),
        rounding=rounding,
        stock_share=share if share is not None else 100,
        stock_buffer=buffer or 0,
        max_shown=most,
    )


def price(rules: ChannelRules, base: Decimal, currency: str) -> Decimal:
    """What the channel asks for an item BizQ sells at ``base``: never under the
    currency's minor unit."""
    changed = base * (1 + rules.price_percent / 100) + rules.price_amount
    amount = money.quantize(changed, currency)
    unit = money.minor_unit(currency)
    if rules.rounding == "whole" or (rules.rounding != "none" and unit == 1):
        amount = amount.quantize(Decimal(1), rounding=ROUND_CEILING)
    elif rules.rounding in ("99", "95"):
        ending = Decimal(f"0.{rules.rounding}")
        whole = amount.quantize(Decimal(1), rounding=ROUND_CEILING)
        candidate = whole - 1 + ending
        amount = candidate if candidate >= amount else whole + ending
        amount = money.quantize(amount, currency)
    return max(amount, unit)


def shown(rules: ChannelRules, available: int) -> int:
    """How many units the channel shows when BizQ can sell ``available``."""
    share = Decimal(max(available, 0)) * rules.stock_share / 100
    quantity = max(int(share.to_integral_value(rounding=ROUND_FLOOR)) - rules.stock_buffer, 0)
    return min(quantity, rules.max_shown) if rules.max_shown is not None else quantity


def below_cost(
    rules: ChannelRules, product: Product, prices: Mapping[str, Decimal], currency: str
) -> str:
    """A warning in words when a SKU would sell under the product's cost on the channel
    (``prices``: the channel's price per SKU, in the store's ``currency``), else ""."""
    cost = product.cost or Decimal(0)
    under = {sku: p for sku, p in prices.items() if cost and p < cost}
    if not under:
        return ""
    listed = ", ".join(f"{sku} at {p}" for sku, p in sorted(under.items()))
    return (
        f"Sells below its cost of {money.quantize(cost, currency)} "
        f"{currency} on this channel: {listed}."
    )


def _decimal(
    fields: Mapping[str, Any],
    key: str,
    errors: list[FieldError],
    *,
    low: Decimal,
    high: Decimal,
) -> Decimal | None:
    raw = fields.get(key)
    if raw is None or str(raw).strip() == "":
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        errors.append(FieldError(f"$.{key}", "must be a number"))
        return None
    if not value.is_finite() or not low <= value <= high:
        errors.append(FieldError(f"$.{key}", f"must be between {low} and {high}"))
        return None
    return value


def _whole(
    fields: Mapping[str, Any],
    key: str,
    errors: list[FieldError],
    *,
    low: int,
    high: int,
    default: int | None,
) -> int | None:
    raw = fields.get(key)
    if raw is None or str(raw).strip() == "":
        return default
    text = str(raw).strip()
    if isinstance(raw, bool) or not text.isdigit():
        errors.append(FieldError(f"$.{key}", "must be a whole number"))
        return default
    value = int(text)
    if not low <= value <= high:
        errors.append(FieldError(f"$.{key}", f"must be between {low} and {high}"))
        return default
    return value
