"""JSON Schema checks shared by task definitions, task input and task output.

Schemas are written by users (custom task types), so their ``pattern`` and
``patternProperties`` run on RE2 through ``core.patterns``, whose matching time grows
with the text and never explodes: a pattern such as ``(a+)+$`` cannot stall a request
or a worker. A pattern RE2 cannot run (backreferences, lookarounds) or longer than
``patterns.MAX_PATTERN`` characters is refused when the schema is saved; one that was
saved before fails the document it checks, saying why.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, validators
from jsonschema.exceptions import SchemaError, ValidationError

from bizq_app.core import patterns
from bizq_app.core.errors import FieldError, ValidationFailed

MAX_ERRORS = 20


def _pattern(validator: Any, pattern: str, instance: Any, _schema: Any) -> Any:
    if not validator.is_type(instance, "string"):
        return
    problem = patterns.refusal(pattern)
    if problem:
        yield ValidationError(f"cannot be checked: the schema's pattern {pattern!r} {problem}")
    elif not patterns.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, found: dict[str, Any], instance: Any, _s: Any) -> Any:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in found.items():
        problem = patterns.refusal(pattern)
        if problem:
            yield ValidationError(f"cannot be checked: the schema's pattern {pattern!r} {problem}")
            continue
        for key, value in instance.items():
            if patterns.search(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


Validator = validators.extend(
    Draft202012Validator, {"pattern": _pattern, "patternProperties": _pattern_properties}
)


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
    for where, pattern in _patterns(schema, ""):
        problem = patterns.refusal(pattern)
        if problem:
            raise ValidationFailed.field(path, f"has a pattern at '{where}' that {problem}")
    return schema


def _patterns(node: Any, where: str) -> Any:
    """Every (location, pattern) in a schema: ``pattern`` values, ``patternProperties`` keys."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "pattern" and isinstance(value, str):
                yield f"{where}/pattern", value
            elif key == "patternProperties" and isinstance(value, dict):
                yield from ((f"{where}/patternProperties", k) for k in value)
            yield from _patterns(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _patterns(item, f"{where}/{i}")


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
def _validator(schema_json: str) -> Any:
    """A compiled validator per distinct schema (definitions rarely change)."""
    return Validator(json.loads(schema_json), format_checker=FormatChecker())


def _json_path(root: str, parts: Any) -> str:
    path = root
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path
