"""Small input rules shared by every service."""

from __future__ import annotations

import uuid

from email_validator import EmailNotValidError, validate_email

from bizq_app.core.errors import ValidationFailed


def clean_text(value: object, *, path: str, max_length: int, required: bool = True) -> str:
    """``value`` as a stripped string within ``max_length``.

    Raises:
        ValidationFailed: not a string, empty when required, or too long.
    """
    if not isinstance(value, str):
        raise ValidationFailed.field(path, "must be text")
    text = " ".join(value.split())
    if required and not text:
        raise ValidationFailed.field(path, "is required")
    if len(text) > max_length:
        raise ValidationFailed.field(path, f"must be at most {max_length} characters")
    return text


def clean_email(value: object, *, path: str = "$.email") -> str:
    """A normalised (lower-case) e-mail address.

    Raises:
        ValidationFailed: the address is not a valid e-mail address.
    """
    text = clean_text(value, path=path, max_length=254)
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise ValidationFailed.field(path, f"is not a valid e-mail address ({exc})") from exc
    return result.normalized.lower()


def parse_uuid(value: object, *, path: str) -> uuid.UUID:
    """``value`` as a UUID.

    Raises:
        ValidationFailed: not a UUID.
    """
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise ValidationFailed.field(path, "is not a valid id") from exc


def looks_like_card_number(value: object) -> bool:
    """True for text that is a payment card number (12–19 digits, spaces or dashes
    allowed, passing the Luhn check): refused where card details must not be sent."""
    digits = "".join(str(value or "").split()).replace("-", "")
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        return False
    total = 0
    for i, digit in enumerate(reversed(digits)):
        doubled = int(digit) * (2 if i % 2 else 1)
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0
