"""Forms generated from JSON Schema: the fields to show, and the document they make.

A field's ``path`` is where its value goes, e.g. ``title``, ``dimensions.width``
or ``reviews[0].text``. Arrays of scalars are typed one item per line; arrays
of objects repeat their fields once per item (``counts`` says how many).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from bizq_app.core.errors import FieldError, ValidationFailed

SCALARS = ("string", "number", "integer", "boolean")
_INDEX = re.compile(r"\[(\d+)\]")


def fields(schema: dict[str, Any], counts: dict[str, int] | None = None) -> list[dict[str, str]]:
    """The form fields for an object schema, in declaration order, flattened."""
    return _object_fields(schema, "", counts or {}, required=True)


def _object_fields(
    schema: dict[str, Any], prefix: str, counts: dict[str, int], required: bool
) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    needed = set(schema.get("required", []))
    for name, spec in schema.get("properties", {}).items():
        path = f"{prefix}.{name}" if prefix else name
        found += _field(spec, path, counts, required and name in needed)
    return found


def _field(
    spec: dict[str, Any], path: str, counts: dict[str, int], required: bool
) -> list[dict[str, str]]:
    kind = _type(spec)
    label = _label(path)
    if kind == "object":
        return [_entry(path, label, "group", spec, required)] + _object_fields(
            spec, path, counts, required
        )
    if kind == "array" and _type(spec.get("items", {})) == "object":
        items = []
        for i in range(counts.get(path, 1 if required else 0)):
            items.append(_entry(f"{path}[{i}]", f"{label} #{i + 1}", "group", spec, False))
            items += _object_fields(spec["items"], f"{path}[{i}]", counts, required=True)
        return [_entry(path, label, "list", spec, required)] + items
    if kind == "array":
        return [_entry(path, label, "lines", spec, required)]
    if "enum" in spec:
        return [_entry(path, label, "enum", spec, required)]
    if kind == "string" and spec.get("maxLength", 0) > 200:
        return [_entry(path, label, "textarea", spec, required)]
    return [_entry(path, label, kind if kind in SCALARS else "json", spec, required)]


def _entry(
    path: str, label: str, kind: str, spec: dict[str, Any], required: bool
) -> dict[str, str]:
    options = spec.get("enum") or spec.get("items", {}).get("enum") or []
    return {
        "path": path,
        "label": label + (" *" if required and kind != "group" else ""),
        "kind": kind,
        "help": str(spec.get("description", "")),
        "options": "|".join(str(o) for o in options),
        "default": "" if "default" not in spec else text(spec["default"]),
        "depth": str(path.count(".") + path.count("[")),
        "required": "1" if required else "",
    }


def document(
    schema: dict[str, Any], values: dict[str, Any], counts: dict[str, int] | None = None
) -> dict[str, Any]:
    """The JSON document the submitted ``values`` describe; empty fields are left out.

    Raises:
        ValidationFailed: a value cannot be read as its field's type (e.g. "abc" as a number).
    """
    result: dict[str, Any] = {}
    errors: list[FieldError] = []
    for field in fields(schema, counts):
        if field["kind"] in ("group", "list"):
            continue
        raw = values.get(field["path"])
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        try:
            value = _parse(field, raw, _spec_at(schema, field["path"]))
        except ValueError as exc:
            errors.append(FieldError(f"$.{field['path']}", str(exc)))
            continue
        _put(result, field["path"], value)
    if errors:
        raise ValidationFailed("Some fields could not be read.", errors)
    _empty_required_lists(result, fields(schema, counts))
    return result


def _empty_required_lists(result: dict[str, Any], all_fields: list[dict[str, str]]) -> None:
    """A required list the person left empty is an empty list, not a missing field."""
    for field in all_fields:
        if field["kind"] in ("list", "lines") and field["required"] and "." not in field["path"]:
            result.setdefault(field["path"], [])


def field_path(json_path: str, root: str) -> str:
    """``$.input.reviews[0].text`` → ``reviews[0].text`` (the form field it belongs to)."""
    return json_path.removeprefix(root).lstrip(".")


def _parse(field: dict[str, str], raw: Any, spec: dict[str, Any]) -> Any:
    text = str(raw).strip()
    kind = field["kind"]
    if kind == "integer":
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError("must be a whole number")
        return int(text)
    if kind == "number":
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError("must be a number") from exc
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == "boolean":
        return text.lower() in ("true", "yes", "on", "1")
    if kind == "lines":
        item_type = _type(spec.get("items", {}))
        items = [line.strip() for line in text.splitlines() if line.strip()]
        if item_type in ("number", "integer"):
            return [_parse({"kind": item_type}, i, {}) for i in items]
        return items
    if kind == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(f"must be JSON ({exc.msg})") from exc
    return text


def _spec_at(schema: dict[str, Any], path: str) -> dict[str, Any]:
    spec = schema
    for part in _INDEX.sub("", path).split("."):
        spec = spec.get("properties", {}).get(part) or spec.get("items", {}).get(
            "properties", {}
        ).get(part, {})
    return spec


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    parts = re.findall(r"[^.\[\]]+|\[\d+\]", path)
    node: Any = target
    for part, following in zip(parts, parts[1:], strict=False):
        key: Any = int(part[1:-1]) if part.startswith("[") else part
        empty: Any = [] if following.startswith("[") else {}
        if isinstance(node, list):
            while len(node) <= key:
                node.append(None)
            node[key] = node[key] if node[key] is not None else empty
            node = node[key]
        else:
            node = node.setdefault(key, empty)
    last = parts[-1]
    if last.startswith("["):
        index = int(last[1:-1])
        while len(node) <= index:
            node.append(None)
        node[index] = value
    else:
        node[last] = value


def _type(spec: dict[str, Any]) -> str:
    kind = spec.get("type", "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    return str(kind)


def _label(path: str) -> str:
    last = _INDEX.sub("", path).rsplit(".", 1)[-1]
    return last.replace("_", " ").capitalize()


def text(value: Any, separator: str = "\n") -> str:
    """A value as a form field shows it: list items one per line (or ``separator``),
    booleans as true/false."""
    if isinstance(value, list):
        return separator.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
