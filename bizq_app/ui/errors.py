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


def first_problem(exc: BizQError) -> str:
    """The first field's message (what a toast can say), or the error's own message."""
    errors = getattr(exc, "errors", [])
    return str(errors[0].message) if errors else exc.message


def problems_text(exc: BizQError) -> str:
    """Every field problem on one line (``name: message; ...``), or the error's message."""
    errors = getattr(exc, "errors", [])
    listed = "; ".join(f"{e.path.removeprefix('$.')}: {e.message}" for e in errors)
    return listed or exc.message
