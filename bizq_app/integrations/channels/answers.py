"""A channel's answer read as BizQ expects it, or a clear error when it is not.

A marketplace may answer ``200`` with a body BizQ does not understand: not JSON (an HTML
page from a proxy), a list where an object is expected, the key that holds the orders
missing. BizQ then takes nothing from it — no order imported, no quantity recorded as
set — and says so with ``UnexpectedAnswer``, an ``IntegrationError`` that names the
channel and what was amiss, never a ``KeyError`` or ``TypeError`` that would end a
request as a 500 or a job as a crash:

- ``an_object`` and ``a_list`` check a value's kind where the client reads it;
- ``understood(label)`` wraps a client's method, so that reading a body of a shape it
  does not expect (a key missing, a number that is not one) raises ``UnexpectedAnswer``;
- ``unexpected(label, what)`` is that error, for a client that finds the shape wrong
  itself;
- ``json_object(label, response)`` is a successful answer's body, and ``refusal`` a
  refusal's, read the same way by every client.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import httpx

from bizq_app.core.errors import IntegrationError

P = ParamSpec("P")
R = TypeVar("R")

MISREAD = (KeyError, IndexError, TypeError, ValueError, AttributeError, ArithmeticError)
"""What reading a body of an unexpected shape raises (``decimal.InvalidOperation`` is an
``ArithmeticError``)."""


class UnexpectedAnswer(IntegrationError):
    """The channel answered in a form BizQ does not know; nothing was taken from it."""

    code = "channel_unexpected_answer"


def unexpected(label: str, what: str) -> UnexpectedAnswer:
    """The error for an answer of ``label`` (the channel as sellers call it) that BizQ
    does not understand; ``what`` says what was amiss."""
    return UnexpectedAnswer(
        f"{label} answered in a form BizQ does not know ({what}), so BizQ took nothing "
        f"from it. Try again shortly; if it keeps happening, {label} has changed its API."
    )


def an_object(label: str, value: object, what: str) -> dict[str, Any]:
    """``value``, a JSON object.

    Raises:
        UnexpectedAnswer: it is something else (``what`` names it).
    """
    if not isinstance(value, dict):
        raise unexpected(label, f"{what} is not an object")
    return value


def json_object(label: str, response: httpx.Response) -> dict[str, Any]:
    """A successful answer's body, a JSON object.

    Raises:
        UnexpectedAnswer: it is not JSON, or not an object.
    """
    try:
        return an_object(label, response.json(), "its answer")
    except ValueError as exc:
        raise unexpected(label, "not JSON") from exc


def refusal(response: httpx.Response) -> dict[str, Any]:
    """A refusal's body ({} when it is not a JSON object: its status says enough)."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def a_list(label: str, value: object, what: str) -> list[Any]:
    """``value``, a JSON list.

    Raises:
        UnexpectedAnswer: it is missing or something else (``what`` names it).
    """
    if not isinstance(value, list):
        raise unexpected(label, f"{what} is {'not a list' if value is not None else 'missing'}")
    return value


def understood(label: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A client's method whose reading of ``label``'s answer raises ``UnexpectedAnswer``
    (not a ``KeyError``, ``TypeError`` …) when the answer has another shape."""

    def wrap(method: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(method)
        def read(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return method(*args, **kwargs)
            except MISREAD as exc:
                raise unexpected(label, _amiss(exc)) from exc

        return read

    return wrap


def _amiss(exc: Exception) -> str:
    """What a misread says was amiss, in words."""
    if isinstance(exc, KeyError) and exc.args:
        return f"no “{exc.args[0]}”"
    return "a value of another kind than expected"
