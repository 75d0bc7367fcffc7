"""Page handlers wait on worker threads, never on the web process's event loop: a slow
handler holds up its own user only."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from bizq_app.ui import off_loop, pages  # noqa: F401  (pages imports every page state)
from bizq_app.ui.state import SessionState
from bizq_app.ui.storefront.order_status import OrderStatusState
from bizq_app.ui.storefront.storefront_state import StorefrontState

T = TypeVar("T")


def every_state() -> list[type]:
    found, todo = [], [SessionState, StorefrontState, OrderStatusState]
    while todo:
        state = todo.pop()
        found.append(state)
        todo.extend(state.__subclasses__())
    return found


def test_every_plain_handler_of_every_page_runs_off_the_loop() -> None:
    checked, left_on_loop = 0, []
    for state in every_state():
        for name, handler in state.event_handlers.items():
            if not handler.fn.__module__.startswith("bizq_app."):
                continue  # Reflex's own setters
            checked += 1
            if not handler._is_coroutine_function:
                left_on_loop.append(f"{state.__name__}.{name}")
    assert checked > 100
    assert left_on_loop == []


def test_a_slow_handler_leaves_the_loop_free_for_everyone_else() -> None:
    threads: list[int] = []
    loop_threads: list[int] = []

    def slow_lookup(_state: Any, seconds: float) -> str:
        threads.append(threading.get_ident())
        time.sleep(seconds)
        return "found"

    handler = off_loop.off_loop(slow_lookup)

    async def visit() -> tuple[str, int]:
        ticks = 0

        async def other_buyers() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.01)
                ticks += 1

        loop_threads.append(threading.get_ident())
        others = asyncio.create_task(other_buyers())
        result = await handler(object(), 0.5)
        others.cancel()
        return result, ticks

    result, ticks = on_own_thread(lambda: asyncio.run(visit()))

    assert result == "found"
    assert ticks >= 20  # the loop kept serving while the handler waited
    assert threads and threads[0] not in loop_threads


def test_called_from_another_handler_on_a_worker_thread_it_runs_at_once() -> None:
    handler = off_loop.off_loop(lambda _state, n: n * 2)

    assert on_own_thread(lambda: handler(object(), 21)) == 42


def on_own_thread(act: Callable[[], T]) -> T:
    """``act()`` on a new thread, as Reflex's worker threads (and event loop) run apart
    from whatever the test runner's own thread is doing."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(act).result()
