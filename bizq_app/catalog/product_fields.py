"""The rules for a product's fields, shared by the forms, the API and CSV import."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from bizq_app.catalog.models import ProductStatus
from bizq_app.core.errors import FieldError, ValidationFailed
from bizq_app.core.money import finer_than, fits, quantize
from bizq_app.integrations.storage import MEDIA_PREFIX
from bizq_app.inventory import stock

MAX_PRICE = Decimal("1000000")
MAX_VARIANTS = 100
MAX_IMAGES = 10


class Invalid(ValueError):
    """One field's problem; ``path`` is relative to the field."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.message, self.path = message, path


def clean_fields(
    fields: Mapping[str, Any], *, partial: bool, currency: str = "USD"
) -> dict[str, Any]:
    """The product fields, cleaned; unknown names and every bad value are reported at once.
    Prices and costs must fit the store's ``currency`` (whole yen in JPY).

    Raises:
        ValidationFailed: one FieldError per problem (``$.price``, ``$.variants[1].sku``).
    """
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    for name in fields:
        if name not in RULES:
            errors.append(FieldError(f"$.{name}", "is not a product field"))
    if not partial and "title" not in fields:
        errors.append(FieldError("$.title", "is required"))
    for name, rule in RULES.items():
        if name not in fields:
            continue
        try:
            values[name] = rule(fields[name])
        except Invalid as exc:
            errors.append(FieldError(f"$.{name}{exc.path}", exc.message))
    errors += _unpayable(values, currency)
    if errors:
        raise ValidationFailed("Some fields need attention.", errors)
    if values.get("variants"):  # sold by variant: the stock is theirs, summed
        values["inventory_quantity"] = stock.total_of(values["variants"])
    return values


def _unpayable(values: Mapping[str, Any], currency: str) -> list[FieldError]:
    amounts = {f"$.{name}": values[name] for name in ("price", "cost") if name in values}
    for i, variant in enumerate(values.get("variants") or []):
        amounts[f"$.variants[{i}].price"] = Decimal(variant["price"])
    return [
        FieldError(path, finer_than(currency))
        for path, v in amounts.items()
        if not fits(v, currency)
    ]


def parse_amount(value: Any) -> Decimal:
    """An amount from 0 to a million with at most two decimals (text or number)."""
    if isinstance(value, bool) or value is None or value == "":
        raise Invalid("must be an amount such as 19.99")
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as exc:
        raise Invalid("must be an amount such as 19.99") from exc
    if not amount.is_finite() or amount < 0:
        raise Invalid("must be 0 or more")
    if amount > MAX_PRICE:
        raise Invalid(f"must be at most {MAX_PRICE}")
    if amount != quantize(amount):
        raise Invalid("must have at most two decimals")
    return quantize(amount)


def count(value: Any) -> int:
    """A whole number of units, 0 or more."""
    if isinstance(value, bool):
        raise Invalid("must be a whole number")
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError as exc:
        raise Invalid("must be a whole number") from exc
    if number < 0:
        raise Invalid("must be 0 or more")
    if number > 10_000_000:
        raise Invalid("must be at most 10,000,000")
    return number


def text(limit: int, *, required: bool = False) -> Callable[[Any], str]:
    def rule(value: Any) -> str:
        if value is None and not required:
            return ""
        if not isinstance(value, str):
            raise Invalid("must be text")
        cleaned = value.strip()
        if required and not cleaned:
            raise Invalid("is required")
        if len(cleaned) > limit:
            raise Invalid(f"must be at most {limit:,} characters (it has {len(cleaned):,})")
        return cleaned

    return rule


def sku(value: Any) -> str | None:
    cleaned = text(64)(value)
    if any(c.isspace() for c in cleaned):
        raise Invalid("must not contain spaces")
    return cleaned or None


def status(value: Any) -> str:
    if not isinstance(value, str) or value not in {s.value for s in ProductStatus}:
        raise Invalid("must be draft, active or archived")
    return str(value)


FULFILMENT = ("auto", "digital", "dropship", "warehouse")


def fulfilment(value: Any) -> str:
    if value not in FULFILMENT:
        raise Invalid("must be auto, digital, dropship or warehouse")
    return str(value)


def supplier(value: Any) -> uuid.UUID | None:
    if value in (None, ""):
        return None
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise Invalid("is not a valid id") from exc


def images(value: Any) -> list[str]:
    if not isinstance(value, list) or len(value) > MAX_IMAGES:
        raise Invalid(f"must be a list of at most {MAX_IMAGES} image addresses")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.startswith((MEDIA_PREFIX, "https://")):
            raise Invalid("must be an uploaded image or an https:// address", f"[{i}]")
        if item.lower().startswith("javascript:") or len(item) > 500:
            raise Invalid("is not a usable image address", f"[{i}]")
    return list(value)


def variants(value: Any) -> list[dict[str, Any]]:
    """Variants by option (size, colour, ...), each with its own price, SKU and stock."""
    if not isinstance(value, list) or len(value) > MAX_VARIANTS:
        raise Invalid(f"must be a list of at most {MAX_VARIANTS} variants")
    cleaned, seen_options, seen_skus = [], set(), set()
    for i, item in enumerate(value):
        variant = _variant(item, f"[{i}]")
        key = tuple(sorted(variant["options"].items()))
        if key in seen_options:
            raise Invalid("repeats the options of another variant", f"[{i}].options")
        if variant["sku"] and variant["sku"] in seen_skus:
            raise Invalid("repeats the SKU of another variant", f"[{i}].sku")
        seen_options.add(key)
        seen_skus.add(variant["sku"])
        cleaned.append(variant)
    return cleaned


def _variant(item: Any, at: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise Invalid("must be an object with options, price, sku and stock", at)
    options = item.get("options")
    if not isinstance(options, dict) or not options:
        raise Invalid('must name at least one option, e.g. {"size": "M"}', f"{at}.options")
    for name, choice in options.items():
        if not (isinstance(choice, str) and choice.strip() and len(choice) <= 60 and name):
            raise Invalid("must be text of at most 60 characters", f"{at}.options.{name}")
    fields = {"price": parse_amount, "sku": sku, "stock": count}
    result: dict[str, Any] = {"options": {k: v.strip() for k, v in options.items()}}
    for name, rule in fields.items():
        try:
            result[name] = rule(item.get(name, "" if name == "sku" else None))
        except Invalid as exc:
            raise Invalid(exc.message, f"{at}.{name}") from exc
    result["price"] = str(result["price"])  # JSON keeps the exact amount as text
    return result


RULES: dict[str, Callable[[Any], Any]] = {
    "title": text(200, required=True),
    "description": text(20_000),
    "price": parse_amount,
    "cost": parse_amount,
    "inventory_quantity": count,
    "sku": sku,
    "status": status,
    "supplier_id": supplier,
    "supplier_sku": sku,
    "fulfilment": fulfilment,
    "images": images,
    "variants": variants,
}
