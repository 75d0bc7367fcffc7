"""Small builders for the JSON Schemas of component props (every object is closed)."""

from __future__ import annotations

from typing import Any

PERIODS = ("day", "week", "month")
# Images come from the store's own media or any https address; never javascript: or data:.
MEDIA_URL = r"^(https://[^\s<>\"']+|/api/media/[^\s<>\"']+)$"


def obj(required: list[str] | None = None, **properties: dict[str, Any]) -> dict[str, Any]:
    """A closed object schema: only ``properties`` are allowed."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


def string(**rules: Any) -> dict[str, Any]:
    """A string; ``enum`` may be given as a tuple."""
    if "enum" in rules:
        rules["enum"] = list(rules["enum"])
    return {"type": "string", **rules}


def text(max_length: int) -> dict[str, Any]:
    """Free text of at most ``max_length`` characters."""
    return {"type": "string", "maxLength": max_length}


def title() -> dict[str, Any]:
    """A block's title."""
    return text(80)


def integer(minimum: int, maximum: int, **rules: Any) -> dict[str, Any]:
    """A whole number between ``minimum`` and ``maximum``."""
    return {"type": "integer", "minimum": minimum, "maximum": maximum, **rules}
