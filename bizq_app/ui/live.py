"""Live pages: the web process relays each store's events to the browsers watching it.

Services publish on the store's Redis channel after commit; one subscription
per web process listens to every store and updates the Reflex state of the
clients (by token) that registered for that store on this process.

Each client has a ``Feed``: the subscription hands it an event and goes back to
listening, never waiting on one client. The feed first shows the event from its
own data (``_live_apply``: a task's new status, no database), then, unless that was
all the event changed, reloads the page behind it; events that arrive meanwhile are
coalesced into one more reload. A page
whose state says what it shows (``_live_view``, read under the state lock) and
how to read that (``_live_load``, on a worker thread) is reloaded without holding
its client's state lock over the database, so an event arriving during a reload is
shown at once instead of after it. Any other live page is reloaded with its
``refresh``, on a worker thread, under the lock.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from bizq_app.core.events import CHANNEL_PREFIX
from bizq_app.core.queue import get_async_redis

log = logging.getLogger(__name__)
Event = dict[str, Any]


class Watchers:
    """Which client tokens (on this process) watch which store."""

    def __init__(self) -> None:
        self._by_store: dict[str, set[str]] = defaultdict(set)

    def add(self, store_id: str, token: str) -> None:
        for tokens in self._by_store.values():
            tokens.discard(token)
        if store_id and token:
            self._by_store[store_id].add(token)

    def remove(self, token: str) -> None:
        for tokens in self._by_store.values():
            tokens.discard(token)

    def of(self, store_id: str) -> list[str]:
        return list(self._by_store.get(store_id, ()))

    def all(self) -> set[str]:
        return set().union(*self._by_store.values())


WATCHERS = Watchers()
LIVE_PAGES: dict[str, Any] = {}  # route → the state whose ``refresh`` redraws it (ui.pages)


def live_page(path: str) -> Any:
    """The live state of the page at ``path`` (a dynamic route's ``[part]`` matching any
    one segment: ``/orders/1001`` is ``/orders/[number]``), or None."""
    if path in LIVE_PAGES:
        return LIVE_PAGES[path]
    parts = path.split("/")
    for route, state in LIVE_PAGES.items():
        pattern = route.split("/")
        if len(pattern) == len(parts) and all(
            p == q or (p.startswith("[") and p.endswith("]"))
            for p, q in zip(pattern, parts, strict=True)
        ):
            return state
    return None


def watch(store_id: str, token: str) -> None:
    """Send this client the store's live updates."""
    WATCHERS.add(store_id, token)


class ClientGone(Exception):
    """The client left its live page (or went away): stop sending it updates."""


@dataclass(frozen=True)
class _Reading:
    """How to reload a page off the lock: its view, its loader, and the values it showed
    (as of the last events applied) under the names the loader sets."""

    view: Any
    load: Callable[[Any], dict[str, Any]]
    shown: dict[str, Any]


class Feed:
    """One client's live updates: each event shown as it arrives, the page reloaded
    behind it. ``open_page(known)`` opens the client's live page state under its lock
    (``known``: the page's state class last time, None at first)."""

    def __init__(self, token: str, open_page: Callable[[type | None], Any]) -> None:
        self.token = token
        self._open = open_page
        self._page_class: type | None = None
        self._events: list[Event] = []
        self._stale = False
        self._reading: _Reading | None = None  # None: the page reloads by ``refresh``
        self._names: tuple[str, ...] = ()  # what the page's loader sets
        self._since_load: list[Event] | None = None  # shown while a reload reads
        self._running: dict[str, asyncio.Task[None]] = {}

    def post(self, event: Event) -> None:
        """Show ``event`` as soon as the client's state is free, then reload the page."""
        self._events.append(event)
        self._start("show", self._show_events)

    def idle(self) -> bool:
        return all(task.done() for task in self._running.values())

    @asynccontextmanager
    async def _open_page(self) -> AsyncIterator[Any]:
        async with self._open(self._page_class) as page:
            self._page_class = type(page)
            yield page

    def _start(self, name: str, work: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Run ``work`` unless it is running (a loop that has returned counts as ended,
        even before its task's callbacks have run: it would not see new work)."""
        running = self._running.get(name)
        if running is None or running.done():
            self._running[name] = asyncio.create_task(self._guarded(work))

    async def _guarded(self, work: Callable[[], Coroutine[Any, Any, None]]) -> None:
        try:
            await work()
        except Exception:  # a client that went away: stop sending it updates
            log.debug("dropping live watcher %s", self.token, exc_info=True)
            self._events, self._stale = [], False
            WATCHERS.remove(self.token)

    async def _show_events(self) -> None:
        """Apply the events that came in (one lock for all of them), and note what the
        page shows for the reload that follows."""
        while self._events:
            events, self._events = self._events, []
            reading, shown = None, False
            if self._page_class is None or hasattr(self._page_class, "_live_apply"):
                async with self._open_page() as page:
                    shown = _apply(page, events)
                    if self._since_load is not None:
                        self._since_load.extend(events)
                    reading = self._reading_of(page)
            self._reading = reading
            if not shown:
                self._stale = True
                self._start("reload", self._reload)

    def _reading_of(self, page: Any) -> _Reading | None:
        view = _view_of(page)
        if view is None:
            return None
        shown = {name: copy.deepcopy(getattr(page, name)) for name in self._names}
        return _Reading(view, type(page)._live_load, shown)

    async def _reload(self) -> None:
        while self._stale:
            self._stale = False
            reading = self._reading
            if reading is not None:
                await self._load(reading)
                continue
            async with self._open_page() as page:
                await asyncio.to_thread(page.refresh)  # its database work off the loop

    async def _load(self, reading: _Reading) -> None:
        """Read the page holding no lock, then show what changed, with the events that
        arrived meanwhile on top (the read may predate them)."""
        self._since_load = []
        try:
            values = await asyncio.to_thread(reading.load, reading.view)
            self._names = tuple(values)
            if values == reading.shown and not self._since_load:
                return  # the page already shows all of it: no lock, nothing to send
            async with self._open_page() as page:
                if _view_of(page) != reading.view:
                    return  # the client changed what it looks at; its own handler reloaded
                for name, value in values.items():
                    if getattr(page, name) != value:
                        setattr(page, name, value)
                _apply(page, self._since_load)
        finally:
            self._since_load = None


def _apply(page: Any, events: list[Event]) -> bool:
    """Show ``events`` on ``page`` from their own data, where the page knows how; whether
    that showed all they change (else the page must be reloaded)."""
    if not hasattr(page, "_live_apply"):
        return False
    return all([page._live_apply(event) for event in events])


def _view_of(page: Any) -> Any:
    """What ``page`` shows, for pages that can be reloaded off the lock (else None)."""
    return page._live_view() if hasattr(page, "_live_view") else None


FEEDS: dict[str, Feed] = {}


async def relay(app: Any) -> None:
    """Lifespan task: forward each store's events to the watching clients' live pages."""
    while True:
        try:
            await _listen(app)
        except asyncio.CancelledError:
            raise
        except Exception:  # the event bus hiccuped: reconnect, never give up on live pages
            log.exception("live relay lost its subscription; reconnecting")
            await asyncio.sleep(1)


async def _listen(app: Any) -> None:
    pubsub = get_async_redis().pubsub()
    await pubsub.psubscribe(f"{CHANNEL_PREFIX}*")
    async for message in pubsub.listen():
        if message.get("type") != "pmessage":
            continue
        event = json.loads(message["data"])
        for token in WATCHERS.of(event.get("store_id", "")):
            feed_of(app, token).post(event)


def feed_of(app: Any, token: str) -> Feed:
    """The client's feed (those of clients no longer watching, once idle, are dropped as
    new ones start)."""
    feed = FEEDS.get(token)
    if feed is None:
        watching = WATCHERS.all()
        for gone in [t for t, f in FEEDS.items() if t not in watching and f.idle()]:
            del FEEDS[gone]
        feed = FEEDS[token] = Feed(token, lambda known: _live_page(app, token, known))
    return feed


@asynccontextmanager
async def _live_page(app: Any, token: str, known: type | None) -> AsyncIterator[Any]:
    """The state of the client's live page, under its lock; Reflex sends the browser what
    changed when the block ends. Asking for the page's own state (``known``) reads just it
    and its parents; asking for ``SessionState`` reads every page's state of the client."""
    import reflex as rx

    from bizq_app.ui.state import SessionState

    state_token = rx.BaseStateToken(ident=token, cls=known or SessionState)
    async with app.modify_state(state_token) as root:
        page = live_page(root.router.url.path.rstrip("/") or "/")
        if page is None:
            raise ClientGone(token)
        yield await root.get_state(page)
