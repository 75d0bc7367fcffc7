"""The app's pages as the web process runs them, without a browser: Reflex's own event
processor on an in-memory state manager, with a stand-in for the browser's socket that
keeps what the page was sent. A visit sends the events a browser sends: its storage
(the login token), the page's loads, and then whatever the test clicks."""

from __future__ import annotations

import asyncio
import inspect
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import reflex as rx
from reflex.event import Event
from reflex.istate.manager.memory import StateManagerMemory
from reflex.state import UpdateVarsInternalState
from reflex_base.event.processor import BaseStateEventProcessor
from reflex_base.utils.format import format_event_handler

from bizq_app.bizq_app import app
from bizq_app.ui import routes
from bizq_app.ui.pages import PAGES
from bizq_app.ui.state import SessionState

STORAGE = format_event_handler(UpdateVarsInternalState.event_handlers["update_vars_internal"])
TOKEN_VAR = f"{SessionState.get_full_name()}.token"
SWITCH_STORE = format_event_handler(SessionState.event_handlers["switch_store"])
ORIGIN = "http://localhost:3000"
STEP_SECONDS = 60  # only keeps a stuck event from hanging the run
UNLOADED = {  # states no page load names
    "SchemaFormState": routes.MARKETPLACE,
    "SuppliersState": routes.SUPPLIERS,
}


@dataclass(frozen=True)
class Handler:
    """One event handler of one page state, and the page it is on."""

    state: type[rx.State]
    name: str
    params: dict[str, inspect.Parameter]
    route: str

    @property
    def event(self) -> str:
        return format_event_handler(self.state.event_handlers[self.name])

    def __str__(self) -> str:
        return f"{self.state.__name__}.{self.name}"


def every_handler() -> Iterator[Handler]:
    """Every event handler BizQ's pages define (not Reflex's setters), once: on the state
    that defines it, or on each state a mixin (paging) gives it to."""
    states = page_states()
    for state in states:
        parents = {c.__name__ for c in state.__mro__[1:] if c in states}
        for name, handler in state.event_handlers.items():
            fn = inspect.unwrap(handler.fn)
            owner = fn.__qualname__.split(".")[0]
            if not fn.__module__.startswith("bizq_app.") or owner in parents:
                continue
            params = dict(list(inspect.signature(fn).parameters.items())[1:])
            yield Handler(state, name, params, route_of(state))


def page_states() -> list[type[rx.State]]:
    """Every state class BizQ defines."""
    found: list[type[rx.State]] = []
    todo: list[type[Any]] = [rx.State]
    while todo:
        state = todo.pop()
        todo.extend(state.get_substates())
        if state.__module__.startswith("bizq_app."):
            found.append(state)
    return found


def route_of(state: type[rx.State]) -> str:
    """The page whose loads open ``state``, or else a state it extends."""
    for chosen in ({state.__name__}, {c.__name__ for c in state.__mro__}):
        for page in PAGES:
            loads = page.on_load if isinstance(page.on_load, list | tuple) else [page.on_load]
            opened = {load.fn.__qualname__.split(".")[0] for load in loads}
            if (opened - {SessionState.__name__}) & chosen:
                return page.route
    return UNLOADED.get(state.__name__, routes.STORES)


class Socket:
    """The browser's end of the socket: every update the page was sent."""

    def __init__(self) -> None:
        self.updates: list[tuple[str, Any]] = []

    async def emit_update(self, update: Any, token: str) -> None:
        self.updates.append((token, update))

    def events_for(self, token: str) -> list[Event]:
        return [e for t, u in self.updates if t == token for e in u.events]


@dataclass
class Step:
    """What one event did: how long it took and what it raised."""

    name: str
    seconds: float
    raised: list[BaseException] = field(default_factory=list)


class Browser:
    """Clients of the app's pages, each a fresh tab: events in, updates out."""

    def __init__(self) -> None:
        self.socket = Socket()
        self.raised: list[BaseException] = []

    def _caught(self, exception: Exception) -> Any:
        """Every exception a handler let out, kept; then what the app shows for it."""
        self.raised.append(exception)
        return app.backend_exception_handler(exception)

    async def __aenter__(self) -> Browser:
        # The app's registry of states and handlers first: what follows looks them up.
        self._contexts = app.set_contexts()
        self._contexts.__enter__()
        self.processor = BaseStateEventProcessor(
            middleware=app, backend_exception_handler=self._caught
        )
        # Reflex's own default manager; the socket's stand-in answers as its namespace does.
        self.processor.configure(
            state_manager=StateManagerMemory(),  # type: ignore[abstract]
            event_namespace=self.socket,  # type: ignore[arg-type]
        )
        await self.processor.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.processor.stop()
        self._contexts.__exit__(None, None, None)

    def tab(self, token: str, address: str, route: str) -> Tab:
        return Tab(self, token, address, route)


class Tab:
    """One client: its token, the page it has open, and its steps."""

    def __init__(self, browser: Browser, login: str, address: str, route: str) -> None:
        self.browser, self.login = browser, login
        self.client = f"client-{uuid.uuid4().hex}"
        query = address.partition("?")[2]
        self.router = {
            "pathname": route,
            "asPath": address,
            "query": dict(p.split("=", 1) for p in query.split("&") if "=" in p),
            "headers": {"origin": ORIGIN, "host": "localhost:3000"},
            "token": self.client,
            "sid": f"sid-{self.client}",
            "ip": "127.0.0.1",
        }
        self.steps: list[Step] = []
        self.label = address
        self.changed: list[str] = []  # what of another store changed while it ran

    async def open(self) -> None:
        """What a browser sends on opening the page: its storage, then the page's loads
        (Reflex runs those on the first event of a new client)."""
        await self.send(STORAGE, {"vars": {TOKEN_VAR: self.login}})

    async def send(self, name: str, payload: dict[str, Any]) -> Step:
        before = len(self.browser.raised)
        started = time.perf_counter()
        future = await self.browser.processor.enqueue(
            self.client, Event(name=name, router_data=self.router, payload=payload)
        )
        try:
            await asyncio.wait_for(future.wait_all(), timeout=STEP_SECONDS)
        except Exception as exc:  # a handler's own exception went to the handler above
            if exc not in self.browser.raised:
                self.browser.raised.append(exc)
        step = Step(name, time.perf_counter() - started, self.browser.raised[before:])
        self.steps.append(step)
        return step

    def shown(self) -> list[Event]:
        """The frontend events (toasts, redirects…) this client was sent."""
        return self.browser.socket.events_for(self.client)
