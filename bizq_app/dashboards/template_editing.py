"""Editing a template document: blocks added, removed and moved on the grid.

Pure functions over the document (no database): the builder keeps a working copy
and calls these for every change; the template service validates and saves it.
A cell is ``{"i", "x", "y", "w", "h"}`` in grid units of one breakpoint.
"""

from __future__ import annotations

import copy
from typing import Any

from bizq_app.dashboards import components
from bizq_app.dashboards.template_migrations import stacked
from bizq_app.dashboards.template_schema import COLUMNS

CELL_KEYS = ("x", "y", "w", "h")

Document = dict[str, Any]
Cell = dict[str, Any]


# Grid cells ---------------------------------------------------------------------------


def overlaps(a: Cell, b: Cell) -> bool:
    return bool(
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def first_free_spot(cells: list[Cell], w: int, h: int, columns: int) -> Cell:
    """The top-most, then left-most place where a ``w`` × ``h`` block overlaps nothing."""
    w = min(max(1, w), columns)
    bottom = max((c["y"] + c["h"] for c in cells), default=0)
    for y in range(bottom + 1):
        for x in range(columns - w + 1):
            spot = {"x": x, "y": y, "w": w, "h": h}
            if not any(overlaps(spot, c) for c in cells):
                return spot
    return {"x": 0, "y": bottom, "w": w, "h": h}


def settled(cells: list[Cell], moved: set[str]) -> list[Cell]:
    """The cells with no two overlapping: the ``moved`` blocks keep their places first, then
    each other block, top to bottom, goes down until it is clear of those placed before it."""
    first = sorted((c for c in cells if c["i"] in moved), key=lambda c: (c["y"], c["x"]))
    rest = sorted((c for c in cells if c["i"] not in moved), key=lambda c: (c["y"], c["x"]))
    placed: list[Cell] = []
    for cell in [*first, *rest]:
        cell = dict(cell)
        while hit := next((p for p in placed if overlaps(cell, p)), None):
            cell["y"] = hit["y"] + hit["h"]
        placed.append(cell)
    order = {c["i"]: n for n, c in enumerate(cells)}
    return sorted(placed, key=lambda c: order[c["i"]])


def nudged(
    cells: list[Cell], block_id: str, change: tuple[int, int, int, int], columns: int
) -> list[Cell]:
    """The cells after moving (dx, dy) and resizing (dw, dh) one block, kept on the grid."""
    dx, dy, dw, dh = change
    result = [dict(c) for c in cells]
    for cell in result:
        if cell["i"] == block_id:
            cell["w"] = min(max(1, cell["w"] + dw), columns)
            cell["h"] = min(max(1, cell["h"] + dh), 100)
            cell["x"] = min(max(0, cell["x"] + dx), columns - cell["w"])
            cell["y"] = max(0, cell["y"] + dy)
    return settled(result, {block_id})


def cells_from_grid(layout: list[dict[str, Any]]) -> list[Cell]:
    """The ``i, x, y, w, h`` of what the grid reports (it adds flags of its own)."""
    return [{"i": str(c["i"]), **{k: int(c[k]) for k in CELL_KEYS}} for c in layout]


# Blocks -------------------------------------------------------------------------------


def default_props(component: components.Component) -> dict[str, Any]:
    """Props a new block starts with: schema defaults, a title, and every required field."""
    schema = component.props_schema
    props: dict[str, Any] = {}
    for name, spec in schema.get("properties", {}).items():
        if "default" in spec:
            props[name] = spec["default"]
        elif name == "title" or name in schema.get("required", []):
            props[name] = _placeholder(spec, component)
    return props


def _placeholder(spec: dict[str, Any], component: components.Component) -> Any:
    if spec.get("type") == "array":
        return []
    if spec.get("type") == "integer":
        return spec.get("minimum", 0)
    if "enum" in spec:
        return spec["enum"][0]
    return component.description[: spec.get("maxLength", 80)]


def new_block_id(document: Document, component: str) -> str:
    taken = {b["id"] for b in document["blocks"]}
    n = 1
    while f"{component}_{n}" in taken:
        n += 1
    return f"{component}_{n}"


def with_block(
    document: Document,
    component: components.Component,
    place: tuple[str, int, int] | None = None,
) -> tuple[Document, str]:
    """The document with a new block of ``component``.

    ``place`` is ``(breakpoint, x, y)`` where it was dropped: there it goes in that
    layout (blocks under it move down); elsewhere, and without a place, it takes the
    first free spot.
    """
    result = copy.deepcopy(document)
    block_id = new_block_id(result, component.name)
    result["blocks"].append(
        {"id": block_id, "component": component.name, "props": default_props(component)}
    )
    w, h = component.default_size
    for breakpoint, columns in COLUMNS.items():
        cells = result["layouts"][breakpoint]
        if place is not None and place[0] == breakpoint:
            width = min(max(1, w), columns)
            x = min(max(0, place[1]), columns - width)
            cell = {"i": block_id, "x": x, "y": max(0, place[2]), "w": width, "h": h}
            result["layouts"][breakpoint] = settled([*cells, cell], {block_id})
        else:
            cells.append({"i": block_id, **first_free_spot(cells, w, h, columns)})
    return result, block_id


def without_block(document: Document, block_id: str) -> Document:
    result = copy.deepcopy(document)
    result["blocks"] = [b for b in result["blocks"] if b["id"] != block_id]
    for breakpoint in COLUMNS:
        cells = result["layouts"][breakpoint]
        result["layouts"][breakpoint] = [c for c in cells if c["i"] != block_id]
    return result


def working_copy(document: Document) -> Document:
    result = copy.deepcopy(document)
    result.setdefault("blocks", [])
    layouts = result.setdefault("layouts", {"desktop": []})
    layouts.setdefault("mobile", stacked(layouts.get("desktop", [])))
    return result


def block_label(block: dict[str, Any]) -> str:
    """What a block is called on the grid: its title, text or label, else its component."""
    props = block.get("props", {})
    for key in ("title", "text", "label"):
        if isinstance(props.get(key), str) and props[key]:
            return str(props[key])
    return str(block["component"])


def outline(document: Document, breakpoint: str = "desktop") -> list[dict[str, str]]:
    """The template's blocks as a wireframe of one layout: each block's label, component,
    category and its place as CSS grid lines (``"3 / span 4"``), top to bottom."""
    blocks = {b["id"]: b for b in document.get("blocks", [])}
    cells = document.get("layouts", {}).get(breakpoint) or stacked(
        document.get("layouts", {}).get("desktop", [])
    )
    rows = []
    for cell in sorted(cells, key=lambda c: (c["y"], c["x"])):
        block = blocks.get(cell["i"])
        if block is None:
            continue
        component = components.find(block["component"])
        rows.append(
            {
                "i": cell["i"],
                "label": block_label(block),
                "component": block["component"],
                "category": component.category if component else "",
                "column": f"{cell['x'] + 1} / span {cell['w']}",
                "row": f"{cell['y'] + 1} / span {cell['h']}",
            }
        )
    return rows
