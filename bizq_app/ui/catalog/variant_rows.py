"""Variants in the product form: rows of inputs ⇄ the ``variants`` field the service checks.

Options are typed the way people write them, ``Size: M, Colour: Red``.
"""

from __future__ import annotations

import re
from typing import Any

from bizq_app.core.errors import FieldError, ValidationFailed

FIELD = re.compile(r"^variant-(\d+)-(options|price|sku|stock)$")
MARKER = "variants_in_form"  # a hidden input: the form holds the variant rows (maybe none)


def to_rows(variants: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The product's variants as text rows for the form."""
    return [
        {
            "options": ", ".join(f"{k.capitalize()}: {v}" for k, v in v["options"].items()),
            "price": str(v.get("price", "")),
            "sku": str(v.get("sku") or ""),
            "stock": str(v.get("stock", "")),
        }
        for v in variants
    ]


def from_form(form: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The variants typed in the form; None when the form has no variant section.

    Raises:
        ValidationFailed: options not written as ``Name: value`` pairs.
    """
    if MARKER not in form:
        return None
    rows: dict[int, dict[str, str]] = {}
    for name, value in form.items():
        match = FIELD.match(name)
        if match:
            rows.setdefault(int(match[1]), {})[match[2]] = str(value).strip()
    variants, errors = [], []
    for position, index in enumerate(sorted(rows)):
        row = rows[index]
        options = _options(row.get("options", ""))
        if options is None:
            errors.append(
                FieldError(f"$.variants[{position}].options", "write them as Size: M, Colour: Red")
            )
            continue
        variants.append(
            {
                "options": options,
                "price": row.get("price", ""),
                "sku": row.get("sku", ""),
                "stock": row.get("stock") or "0",
            }
        )
    if errors:
        raise ValidationFailed("Some variants need attention.", errors)
    return variants


def _options(text: str) -> dict[str, str] | None:
    pairs = [p for p in (part.strip() for part in text.split(",")) if p]
    options = {}
    for pair in pairs:
        name, sep, value = pair.partition(":")
        if not sep or not name.strip() or not value.strip():
            return None
        options[name.strip().lower()] = value.strip()
    return options or None
