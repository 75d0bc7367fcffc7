"""The buyer's cart as the browser keeps it: in its local storage, one list of lines per
shop (JSON), so the cart is the same in every tab and survives a reload. The browser is
not trusted with prices: the quote and checkout price every line again."""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from bizq_app.core.money import format_money
from bizq_app.sales.quotes import MAX_LINES, MAX_QUANTITY, Quote

LOCALE = "en_US"  # the shop's pages are in English; money follows it
FIELDS = ("key", "product_id", "options", "title", "price", "quantity", "image", "max")


def money(amount: Decimal | str, currency: str) -> str:
    """An amount as the shop shows it (``$26.99``); "" for what is not an amount."""
    try:
        return format_money(Decimal(str(amount)), currency or "USD", LOCALE)
    except (InvalidOperation, ValueError):
        return ""


def carts(saved: str) -> dict[str, list[dict[str, str]]]:
    """Every shop's cart from the stored JSON; what cannot be read is an empty cart."""
    try:
        found = json.loads(saved or "{}")
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(slug): _lines(lines) for slug, lines in found.items()}


def _lines(value: Any) -> list[dict[str, str]]:
    if not isinstance(value, list):
        return []
    lines = []
    for line in value[:MAX_LINES]:
        if isinstance(line, dict) and all(isinstance(line.get(k), str) for k in FIELDS[:6]):
            lines.append({k: str(line.get(k, "")) for k in FIELDS})
    return lines


def saved(saved_carts: str, slug: str, lines: list[dict[str, str]]) -> str:
    """The stored JSON with ``slug``'s cart replaced by ``lines`` (gone when empty)."""
    every = carts(saved_carts)
    every[slug] = [{k: line.get(k, "") for k in FIELDS} for line in lines]
    return json.dumps({s: c for s, c in every.items() if c}, separators=(",", ":"))


def quantity(line: dict[str, str]) -> int:
    try:
        return max(1, min(int(line["quantity"]), MAX_QUANTITY))
    except (KeyError, ValueError):
        return 1


def shown(lines: list[dict[str, str]], currency: str) -> list[dict[str, str]]:
    """The drawer's lines: each with its unit price and its line total, as money."""
    out = []
    for line in lines:
        count = quantity(line)
        price = _amount(line.get("price", ""))
        out.append(
            {
                **line,
                "quantity": str(count),
                "unit": money(price, currency),
                "line_total": money(price * count, currency),
                "more": "1" if count < min(_int(line.get("max", "")), MAX_QUANTITY) else "",
            }
        )
    return out


def total(lines: list[dict[str, str]]) -> Decimal:
    return sum((_amount(i.get("price", "")) * quantity(i) for i in lines), Decimal(0))


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text)
    except (InvalidOperation, ValueError):
        return Decimal(0)


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return MAX_QUANTITY


def for_checkout(lines: list[dict[str, str]]) -> list[dict[str, Any]]:
    """The cart's lines as ``quotes.quote`` and ``checkout.place_order`` read them."""
    out = []
    for line in lines:
        try:
            options = json.loads(line.get("options") or "{}")
        except ValueError:
            options = {}
        out.append(
            {"product_id": line["product_id"], "quantity": quantity(line), "options": options}
        )
    return out


def summary(quote: Quote) -> dict[str, str]:
    """The order summary's figures, as money in the quote's currency."""
    currency = quote.currency
    chosen = next(c for c in quote.shipping_choices if c.method == quote.shipping_method)
    return {
        "subtotal": money(quote.subtotal, currency),
        "shipping": "Free" if not quote.shipping else money(quote.shipping, currency),
        "shipping_name": chosen.name,
        "total": money(quote.total, currency),
        "total_amount": str(quote.total),
        "currency": currency,
        "count": str(sum(line.quantity for line in quote.lines)),
    }


def summary_lines(quote: Quote) -> list[dict[str, str]]:
    return [
        {
            "title": line.title,
            "quantity": str(line.quantity),
            "image": line.image,
            "unit": money(line.unit_price, quote.currency),
            "line_total": money(line.line_total, quote.currency),
        }
        for line in quote.lines
    ]


def shipping_choices(quote: Quote) -> list[dict[str, str]]:
    return [
        {
            "method": c.method,
            "name": c.name,
            "price": "Free" if not c.price else money(c.price, quote.currency),
        }
        for c in quote.shipping_choices
    ]
