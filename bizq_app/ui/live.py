"""Live pages: the web process relays each store's events to the browsers watching it.

Services publish on the store's Redis channel after commit; one subscription
per web process listens to every store and refreshes the Reflex state of the
clients (by token) that registered for that store on this process.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from typing import Any

from bizq_app.core.events import CHANNEL_PREFIX
from bizq_app.core.queue import get_async_redis

log = logging.getLogger(__name__)


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


WATCHERS = Watchers()
LIVE_PAGES: dict[str, Any] = {}  # route → the state whose ``refresh`` redraws it (ui.pages)


def watch(store_id: str, token: str) -> None:
    """Send this client the store's live updates."""
    WATCHERS.add(store_id, token)


async def relay(app: Any) -> None:
    """Lifespan task: forward ``task.updated`` events to the watching clients' live pages."""
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
            await _push(app, token)


async def _push(app: Any, token: str) -> None:
    import reflex as rx

    from bizq_app.ui.state import SessionState

    try:
        async with app.modify_state(rx.BaseStateToken(ident=token, cls=SessionState)) as root:
            page = LIVE_PAGES.get(root.router.url.path.rstrip("/") or "/")
            if page is None:  # the client left its live page
                WATCHERS.remove(token)
                return
            state = await root.get_state(page)
            await asyncio.to_thread(state.refresh)  # its database work off the loop
    except Exception:  # a client that went away: stop sending it updates
        log.debug("dropping live watcher %s", token, exc_info=True)
        WATCHERS.remove(token)
