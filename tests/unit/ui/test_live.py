"""Live pages: a store's event reaches the page watching it at once, even while that page
is being reloaded from the database.

The relay runs on the real Redis channel; Reflex's side is a stand-in that holds each
client's state under one lock and records what the browser is sent when the lock is
released, as ``app.modify_state`` does.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from bizq_app.core import events
from bizq_app.ui import live
from tests import own_loop

ROUTE = "/tasks"
DATABASE: dict[str, str] = {}  # task → status, as the page's reload reads it
READING = threading.Event()  # a reload is reading the database
READ_MAY_END = threading.Event()  # the test lets that read finish


def read_database() -> dict[str, str]:
    READING.set()
    READ_MAY_END.wait(timeout=30)
    return dict(DATABASE)


class TasksPage:
    """A live page as the relay sees it: a status per task, reloaded from the database."""

    def __init__(self) -> None:
        self.rows = {"t1": "running"}

    def refresh(self) -> None:
        self.rows = read_database()

    def _live_view(self) -> str:
        return "all tasks"

    @staticmethod
    def _live_load(view: str) -> dict[str, Any]:
        return {"rows": read_database()}

    def _live_apply(self, event: dict[str, Any]) -> bool:
        if event["task_id"] in self.rows:
            self.rows = {**self.rows, event["task_id"]: event["status"]}
        return False  # the rest of the page (credits, new rows) comes with the reload


@dataclass
class Router:
    path: str = ROUTE

    @property
    def url(self) -> Router:
        return self


@dataclass
class Root:
    page: Any
    router: Router = field(default_factory=Router)

    async def get_state(self, _cls: type) -> Any:
        return self.page


@dataclass
class ReflexApp:
    """Each client's state under one lock; the browser is sent the page when it ends."""

    root: Root = field(default_factory=lambda: Root(TasksPage()))
    sent: list[dict[str, str]] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @asynccontextmanager
    async def modify_state(self, _token: object) -> AsyncIterator[Root]:
        async with self.lock:
            yield self.root
            self.sent.append(dict(self.root.page.rows))


async def until(seen: Callable[[], bool], what: str) -> None:
    try:
        async with asyncio.timeout(10):
            while not seen():
                await asyncio.sleep(0.005)
    except TimeoutError:
        raise AssertionError(f"timed out waiting for {what}") from None


def test_an_event_is_shown_while_the_page_is_still_being_reloaded(
    redis_db: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(live.LIVE_PAGES, ROUTE, TasksPage)
    store_id, token = uuid.uuid4(), f"client-{uuid.uuid4().hex}"
    DATABASE.clear()
    DATABASE.update(t1="running", t2="queued")
    READING.clear()
    READ_MAY_END.clear()
    app = ReflexApp()

    async def scenario() -> tuple[list[dict[str, str]], dict[str, str]]:
        relay = asyncio.create_task(live.relay(app))
        live.watch(str(store_id), token)
        try:
            # given: a new task makes the open page reload, and the reload is still reading
            queued = {"task_id": "t2", "status": "queued"}
            await until(lambda: announced(store_id, queued) and READING.is_set(), "a reload")
            # when: a task on the page completes meanwhile
            DATABASE["t1"] = "completed"
            events.publish(store_id, "task.updated", {"task_id": "t1", "status": "completed"})
            shown = "the completion on the page"
            await until(lambda: any(s.get("t1") == "completed" for s in app.sent), shown)
            seen_while_reading = list(app.sent)
        finally:
            READ_MAY_END.set()
        await until(lambda: app.root.page.rows == DATABASE, "the reload to finish")
        relay.cancel()
        return seen_while_reading, app.root.page.rows

    seen_while_reading, finally_shown = own_loop.run(scenario())

    # then: the browser got the completion before the reload had read anything
    assert seen_while_reading[-1] == {"t1": "completed"}
    assert finally_shown == {"t1": "completed", "t2": "queued"}


def announced(store_id: uuid.UUID, data: dict[str, str]) -> bool:
    """Publish ``data`` on the store's channel (again, until the relay has subscribed)."""
    events.publish(store_id, "task.updated", data)
    return True


class OrdersPage:
    """A live page that can only be redrawn whole, by ``refresh``."""

    def __init__(self) -> None:
        self.rows: dict[str, str] = {}
        self.refreshes = 0

    def refresh(self) -> None:
        self.refreshes += 1
        self.rows = read_database()


def test_a_burst_of_events_redraws_a_page_once_more_not_once_per_event(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(live.LIVE_PAGES, ROUTE, OrdersPage)
    DATABASE.clear()
    DATABASE.update(o1="paid")
    READING.clear()
    READ_MAY_END.clear()
    page = OrdersPage()
    app = ReflexApp(root=Root(page))

    async def scenario() -> None:
        feed = live.feed_of(app, f"client-{uuid.uuid4().hex}")
        try:
            # given: the page is being redrawn for an order that was paid
            feed.post({"type": "order.updated", "order_id": "o1"})
            await until(READING.is_set, "the page to start redrawing")
            # when: ten more orders change meanwhile
            for number in range(2, 12):
                DATABASE[f"o{number}"] = "paid"
                feed.post({"type": "order.updated", "order_id": f"o{number}"})
        finally:
            READ_MAY_END.set()
        await until(feed.idle, "the page to be up to date")

    own_loop.run(scenario())

    # then: one more redraw brought all ten, instead of ten more
    assert page.rows == DATABASE
    assert page.refreshes == 2
