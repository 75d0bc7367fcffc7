"""Every e-mail BizQ sends for a store: its default subject and body (Jinja2 text, which
the owner may replace per store), the placeholders it can use, and sample values to
preview and check an edited template with.

``send``'s callers pass the placeholders' values as the e-mail's context; a placeholder
listed here must be in the context of every e-mail of its kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class EmailKind:
    """One kind of e-mail: ``placeholders`` maps each name to a one-line description."""

    kind: str
    title: str
    to: str  # who receives it
    subject: str
    body: str
    placeholders: dict[str, str]


_BUYER = {
    "name": "The buyer's name (“there” when the order has none)",
    "number": "The order number",
    "store": "The store's name",
    "total": "The order's total, like 45.00",
    "currency": "The order's currency code, like USD",
    "status_url": "The link where the buyer follows their order",
}
_FOLLOW = "Follow your order here: {{ status_url }}"
_SIGNED = "\n\n{{ store }}"

KINDS: dict[str, EmailKind] = {
    k.kind: k
    for k in (
        EmailKind(
            "order_confirmation",
            "Order confirmation",
            "the buyer, once the order is paid",
            "Your order #{{ number }} at {{ store }}",
            "Hello {{ name }},\n\nThank you for your order #{{ number }} at {{ store }}.\n\n"
            "{{ lines }}\n\nTotal paid: {{ total }} {{ currency }}{{ test_note }}\n\n"
            + _FOLLOW
            + _SIGNED,
            {
                **_BUYER,
                "lines": "The items ordered, one per line, like “2 × Soy candle”",
                "test_note": "“ (test mode: no real money was taken)” for a test payment, "
                "else empty",
            },
        ),
        EmailKind(
            "order_shipped",
            "Order shipped",
            "the buyer, when the order is marked shipped",
            "Order #{{ number }} from {{ store }} is on its way",
            "Hello {{ name }},\n\nYour order #{{ number }} has shipped.\n"
            "Tracking number: {{ tracking }}\n\n" + _FOLLOW + _SIGNED,
            {**_BUYER, "tracking": "The tracking number (“not given” when there is none)"},
        ),
        EmailKind(
            "order_refunded",
            "Refund",
            "the buyer, for each refund",
            "Refund for order #{{ number }} at {{ store }}",
            "Hello {{ name }},\n\nWe refunded {{ amount }} {{ currency }} for order "
            "#{{ number }}.{{ reason }}\nIt reaches your card within 5–10 business days.\n\n"
            + _FOLLOW
            + _SIGNED,
            {
                **_BUYER,
                "amount": "The amount refunded, like 20.00",
                "reason": "“ Reason: …” when the refund gives one, else empty",
            },
        ),
        EmailKind(
            "review_request",
            "Review request",
            "the buyer, once the order is delivered",
            "How was your order #{{ number }} from {{ store }}?",
            "Hello {{ name }},\n\nYour order #{{ number }} has arrived. Tell us what you "
            "think: rate each product (it takes a minute) here:\n{{ status_url }}\n\n"
            "Thank you,\n{{ store }}",
            dict(_BUYER),
        ),
        EmailKind(
            "digital_download",
            "Digital downloads",
            "the buyer of digital products, once the order is paid",
            "Your downloads from {{ store }} (order #{{ number }})",
            "Hello {{ name }},\n\nHere are your files:\n\n{{ links }}\n\n"
            "Each link works for {{ days }} days.\n\n{{ store }}",
            {
                **_BUYER,
                "links": "Each file's title and download link, one per line",
                "days": "How many days each link works",
            },
        ),
        EmailKind(
            "purchase_order",
            "Purchase order",
            "you, to pass on to a supplier that takes orders by e-mail",
            "Purchase order {{ reference }} for {{ supplier }}",
            "Order #{{ number }} at {{ store }} is to be shipped by {{ supplier }}, which "
            "takes orders by e-mail or on its site ({{ website }}). Send it this purchase "
            "order:\n\nPurchase order {{ reference }}\n{{ lines }}\n\n"
            "Ship to:\n{{ address }}",
            {
                "reference": "The purchase order's reference, like PO-1042-WICKCO",
                "supplier": "The supplier's name",
                "website": "The supplier's website (“no website on file” when unknown)",
                "number": "The order number",
                "store": "The store's name",
                "lines": "The items to ship, one per line, with the supplier's SKU",
                "address": "The buyer's name and shipping address, one part per line",
            },
        ),
    )
}


def sample(kind: str, *, store: str, slug: str, currency: str, base_url: str) -> dict[str, Any]:
    """Values for every placeholder of ``kind``, as a real e-mail of the store has them
    (the same types: a number, an amount, text): what a preview shows and what an edited
    template must render with."""
    values: dict[str, Any] = {
        "name": "Alex Morgan",
        "number": 1042,
        "store": store,
        "total": Decimal("45.00"),
        "currency": currency,
        "status_url": f"{base_url}/s/{slug}/order?t=sample",
        "lines": "2 × Soy candle\n1 × Beeswax wrap",
        "test_note": "",
        "tracking": "1Z999AA10123456784",
        "amount": Decimal("20.00"),
        "reason": " Reason: the parcel arrived damaged.",
        "links": f"Candle care guide: {base_url}/api/downloads/sample",
        "days": 7,
        "reference": "PO-1042-WICKCO",
        "supplier": "Wick & Co",
        "website": "https://wick.example",
        "address": "Alex Morgan\n1 Wick Lane\nPortland\n97201\nUS",
    }
    if kind == "purchase_order":
        values["lines"] = "2 × Soy candle (SKU WK-9)\n1 × Beeswax wrap (SKU BW-2)"
    return {name: values[name] for name in KINDS[kind].placeholders}
