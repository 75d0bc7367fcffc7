"""What approving a task's output changes in the store, field by field.

A listing rewrite, an SEO rewrite or a price review proposes new values for a product;
approving it writes them. The owner sees each field that would change as it is now and
as it would be, computed from the task's output against the product as it is now. A
field the output leaves as it is, or does not touch, is not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from bizq_app.catalog.models import Product
from bizq_app.core.money import format_amount

# per task type: (field label, the product's attribute, the output's key)
PROPOSED = {
    "product.optimize_listing": (
        ("Title", "title", "new_title"),
        ("Description", "description", "new_description"),
    ),
    "product.optimize_seo": (
        ("Title", "title", "proposed_title"),
        ("Description", "description", "proposed_description"),
    ),
    "product.price_optimization": (("Price", "price", "recommended_price"),),
}


@dataclass(frozen=True)
class Change:
    """One field as it is now and as approving would make it."""

    field: str
    before: str
    after: str


def of_task(task_type: str, output: dict[str, Any] | None, product: Product | None) -> list[Change]:
    """The fields of ``product`` that approving this output would change."""
    if product is None or not output:
        return []
    found = []
    for label, attribute, key in PROPOSED.get(task_type, ()):
        if key not in output:
            continue
        before, after = _shown(product, attribute, getattr(product, attribute)), output[key]
        after_shown = _shown(product, attribute, after)
        if after_shown != before:
            found.append(Change(label, before, after_shown))
    return found


def _shown(product: Product, attribute: str, value: Any) -> str:
    if attribute != "price":
        return str(value or "")
    try:
        return format_amount(Decimal(str(value)), product.currency)
    except (InvalidOperation, ValueError):
        return str(value)
