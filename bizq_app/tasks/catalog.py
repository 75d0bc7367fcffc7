"""Built-in task definitions, one JSON file per category under ``catalog/``."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

CATEGORIES = (
    "product",
    "marketing",
    "customer",
    "finance",
    "operations",
    "growth",
    "market",
    "supplier",
    "brand",
)


@lru_cache
def builtin_definitions() -> tuple[dict[str, Any], ...]:
    """Every built-in definition, as written in the catalog files."""
    folder = resources.files("bizq_app.tasks").joinpath("catalog")
    definitions: list[dict[str, Any]] = []
    for category in CATEGORIES:
        path = folder.joinpath(f"{category}.json")
        if not path.is_file():
            continue
        document = json.loads(path.read_text(encoding="utf-8"))
        for definition in document["definitions"]:
            definitions.append({"category": document["category"], **definition})
    return tuple(definitions)
