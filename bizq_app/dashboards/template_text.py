"""Text a template must never carry: scripts, HTML, script URLs, inline event handlers.

Templates are data drawn by BizQ's own components, so no string in one has a
reason to hold markup. Every string (and every key) anywhere is checked.
"""

from __future__ import annotations

import re
from typing import Any

from bizq_app.core.errors import FieldError

UNSAFE = (
    (re.compile(r"<\s*script", re.IGNORECASE), "must not contain a <script> tag"),
    (re.compile(r"(java|vb)script\s*:", re.IGNORECASE), "must not contain a javascript: URL"),
    (re.compile(r"data\s*:\s*text/html", re.IGNORECASE), "must not contain a data:text/html URL"),
    (re.compile(r"\bon[a-z]+\s*=", re.IGNORECASE), "must not contain an on…= event handler"),
    (re.compile(r"</?[a-z][a-z0-9-]*(\s[^<>]*)?/?>", re.IGNORECASE), "must not contain HTML tags"),
)


def unsafe_reason(value: str) -> str | None:
    """Why ``value`` may not appear in a template, or None when it is plain text."""
    for pattern, reason in UNSAFE:
        if pattern.search(value):
            return reason
    return None


def unsafe_text_errors(document: Any, *, root: str = "$") -> list[FieldError]:
    """Every string in ``document`` that carries markup or script, with its JSON path."""
    errors: list[FieldError] = []
    _walk(document, root, errors)
    return errors


def _walk(value: Any, path: str, errors: list[FieldError]) -> None:
    if isinstance(value, str):
        reason = unsafe_reason(value)
        if reason:
            errors.append(FieldError(path, reason))
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(str(key), path, errors)
            _walk(item, f"{path}.{key}", errors)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, f"{path}[{index}]", errors)
