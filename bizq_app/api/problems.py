"""Every API error is ``application/problem+json`` with a stable ``code``."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from bizq_app.core.errors import BizQError
from bizq_app.core.rate_limits import TooManyRequests

log = logging.getLogger(__name__)
PROBLEM_JSON = "application/problem+json"


def problem(
    status: int,
    code: str,
    detail: str,
    errors: Sequence[dict[str, str]] = (),
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """A problem+json response (RFC 9457) with BizQ's ``code`` and field ``errors``."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": code.replace("_", " ").capitalize(),
        "status": status,
        "code": code,
        "detail": detail,
        "errors": list(errors),
    }
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def too_many(exc: TooManyRequests) -> JSONResponse:
    """429 with ``Retry-After``: how many seconds until the limit has room again."""
    return problem(exc.status, exc.code, exc.message, headers={"Retry-After": str(exc.retry_after)})


def json_path(loc: Sequence[Any]) -> str:
    """``("body", "items", 0, "name")`` → ``$.items[0].name``; query/path parameters by name."""
    where, *rest = loc if loc else ("body",)
    if where in ("query", "path", "header"):
        return f"{where}.{'.'.join(str(part) for part in rest)}"
    path = "$"
    for part in rest:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


async def _bizq_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, BizQError)
    if isinstance(exc, TooManyRequests):
        return too_many(exc)
    errors = [{"path": e.path, "message": e.message} for e in getattr(exc, "errors", [])]
    return problem(exc.status, exc.code, exc.message, errors)


async def _request_invalid(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [_field_error(e) for e in exc.errors()]
    summary = "; ".join(f"{e['path']}: {e['message']}" for e in errors)
    return problem(422, "validation_failed", f"The request is not valid: {summary}", errors)


def _field_error(error: dict[str, Any]) -> dict[str, str]:
    if error.get("type") == "json_invalid":
        return {"path": "$", "message": "the body is not valid JSON"}
    return {"path": json_path(error.get("loc", ())), "message": str(error.get("msg", "invalid"))}


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = {404: "not_found", 405: "method_not_allowed", 401: "authentication_failed"}.get(
        exc.status_code, "http_error"
    )
    return problem(exc.status_code, code, str(exc.detail))


async def _not_storable(_request: Request, exc: Exception) -> JSONResponse:
    """A value the database will not store (text with a NUL character, a number past its
    column's range) came with the request: the request is at fault and its unit of work
    was rolled back, so nothing was written."""
    log.warning("the database refused a value from a request: %s", exc)
    return problem(
        422,
        "validation_failed",
        "A value in the request cannot be stored: text must not contain NUL (\\u0000) "
        "characters, and numbers must be within range.",
    )


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error in the API", exc_info=exc)
    return problem(500, "internal_error", "BizQ hit an unexpected error; it has been logged.")


def install(api: FastAPI) -> None:
    """Map every error to problem+json, once, for the whole API."""
    api.add_exception_handler(BizQError, _bizq_error)
    api.add_exception_handler(RequestValidationError, _request_invalid)
    api.add_exception_handler(StarletteHTTPException, _http_error)
    api.add_exception_handler(DataError, _not_storable)
    api.add_exception_handler(Exception, _unexpected)
