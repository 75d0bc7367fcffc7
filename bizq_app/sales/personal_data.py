"""What counts as a buyer's personal data, and how it is replaced once they ask to be
forgotten. Pure functions: the customers service decides which rows they apply to.

A buyer's e-mail becomes a placeholder that names no one (``erased-1a2b3c4d@invalid``:
``.invalid`` is reserved, so no real address can ever equal it); their name, street,
city and postal code become ``[erased]`` wherever BizQ wrote them into text (order
timelines, refund reasons, purchase orders passed to suppliers).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import escape

ERASED_NAME = "Erased customer"
ERASED_TEXT = "[erased]"
# Parts of a shipping address that point at a person; the country and the shipping
# method stay (tax records and shipping statistics need them).
PERSONAL_ADDRESS_FIELDS = ("line1", "line2", "city", "postal_code", "state")
KEPT_ADDRESS_FIELDS = ("country", "method")
MIN_LENGTH = 2  # a single letter is not worth replacing in free text


def placeholder_email(customer_id: uuid.UUID) -> str:
    """The address an erased customer's orders show instead of theirs."""
    return f"erased-{customer_id.hex[:8]}@invalid"


def is_placeholder(address: str) -> bool:
    """Whether ``address`` is an erased customer's placeholder (no one receives it)."""
    return address.lower().startswith("erased-") and address.lower().endswith("@invalid")


def kept_address(address: Mapping[str, Any]) -> dict[str, Any]:
    """An address with only what names no one: the country and the shipping method."""
    return {k: address[k] for k in KEPT_ADDRESS_FIELDS if k in address}


def replacements(
    *, emails: Iterable[str], texts: Iterable[str], placeholder: str
) -> dict[str, str]:
    """What to replace with what: each e-mail by ``placeholder``, each other personal
    text (names, address parts) by ``[erased]``. Blank and one-letter values are left
    out, and an e-mail wins over the same text seen as a name."""
    found = {t.strip(): ERASED_TEXT for t in texts if len(t.strip()) >= MIN_LENGTH}
    found.update({e.strip(): placeholder for e in emails if len(e.strip()) >= MIN_LENGTH})
    return found


def address_texts(address: Mapping[str, Any]) -> list[str]:
    """The personal parts of one shipping address, as text."""
    return [str(address[k]) for k in PERSONAL_ADDRESS_FIELDS if address.get(k)]


def scrub(text: str, replacing: Mapping[str, str]) -> str:
    """``text`` with every whole-word occurrence of a personal value replaced, ignoring
    case (longest values first, so a full address goes before a part of it)."""
    if not text or not replacing:
        return text
    ordered = sorted(replacing, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(v) for v in ordered) + r")(?!\w)", re.IGNORECASE
    )
    lowered = {k.lower(): v for k, v in replacing.items()}
    return pattern.sub(lambda m: lowered[m[1].lower()], text)


def scrub_html(html: str, replacing: Mapping[str, str]) -> str:
    """``scrub`` for an e-mail's HTML, where each value was written escaped
    (``O'Brien`` as ``O&#39;Brien``)."""
    escaped = {str(escape(k)): str(escape(v)) for k, v in replacing.items()}
    return scrub(html, {**replacing, **escaped})


def scrub_json(value: Any, replacing: Mapping[str, str]) -> Any:
    """A JSON document with ``scrub`` applied to every string in it (keys stay)."""
    if isinstance(value, str):
        return scrub(value, replacing)
    if isinstance(value, list):
        return [scrub_json(v, replacing) for v in value]
    if isinstance(value, dict):
        return {k: scrub_json(v, replacing) for k, v in value.items()}
    return value
