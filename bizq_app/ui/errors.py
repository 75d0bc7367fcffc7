"""The one place the pages turn a BizQError into what a user sees.

A form shows a message per field (``form_errors``); a toast says the first field's
problem, or every field's (``error_toast``); a page's alert shows the error's own
message (``error_message``); a list shows one line per field (``field_problems``).
A BizQError a handler leaves to the app (a page read refused for the store a tampered
browser selected, say) is the app's ``backend_exception_handler``, ``shown``: the same
toast, never Reflex's "An error occurred".
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx
from reflex.app import default_backend_exception_handler
from reflex.event import EventSpec

from bizq_app.core.errors import BizQError

FORM = "_form"


def _field(path: str) -> str:
    """``$.name`` → ``name``."""
    return path.removeprefix("$.")


def form_errors(exc: BizQError, field: Callable[[str], str] = _field) -> dict[str, str]:
    """``{"name": "is required"}`` from field paths like ``$.name`` (``field`` names the
    form field of a path); the rest under ``_form``."""
    errors = {field(e.path): e.message for e in getattr(exc, "errors", [])}
    if not errors:
        errors[FORM] = exc.message
    return errors


def error_message(exc: BizQError) -> str:
    """The error's own message, whole (a field error's keeps its path: ``$.sort: ...``)."""
    return exc.message


def first_problem(exc: BizQError) -> str:
    """The first field's message (what a toast can say), or the error's own message."""
    errors = getattr(exc, "errors", [])
    return str(errors[0].message) if errors else exc.message


def field_problems(exc: BizQError, field: Callable[[str], str] = _field) -> list[str]:
    """One ``name: message`` line per field problem (none when the error names no field);
    ``field`` names a path."""
    return [f"{field(e.path)}: {e.message}" for e in getattr(exc, "errors", [])]


def problems_text(exc: BizQError) -> str:
    """Every field problem on one line (``name: message; ...``), or the error's message."""
    return "; ".join(field_problems(exc)) or exc.message


def error_toast(exc: BizQError, *, every_field: bool = False) -> EventSpec:
    """The error toast for ``exc``: its first problem, or with ``every_field`` all of them."""
    return rx.toast.error(problems_text(exc) if every_field else first_problem(exc))


def shown(exception: Exception) -> EventSpec:
    """What the page shows for an exception its handler let out: a BizQError's own toast;
    anything else is a bug, logged, and the page says only that something went wrong."""
    if isinstance(exception, BizQError):
        return error_toast(exception)
    return default_backend_exception_handler(exception)
