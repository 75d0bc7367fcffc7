"""The smallest document that satisfies a JSON Schema (what a well-behaved model answers)."""

from __future__ import annotations

from typing import Any


def instance(schema: dict[str, Any], hint: str = "") -> Any:
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "object":
        props = schema.get("properties", {})
        return {
            name: instance(props[name], f"{hint}{name}")
            for name in schema.get("required", list(props))
        }
    if kind == "array":
        return [instance(schema.get("items", {}), hint) for _ in range(schema.get("minItems", 1))]
    if kind in ("number", "integer"):
        return schema.get("minimum", 0)
    if kind == "boolean":
        return True
    if "pattern" in schema:
        return "#336699"
    return f"{hint or 'text'} from the stand-in"
