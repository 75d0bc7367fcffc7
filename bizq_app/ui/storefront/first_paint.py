"""The shop's first paint, drawn on the server: a buyer's phone shows the shop's products
(or the product) from the first HTML, before Reflex's JavaScript has loaded and its
WebSocket has brought the page's state.

BizQ's pages are a single-page app: the HTML a browser first gets for ``/s/{slug}`` and
``/s/{slug}/p/{id}`` is Reflex's empty shell, and on a slow phone network the shop stays
blank for seconds while the bundle loads. Here, in front of the app, the shell for those
two addresses gets a snapshot of the page put into its ``<body>``: the shop's header in
its brand colours, then the product grid or the product, drawn over the page until the
live page has its data (it marks itself ``shop-ready``; a stylesheet rule then hides
the snapshot, so nothing moves, and a small script removes it for good, so that the
pages the buyer goes on to are never covered). The snapshot is an ``<aside>``, a tag the app never
renders at the top of the body, so React's hydration passes over it. Its links are plain
links; buying waits for the live page. Any other address, a shop that does not exist
and a run without a built frontend (``reflex run`` in development) get the app as it is.
"""

from __future__ import annotations

import gzip
import re
import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader
from starlette.concurrency import run_in_threadpool

from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.storefront import storefront, storefront_product
from bizq_app.ui.storefront.cart import money

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SHOP = re.compile(r"^/s/(?P<slug>[a-z0-9][a-z0-9-]{0,62})/?$")
PRODUCT = re.compile(r"^/s/(?P<slug>[a-z0-9][a-z0-9-]{0,62})/p/(?P<product>[0-9a-f-]{36})/?$")
TITLE = re.compile(r"<title>.*?</title>", re.DOTALL)
PRELOADS = re.compile(r'<link rel="modulepreload" href="[^"]*"/>')
BOOT = re.compile(r'<script type="module" async="">(?P<code>.*?)</script>', re.DOTALL)
BARE_IMPORT = re.compile(r'import (?P<module>"[^"]+");')
NAMED_IMPORT = re.compile(r'import \* as (?P<name>\w+) from (?P<module>"[^"]+");')
GRID_SIZE = 24  # products drawn in the snapshot: more than a phone's first screens show
PAGES = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True)
PAGES.filters["money"] = money  # a price as the live page shows it: $24.00


@dataclass
class _Shell:
    path: Path
    mtime: float = -1.0
    text: str = ""  # the shell with the app's start put after the first paint

    def read(self) -> str:
        """The built app's page shell, prepared (``_after_first_paint``) once a build:
        read and prepared again only when a new build replaced it."""
        try:
            mtime = self.path.stat().st_mtime
        except OSError:
            return ""
        if mtime != self.mtime:
            self.text = _after_first_paint(self.path.read_text(encoding="utf-8"))
            self.mtime = mtime
        return self.text


def snapshot(path: str) -> tuple[str, str]:
    """The snapshot of the page at ``path`` and the page's title, or ("", "") when it is
    no shop page BizQ draws."""
    shop, product = SHOP.match(path), PRODUCT.match(path)
    try:
        with session_scope() as session:
            if product:
                slug = product["slug"]
                view = storefront_product.product_view(
                    session=session, slug=slug, product_id=str(uuid.UUID(product["product"]))
                )
                front = storefront.shopfront(session=session, slug=slug)
                picture = PAGES.get_template("first_paint_product.html").render(
                    shop=front, product=view
                )
                return picture, f"{view.title} · {front.name}"
            if shop:
                front = storefront.shopfront(session=session, slug=shop["slug"])
                found = storefront.listings(session=session, slug=front.slug, limit=GRID_SIZE)
                picture = PAGES.get_template("first_paint_shop.html").render(
                    shop=front, products=found
                )
                return picture, front.name
    except (BizQError, ValueError):
        return "", ""
    return "", ""


def drawn(shell: str, picture: str) -> str:
    """The shell with the snapshot first in its body; the app's own loading waits until
    the snapshot is on screen (see ``_after_first_paint``)."""
    return _with_picture(_after_first_paint(shell), picture) if picture else shell


def _with_picture(prepared: str, picture: str, title: str = "") -> str:
    at = prepared.find("<body>")
    page = prepared if at < 0 else prepared[: at + 6] + picture + prepared[at + 6 :]
    return _titled(page, title) if title else page


def _titled(page: str, title: str) -> str:
    """The page with ``title`` (escaped) as its ``<title>``: the tab and a shared link name
    the shop from the first HTML on (the snapshot's script removes it with the snapshot,
    so the live page's own title takes over)."""
    element = f"<title data-first-paint>{escape(title)}</title>"
    found = TITLE.search(page)
    if found:
        return page[: found.start()] + element + page[found.end() :]
    at = page.find("</head>")
    return page if at < 0 else page[:at] + element + page[at:]


def _after_first_paint(page: str) -> str:
    """The page with the app's start moved after the browser's first paint: its
    ``modulepreload`` links go, and its module script imports the same modules one frame
    later. Fetched at once at high priority, the app's forty modules would share the
    phone's first second with the stylesheet and the snapshot's pictures, and running
    them would hold the first paint back until the app had hydrated. A module script
    this does not recognise is left as it is (the page is then as fast as without)."""
    found = BOOT.search(page)
    if found is None:
        return page
    statements = []
    for line in found["code"].strip().splitlines():
        line = line.strip()
        bare, named = BARE_IMPORT.fullmatch(line), NAMED_IMPORT.fullmatch(line)
        if bare:
            line = f"await import({bare['module']});"
        elif named:
            line = f"const {named['name']} = await import({named['module']});"
        elif line.startswith("import ") or " from " in line:
            return page  # an import this does not know how to put off
        statements.append(line)
    later = (
        '<script type="module">requestAnimationFrame(() => setTimeout(async () => {\n'
        + "\n".join(statements)
        + "\n}, 0));</script>"
    )
    page = page[: found.start()] + later + page[found.end() :]
    return PRELOADS.sub("", page)


class FirstPaint:
    """ASGI middleware: a shop page's HTML with its snapshot drawn in (see the module)."""

    def __init__(self, app: ASGIApp, shell: Path | None = None) -> None:
        self._app = app
        self._shell = _Shell(shell or _built_shell())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] != "http"
            or scope.get("method") != "GET"
            or not path.startswith("/s/")
            or not (SHOP.match(path) or PRODUCT.match(path))
        ):
            await self._app(scope, receive, send)
            return
        shell = self._shell.read()
        picture, title = await run_in_threadpool(snapshot, path) if shell else ("", "")
        if not picture:
            await self._app(scope, receive, send)
            return
        body = _with_picture(shell, picture, title).encode()  # the shell is prepared already
        headers = [(b"content-type", b"text/html; charset=utf-8"), (b"cache-control", b"no-cache")]
        if b"gzip" in dict(scope.get("headers") or []).get(b"accept-encoding", b""):
            body = gzip.compress(body, compresslevel=6)
            headers += [(b"content-encoding", b"gzip"), (b"vary", b"accept-encoding")]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _built_shell() -> Path:
    from reflex import constants
    from reflex.utils import prerequisites

    static = prerequisites.get_web_dir() / constants.Dirs.STATIC
    return static / constants.ReactRouter.SPA_FALLBACK
