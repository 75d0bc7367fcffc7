"""What a cart costs: each line, the subtotal, every shipping choice with its price, taxes
(none are charged yet, so none are listed) and the total, in the store's currency.

One function prices a cart for the checkout page and for checkout itself (``priced``), so
the total a buyer is shown is the total they are charged.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from bizq_app.accounts import stores
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog.models import Product, ProductStatus
from bizq_app.core.errors import ConfigurationError, FieldError, ValidationFailed
from bizq_app.core.money import finer_than, fits, quantize
from bizq_app.data import storefront_shipping
from bizq_app.inventory import stock
from bizq_app.sales import addresses

MAX_LINES, MAX_QUANTITY = 50, 100
SHIPPING_NAMES = {"standard": "Standard shipping", "express": "Express shipping"}

Options = tuple[tuple[str, str], ...]
LineKey = tuple[uuid.UUID, Options]  # a product and its variant's options


@dataclass(frozen=True)
class Line:
    """What the buyer asks for: a product (its variant's options) and how many."""

    product_id: uuid.UUID
    quantity: int
    options: Options = ()  # the variant's options, for products with variants

    @property
    def key(self) -> LineKey:
        return self.product_id, self.options


@dataclass(frozen=True)
class QuotedLine:
    product_id: uuid.UUID
    options: dict[str, str]
    title: str  # with the variant: "Linen tee (S)"
    image: str
    unit_price: Decimal
    quantity: int
    line_total: Decimal


@dataclass(frozen=True)
class ShippingChoice:
    method: str
    name: str
    price: Decimal  # 0: free (the order reached the free-shipping total)


@dataclass(frozen=True)
class TaxLine:
    name: str
    amount: Decimal


@dataclass(frozen=True)
class Quote:
    currency: str
    lines: tuple[QuotedLine, ...]
    subtotal: Decimal
    shipping_method: str
    shipping_choices: tuple[ShippingChoice, ...]
    shipping: Decimal
    taxes: tuple[TaxLine, ...]  # none yet: BizQ charges no tax, so it shows none
    total: Decimal
    free_shipping_from: Decimal


def quote(*, session: Session, store_slug: str, fields: Mapping[str, Any]) -> Quote:
    """Price a cart at the store's current prices (``lines``, ``shipping_method``, and the
    ``country`` it goes to, when known), for the checkout page or a headless shop.

    Raises:
        NotFound: no such store. ValidationFailed: each bad field or line, with its path.
        ConfigurationError: BizQ has no shipping rates in the store's currency.
    """
    errors: list[FieldError] = []
    lines = parse_lines(fields.get("lines"), errors)
    method = check_method(fields.get("shipping_method") or "standard", errors)
    country = str(fields.get("country") or "").strip()
    if country and not addresses.is_country(country):
        errors.append(FieldError("$.country", "must be a two-letter country code (ISO 3166)"))
    if errors:
        raise ValidationFailed("The cart cannot be priced.", errors)
    store = stores.store_at(session, store_slug)
    found = catalog_lookups.products_by_id(session, store.id, {ln.product_id for ln in lines})
    refused = [problem for i, ln in enumerate(lines) if (problem := sale_problem(i, ln, found))]
    if refused:
        raise ValidationFailed("Some items are not for sale.", refused)
    return priced(store.currency, lines, found, method)


def priced(
    currency: str, lines: Sequence[Line], products: Mapping[uuid.UUID, Product], method: str
) -> Quote:
    """The quote of ``lines`` of ``products`` (checked for sale) with ``method``'s shipping.

    Raises:
        ValidationFailed: a price finer than the currency allows (12.50 in a yen shop).
        ConfigurationError: BizQ has no shipping rates in this currency.
    """
    _check_prices(lines, products, currency)
    quoted = tuple(_line(products[ln.product_id], ln, currency) for ln in lines)
    subtotal = sum((q.line_total for q in quoted), quantize(Decimal(0), currency))
    choices, free_from = shipping_choices(currency, subtotal)
    shipping = next(c.price for c in choices if c.method == method)
    return Quote(
        currency=currency,
        lines=quoted,
        subtotal=subtotal,
        shipping_method=method,
        shipping_choices=choices,
        shipping=shipping,
        taxes=(),
        total=subtotal + shipping,
        free_shipping_from=free_from,
    )


def _line(product: Product, line: Line, currency: str) -> QuotedLine:
    options = dict(line.options)
    unit = quantize(stock.price(product, options), currency)  # 1200.00 is ¥1200
    title = f"{product.title} ({stock.label(options)})" if options else product.title
    return QuotedLine(
        product_id=product.id,
        options=options,
        title=title[:200],
        image=product.images[0] if product.images else "",
        unit_price=unit,
        quantity=line.quantity,
        line_total=unit * line.quantity,
    )


def shipping_choices(
    currency: str, subtotal: Decimal
) -> tuple[tuple[ShippingChoice, ...], Decimal]:
    """Each shipping method at its price for an order of ``subtotal`` (free from the
    store's free-shipping total up), and that total.

    Raises:
        ConfigurationError: BizQ has no shipping rates in this currency.
    """
    rates = storefront_shipping.rates_for(currency)
    if rates is None:
        raise ConfigurationError(f"This shop cannot take orders in {currency} yet.")
    free = subtotal >= rates.free_from
    choices = tuple(
        ShippingChoice(m, SHIPPING_NAMES.get(m, m), Decimal(0) if free else rates.prices[m])
        for m in storefront_shipping.METHODS
    )
    return choices, rates.free_from


def check_method(value: Any, errors: list[FieldError]) -> str:
    """The shipping method asked for; an error when it is none BizQ offers."""
    if value not in storefront_shipping.METHODS:
        choices = ", ".join(storefront_shipping.METHODS)
        errors.append(FieldError("$.shipping_method", f"must be one of: {choices}"))
        return storefront_shipping.METHODS[0]
    return str(value)


def sale_problem(i: int, line: Line, products: Mapping[uuid.UUID, Product]) -> FieldError | None:
    """Why the ``i``-th line cannot be bought as asked (stock aside), or None."""
    product, options = products.get(line.product_id), dict(line.options)
    if product is None or product.status != ProductStatus.ACTIVE.value:
        return FieldError(f"$.lines[{i}].product_id", "is not for sale here")
    if product.variants and stock.variant_of(product, options) is None:
        choices = ", ".join(stock.label(v["options"]) for v in product.variants)
        return FieldError(f"$.lines[{i}].options", f"choose one of: {choices}")
    if not product.variants and options:
        return FieldError(f"$.lines[{i}].options", "this product has no variants")
    return None


def _check_prices(
    lines: Sequence[Line], products: Mapping[uuid.UUID, Product], currency: str
) -> None:
    """A price set before the store changed its currency (12.50 in a yen shop) cannot be
    charged: refused before any stock is taken."""
    errors = [
        FieldError(f"$.lines[{i}].product_id", f"its price {finer_than(currency)}; ask the shop")
        for i, line in enumerate(lines)
        if not fits(stock.price(products[line.product_id], dict(line.options)), currency)
    ]
    if errors:
        raise ValidationFailed("Some items cannot be sold at their price yet.", errors)


def parse_lines(value: Any, errors: list[FieldError]) -> tuple[Line, ...]:
    """The cart's lines as sent (``[{"product_id", "quantity", "options"?}]``); each
    problem goes to ``errors`` with its path."""
    if not isinstance(value, list) or not value:
        errors.append(FieldError("$.lines", "the cart is empty"))
        return ()
    if len(value) > MAX_LINES:
        errors.append(FieldError("$.lines", f"at most {MAX_LINES} different items"))
        return ()
    lines = []
    for i, item in enumerate(value):
        try:
            product_id = uuid.UUID(str((item or {}).get("product_id")))
            quantity = int((item or {}).get("quantity", 1))
        except (ValueError, TypeError, AttributeError):
            errors.append(FieldError(f"$.lines[{i}]", "needs a product_id and a quantity"))
            continue
        if not 1 <= quantity <= MAX_QUANTITY:
            errors.append(FieldError(f"$.lines[{i}].quantity", f"must be 1 to {MAX_QUANTITY}"))
        options = item.get("options") or {}
        if not isinstance(options, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and len(v) <= 60 for k, v in options.items()
        ):
            errors.append(FieldError(f"$.lines[{i}].options", 'must be like {"size": "M"}'))
            continue
        lines.append(Line(product_id, quantity, tuple(options.items())))
    return tuple(lines)
