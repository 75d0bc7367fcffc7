"""A task's output as a seller reads it: a report laid out by the definition's output
schema — a heading per section, a list for a list of words, a table for a list of
records, "label: value" for the rest — with the properties' titles (or their names in
words) and values written out (Yes/No, numbers rounded, nested records in one line).
The raw JSON stays available behind "Details"; this is what is shown first."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_COLUMNS = 6  # a table wider than this reads badly on a phone; the rest is in Details
MAX_ROWS = 50


@dataclass(frozen=True)
class Block:
    """One piece of a report: ``field`` (label, text), ``list`` (label, items) or
    ``table`` (label, columns, rows)."""

    kind: str
    label: str
    text: str = ""
    items: list[str] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


def report(output: object, schema: Mapping[str, Any] | None) -> list[Block]:
    """The blocks of a report of ``output``, in the schema's order (keys the schema does
    not name come after, in the output's order)."""
    if not isinstance(output, Mapping):
        return [Block("field", "Result", text=words(output))]
    props = dict((schema or {}).get("properties") or {})
    keys = [k for k in props if k in output] + [k for k in output if k not in props]
    return [_block(label_of(k, props.get(k)), output[k], props.get(k) or {}) for k in keys]


def label_of(key: str, schema: Mapping[str, Any] | None = None) -> str:
    """A property's title, or its name in words: ``overall_rating`` → "Overall rating"."""
    title = (schema or {}).get("title")
    if isinstance(title, str) and title.strip():
        return title.strip()
    spaced = "".join(f" {c.lower()}" if c.isupper() else c for c in key).replace("_", " ")
    text = " ".join(spaced.split())
    return text[:1].upper() + text[1:]


def words(value: object) -> str:
    """A value in one line of words."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Mapping):
        return "; ".join(f"{label_of(str(k))}: {words(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(words(v) for v in value)
    return str(value)


def _block(label: str, value: object, schema: Mapping[str, Any]) -> Block:
    if isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
        return _table(label, value, schema.get("items") or {})
    if isinstance(value, list):
        return Block("list", label, items=[words(v) for v in value[:MAX_ROWS]])
    if isinstance(value, Mapping):
        props = schema.get("properties") or {}
        items = [f"{label_of(str(k), props.get(k))}: {words(v)}" for k, v in value.items()]
        return Block("list", label, items=items)
    return Block("field", label, text=words(value))


def _table(label: str, records: list[Any], schema: Mapping[str, Any]) -> Block:
    props = schema.get("properties") or {}
    keys = [k for k in props if any(k in r for r in records)]
    keys += [k for r in records for k in r if k not in keys]
    keys = list(dict.fromkeys(keys))[:MAX_COLUMNS]
    rows = [[words(r.get(k)) for k in keys] for r in records[:MAX_ROWS]]
    return Block("table", label, columns=[label_of(k, props.get(k)) for k in keys], rows=rows)
