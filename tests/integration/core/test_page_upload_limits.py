"""Every body the web app accepts is bounded, the Reflex app's too: a file a page uploads
(Reflex's ``/_upload``, what ``rx.upload`` posts) over the upload limit meets 413 before
it is read whole, and any other body posted to a Reflex address meets the JSON limit;
a small upload still reaches Reflex.

The app is the one ``reflex run`` serves (``bizq_app.bizq_app``), built as its backend
starts without a frontend compile, and driven directly as an ASGI app, with a client
that streams a body no test client would."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, MutableMapping
from typing import Any

import pytest
from reflex_base.environment import environment
from reflex_base.utils.format import format_event_handler
from starlette.types import ASGIApp

from bizq_app.api import body_limits
from bizq_app.ui.catalog.product_state import ProductState
from tests import own_loop

CHUNK = 64 * 1024
BOUNDARY = "bizq-boundary"
Message = MutableMapping[str, Any]


@pytest.fixture(scope="module")
def web_app() -> Iterator[ASGIApp]:
    """The web process's ASGI app: the API, the shop's first paint and Reflex's backend
    (with ``/_upload``, which Reflex adds when a page has an upload)."""
    from bizq_app.bizq_app import app

    environment.REFLEX_SKIP_COMPILE.set(True)
    try:
        yield app()
    finally:
        environment.REFLEX_SKIP_COMPILE.set(None)


def upload_request(length: int | None = None, handler: str = "") -> dict[str, Any]:
    """A page's upload of product images, as Reflex's frontend posts it."""
    named = handler or format_event_handler(ProductState.event_handlers["upload_images"])
    headers = [
        (b"content-type", f"multipart/form-data; boundary={BOUNDARY}".encode()),
        (b"reflex-client-token", b"a-client-token"),
        (b"reflex-event-handler", named.encode()),
    ]
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    return scope("POST", "/_upload", headers)


def scope(method: str, path: str, headers: list[tuple[bytes, bytes]]) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


def answer_to(app: ASGIApp, request: dict[str, Any], receive: Any) -> tuple[int, Any]:
    """Run one request through the app: its status and its body (a JSON body parsed).
    The outer wait only keeps a broken limit from hanging the run."""
    sent: list[Message] = []

    async def send(message: Message) -> None:
        sent.append(message)

    async def run() -> None:
        await asyncio.wait_for(app(request, receive, send), timeout=120)

    own_loop.run(run())
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(body) if body.startswith(b"{") else body.decode()


def image_part(size: int) -> bytes:
    return (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="files"; filename="big.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode() + b"\0" * size


def test_an_upload_over_the_limit_is_cut_as_it_streams(web_app: ASGIApp) -> None:
    given = 0
    opening = image_part(0)

    async def endless() -> Message:  # twice the limit, if nothing stops it sooner
        nonlocal given
        body = opening if given == 0 else b"\0" * CHUNK
        given += len(body)
        more = given < 2 * body_limits.PAGE_UPLOAD.limit
        return {"type": "http.request", "body": body, "more_body": more}

    status, problem = answer_to(web_app, upload_request(), endless)

    assert status == 413, problem
    assert problem["code"] == "content_too_large"
    assert problem["detail"] == "An upload may be at most 50 MB; this one is larger."
    assert given <= body_limits.PAGE_UPLOAD.limit + CHUNK


def test_a_declared_upload_over_the_limit_is_refused_unread(web_app: ASGIApp) -> None:
    reads = 0

    async def never_read() -> Message:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"", "more_body": False}

    too_long = body_limits.PAGE_UPLOAD.limit + 1
    status, problem = answer_to(web_app, upload_request(length=too_long), never_read)

    assert status == 413
    assert problem["detail"] == "An upload may be at most 50 MB; this one is 50.1 MB."
    assert reads == 0


def test_any_other_body_sent_to_the_reflex_app_meets_the_json_limit(web_app: ASGIApp) -> None:
    reads = 0

    async def never_read() -> Message:
        nonlocal reads
        reads += 1
        return {"type": "http.request", "body": b"", "more_body": False}

    too_long = str(body_limits.JSON_BYTES + 1).encode()
    for path in ("/_event/", "/_health", "/anywhere"):
        request = scope("POST", path, [(b"content-length", too_long)])
        status, problem = answer_to(web_app, request, never_read)

        assert status == 413, path
        assert problem["detail"] == "A request body may be at most 1 MB; this one is larger."
    assert reads == 0


def test_a_small_upload_still_reaches_reflex(web_app: ASGIApp) -> None:
    nameless = f"--{BOUNDARY}\r\nContent-Type: image/png\r\n\r\n\x89P\r\n--{BOUNDARY}--"

    async def form() -> Message:  # a part with no field name: Reflex's form parser says so
        return {"type": "http.request", "body": nameless.encode(), "more_body": False}

    status, answer = answer_to(web_app, upload_request(), form)

    assert (status, answer) == (  # Reflex's own refusal, not the limit's
        400,
        'The Content-Disposition header field "name" must be provided.',
    )
