"""Turn a service error into what a form shows: a message per field."""

from __future__ import annotations

from bizq_app.core.errors import BizQError

FORM = "_form"


def form_errors(exc: BizQError) -> dict[str, str]:
    """``{"name": "is required"}`` from field paths like ``$.name``; the rest under ``_form``."""
    errors = {e.path.removeprefix("$."): e.message for e in getattr(exc, "errors", [])}
    if not errors:
        errors[FORM] = exc.message
    return errors
