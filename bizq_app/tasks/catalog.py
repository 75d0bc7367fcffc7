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
CATEGORY_LABELS = {
    "product": "Products",
    "marketing": "Marketing",
    "customer": "Customers",
    "finance": "Finance",
    "operations": "Operations",
    "growth": "Growth",
    "market": "Market research",
    "supplier": "Suppliers",
    "brand": "Brand",
}
"""Each category as a seller reads it."""
WORKER_LABELS = {"ai": "AI", "human": "A person", "expert": "An expert"}
"""Who may do a task, as a seller reads it."""


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
