"""How much of a request's body the API reads, and for how long: one ASGI middleware in
front of every ``/api`` route, before any parsing or signature check.

Each request is of one kind, told by its method and path (``KINDS``): a webhook, a CSV
file, an upload, or JSON (every other route). Each kind has one limit, taken from the
domain that reads the body where there is one, so each size is written once. A declared
``Content-Length`` over the limit is refused at once with 413; otherwise the body is
counted as it arrives and cut with 413 as soon as it passes the limit (at most one chunk
more is ever read). The whole body must arrive within ``body_seconds`` of the first read,
or the answer is 408: a client that trickles a byte a second holds nothing for long.
Order webhooks to one channel connection also count under the ``webhook`` rate limit,
keyed by the connection id in the path, before their body is read.

The Reflex app is mounted behind the API, so its addresses pass through here too and are
bounded the same way: a file a page uploads (``/_upload``, what ``rx.upload`` posts) at
the most any page takes at once, any other body at the JSON limit. (The pages' events
travel over the WebSocket, whose messages Reflex's socket server caps itself.)
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bizq_app.api.problems import problem, too_many
from bizq_app.catalog import product_csv, product_files, product_images
from bizq_app.catalog.product_fields import MAX_IMAGES
from bizq_app.channels import order_reports
from bizq_app.core import rate_limits
from bizq_app.core.errors import BizQError

MB = 1024 * 1024
JSON_BYTES = 1 * MB
# Shopify's orders/create carries the whole order (every line with its taxes and
# discounts); a large order can approach a megabyte. The other channels and Stripe send
# a few kilobytes.
WEBHOOK_BYTES = 2 * MB
MULTIPART_BYTES = 64 * 1024  # a form's boundaries and part headers around the file
BODY_SECONDS_FLOOR = 30.0  # any body may take this long, however small
SLOWEST_BYTES_PER_SECOND = 128 * 1024  # about 1 Mbit/s: a poor mobile uplink
CHANNEL_WEBHOOK = re.compile(r"/api/channels/(?P<connection>[^/]+)/webhooks/")


@dataclass(frozen=True)
class Kind:
    """A kind of request body: what it is, in words, and the most BizQ reads of it."""

    name: str  # "a product image"
    shown: int  # the limit the sender is told about (the file, without a form around it)
    envelope: int = 0  # what the form around the file may add

    @property
    def limit(self) -> int:
        return self.shown + self.envelope


JSON = Kind("a request body", JSON_BYTES)
WEBHOOK = Kind("a webhook", WEBHOOK_BYTES)
PRODUCT_CSV = Kind("a product CSV file", product_csv.MAX_BYTES)
ORDER_REPORT = Kind("an order report", order_reports.MAX_BYTES)
IMAGE = Kind("a product image", product_images.MAX_BYTES, MULTIPART_BYTES)
FILE = Kind("a product file", product_files.MAX_BYTES, MULTIPART_BYTES)
# What a page uploads in one go: a product's images (as many as a product holds), a
# product CSV file or an order report.
PAGE_UPLOAD = Kind(
    "an upload",
    max(product_images.MAX_BYTES * MAX_IMAGES, product_csv.MAX_BYTES, order_reports.MAX_BYTES),
    MULTIPART_BYTES,
)

KINDS: tuple[tuple[str, re.Pattern[str], Kind], ...] = (
    ("POST", re.compile(r"/api/channels/[^/]+/webhooks/[^/]+/orders/?"), WEBHOOK),
    ("POST", re.compile(r"/api/webhooks/[^/]+/?"), WEBHOOK),
    ("POST", re.compile(r"/api/products/import/?"), PRODUCT_CSV),
    ("POST", re.compile(r"/api/stores/[^/]+/channels/order-reports/[^/]+/?"), ORDER_REPORT),
    ("POST", re.compile(r"/api/products/[^/]+/images/?"), IMAGE),
    ("PUT", re.compile(r"/api/products/[^/]+/file/?"), FILE),
    ("POST", re.compile(r"/_upload/?"), PAGE_UPLOAD),  # Reflex's endpoint for rx.upload
)


class ContentTooLarge(BizQError):
    code = "content_too_large"
    status = 413


class BodyTooSlow(BizQError):
    code = "request_timeout"
    status = 408


def kind_of(method: str, path: str) -> Kind:
    """The kind of body a request to ``path`` carries; JSON unless the table says else."""
    for route_method, pattern, kind in KINDS:
        if method == route_method and pattern.fullmatch(path):
            return kind
    return JSON


def body_seconds(size: int) -> float:
    """How long a body of ``size`` bytes may take to arrive: a floor, plus its bytes at
    the slowest upload rate BizQ waits for."""
    return BODY_SECONDS_FLOOR + size / SLOWEST_BYTES_PER_SECOND


def in_words(size: int) -> str:
    """``5242880`` → ``5 MB``; ``1572864`` → ``1.5 MB``; ``65536`` → ``64 KB``."""
    amount, unit = (size / MB, "MB") if size >= MB else (size / 1024, "KB")
    return f"{amount:,.1f}".removesuffix(".0") + f" {unit}"


def install(api: FastAPI) -> None:
    api.add_middleware(BodyLimits)


class BodyLimits:
    """The limits as plain ASGI middleware, outside every other part of the API."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # the WebSocket and the lifespan
            await self.app(scope, receive, send)
            return
        path = _route_path(scope)
        kind = kind_of(scope["method"], path)
        declared = _content_length(scope)
        if declared is not None and declared > kind.limit:
            await _answer(_too_large(kind, declared), scope, receive, send)
            return
        webhook = CHANNEL_WEBHOOK.match(path)
        if webhook is not None:
            try:
                await asyncio.to_thread(rate_limits.take, "webhook", webhook["connection"])
            except rate_limits.TooManyRequests as exc:
                await too_many(exc)(scope, receive, send)
                return
        await _Body(kind, declared, receive, send).run(self.app, scope)


class _Body:
    """One request's body as the app reads it: counted, timed, cut at its kind's limit.
    Once cut, whatever the app makes of the missing body is dropped for the refusal."""

    def __init__(self, kind: Kind, declared: int | None, receive: Receive, send: Send) -> None:
        self.kind = kind
        self._receive, self._send = receive, send
        self.read = 0
        self.seconds = body_seconds(declared if declared is not None else kind.limit)
        self.deadline: float | None = None
        self.complete = False
        self.refusal: BizQError | None = None
        self.answered = False  # the app's response has started: too late to refuse

    async def run(self, app: ASGIApp, scope: Scope) -> None:
        try:
            await app(scope, self.receive, self.send)
        except Exception:
            if self.refusal is None or self.answered:
                raise
        if self.refusal is not None and not self.answered:
            await _answer(self.refusal, scope, self._receive, self._send)

    async def receive(self) -> Message:
        if self.refusal is not None:
            raise self.refusal
        if self.complete:  # only a disconnect is left to hear of: no deadline on that
            return await self._receive()
        message = await self._in_time()
        if message["type"] == "http.request":
            self.read += len(message.get("body", b""))
            self.complete = not message.get("more_body", False)
            if self.read > self.kind.limit:
                self.refusal = _too_large(self.kind, None)
                raise self.refusal
        return message

    async def send(self, message: Message) -> None:
        if self.refusal is not None and not self.answered:
            return
        if message["type"] == "http.response.start":
            self.answered = True
        await self._send(message)

    async def _in_time(self) -> Message:
        loop = asyncio.get_running_loop()
        if self.deadline is None:
            self.deadline = loop.time() + self.seconds
        try:
            return await asyncio.wait_for(self._receive(), self.deadline - loop.time())
        except TimeoutError:
            self.refusal = BodyTooSlow(
                f"The body of the request did not arrive within {self.seconds:.0f} seconds; "
                "send it again over a faster connection."
            )
            raise self.refusal from None


def _too_large(kind: Kind, declared: int | None) -> ContentTooLarge:
    size = in_words(declared) if declared is not None else ""
    sent = f"this one is {size}" if size and size != in_words(kind.shown) else "this one is larger"
    return ContentTooLarge(
        f"{kind.name[0].upper()}{kind.name[1:]} may be at most {in_words(kind.shown)}; {sent}."
    )


async def _answer(error: BizQError, scope: Scope, receive: Receive, send: Send) -> None:
    # The rest of the body is never read: the connection cannot carry another request.
    response = problem(error.status, error.code, error.message, headers={"Connection": "close"})
    await response(scope, receive, send)


def _route_path(scope: Scope) -> str:
    path, root = str(scope["path"]), str(scope.get("root_path", ""))
    return path[len(root) :] if root and path.startswith(root) else path


def _content_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length", "")
    return int(value) if value.isascii() and value.isdigit() else None
