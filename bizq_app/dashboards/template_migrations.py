"""Upgrades of stored template documents to the current ``schemaVersion``.

``MIGRATIONS[n]`` turns a version-``n`` document into version ``n + 1``; ``upgrade``
applies them in order. Version 1 is the seed's format: one ``layout`` list (or a
``position``/``size`` inside each block), no mobile layout, free-form triggers.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from bizq_app.core.errors import ValidationFailed
from bizq_app.dashboards import components
from bizq_app.dashboards.template_schema import COLUMNS, SCHEMA_VERSION

DEFAULT_THEME = {"accent": "indigo", "radius": "medium"}
_BLOCK_KEYS = ("id", "component", "props", "actions")


def upgrade(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` at the current schema version (unchanged if already there).

    Raises:
        ValidationFailed: ``schemaVersion`` is not a known version.
    """
    version = document.get("schemaVersion", 1)
    if (
        not isinstance(version, int)
        or isinstance(version, bool)
        or not 1 <= version <= SCHEMA_VERSION
    ):
        raise ValidationFailed.field(
            "$.schemaVersion", f"must be a version from 1 to {SCHEMA_VERSION}"
        )
    upgraded = copy.deepcopy(document)
    for step in range(version, SCHEMA_VERSION):
        upgraded = MIGRATIONS[step](upgraded)
    return upgraded


def _v1_to_v2(document: dict[str, Any]) -> dict[str, Any]:
    """One ``layout`` (or per-block position and size) → ``layouts.desktop`` + ``mobile``."""
    blocks = [b for b in document.get("blocks", []) if isinstance(b, dict)]
    desktop = document.get("layout") or _layout_from_blocks(blocks)
    upgraded = {k: v for k, v in document.items() if k not in ("layout", "version")}
    upgraded["schemaVersion"] = 2
    upgraded.setdefault("category", "custom")
    upgraded["theme"] = {**DEFAULT_THEME, **_theme(document.get("theme"))}
    upgraded["layouts"] = {"desktop": desktop, "mobile": stacked(desktop)}
    upgraded["blocks"] = [_block(b) for b in blocks]
    upgraded["automations"] = [
        _automation(a, n) for n, a in enumerate(document.get("automations", []), start=1)
    ]
    return upgraded


def stacked(desktop: list[Any]) -> list[dict[str, Any]]:
    """The phone layout: the desktop blocks one under another, top to bottom, full width."""
    items = [i for i in desktop if isinstance(i, dict)]
    items.sort(key=lambda i: (i.get("y", 0), i.get("x", 0)))
    mobile, y = [], 0
    for item in items:
        h = item.get("h", 2)
        mobile.append({"i": item.get("i"), "x": 0, "y": y, "w": COLUMNS["mobile"], "h": h})
        y += h if isinstance(h, int) else 2
    return mobile


def _layout_from_blocks(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    layout: list[dict[str, Any]] = []
    for block in blocks:
        layout.append(_placed(block, below=_bottom(layout)))
    return layout


def _placed(block: dict[str, Any], *, below: int) -> dict[str, Any]:
    """A block's grid cell from its own position and size (defaults: its component's size)."""
    known = components.find(str(block.get("component")))
    w, h = known.default_size if known else (4, 2)
    size = _mapping(block.get("size"))
    position = _mapping(block.get("position"))
    return {
        "i": block.get("id"),
        "x": position.get("x", 0),
        "y": position.get("y", below),
        "w": size.get("w", size.get("width", w)),
        "h": size.get("h", size.get("height", h)),
    }


def _bottom(layout: list[dict[str, Any]]) -> int:
    ends = [i["y"] + i["h"] for i in layout if isinstance(i["y"], int) and isinstance(i["h"], int)]
    return max(ends, default=0)


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _block(block: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: block[k] for k in _BLOCK_KEYS if k in block}
    cleaned.setdefault("props", {})
    return cleaned


def _theme(theme: Any) -> dict[str, Any]:
    if not isinstance(theme, dict):
        return {}
    accent = theme.get("accent", theme.get("primaryColor", theme.get("color")))
    values = {"accent": accent, "radius": theme.get("radius")}
    return {k: v for k, v in values.items() if v is not None}


def _automation(automation: Any, n: int) -> Any:
    if not isinstance(automation, dict):
        return automation
    upgraded = dict(automation)
    upgraded.setdefault("id", f"automation_{n}")
    trigger = upgraded.get("trigger")
    if isinstance(trigger, str):
        key = "schedule" if trigger in ("hourly", "daily", "weekly") else "event"
        upgraded["trigger"] = {key: trigger}
    if isinstance(upgraded.get("action"), str):
        upgraded["action"] = {"execute": upgraded["action"], "params": {}}
    return upgraded


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2}
