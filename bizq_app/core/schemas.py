"""JSON Schema checks shared by task definitions, task input and task output."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import SchemaError

from bizq_app.core.errors import FieldError, ValidationFailed

MAX_ERRORS = 20


def check_schema(schema: object, *, path: str) -> dict[str, Any]:
    """``schema`` if it is a valid Draft 2020-12 schema for a JSON object.

    Raises:
        ValidationFailed: not an object schema, or not valid JSON Schema.
    """
    if not isinstance(schema, dict):
        raise ValidationFailed.field(path, "must be a JSON Schema object")
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        where = "".join(f"/{p}" for p in exc.absolute_path)
        raise ValidationFailed.field(
            path, f"is not valid JSON Schema at '{where or '/'}': {exc.message}"
        ) from exc
    if schema.get("type") != "object":
        raise ValidationFailed.field(path, 'must describe an object ("type": "object")')
    return schema


def errors_against(schema: dict[str, Any], document: object, *, root: str) -> list[FieldError]:
    """Every way ``document`` breaks ``schema``, each with its JSON path under ``root``."""
    validator = _validator(json.dumps(schema, sort_keys=True))
    found = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    return [FieldError(_json_path(root, e.absolute_path), e.message) for e in found[:MAX_ERRORS]]


def validate(schema: dict[str, Any], document: object, *, root: str, what: str) -> None:
    """Raise when ``document`` does not match ``schema``.

    Raises:
        ValidationFailed: listing each failing JSON path.
    """
    errors = errors_against(schema, document, root=root)
    if errors:
        detail = "; ".join(f"{e.path}: {e.message}" for e in errors)
        raise ValidationFailed(f"The {what} does not match its schema: {detail}", errors)


@lru_cache(maxsize=1024)
def _validator(schema_json: str) -> Draft202012Validator:
    """A compiled validator per distinct schema (definitions rarely change)."""
    return Draft202012Validator(json.loads(schema_json), format_checker=FormatChecker())


def _json_path(root: str, parts: Any) -> str:
    path = root
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path
