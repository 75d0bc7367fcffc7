"""Event handlers run off the event loop.

Reflex calls a plain (non-async) event handler on the web process's event loop, so a
handler waiting on the database, the payment provider or file storage would hold up
every page that process serves until it returned. ``install`` turns each plain handler
a page state defines into one that Reflex awaits while the body runs on a worker
thread (``asyncio.to_thread``): Reflex still holds that client's state lock, so the
handler sees and changes its state as before, and only its own user waits.

The body itself stays a plain method: called from another handler (on a worker
thread) it runs at once, as before. Code on the event loop that calls a handler
directly (the live relay, a background event) awaits ``asyncio.to_thread(handler)``.
Generators, async and background handlers are left as they are.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from collections.abc import Callable
from typing import Any

MARK = "_bizq_off_loop"


def install(state: type) -> None:
    """Run ``state``'s own plain event handlers (and those it inherits) off the loop."""
    handlers: dict[str, Any] = getattr(state, "event_handlers", {})
    for handler in handlers.values():
        fn = handler.fn
        if not _plain(fn):
            continue
        object.__setattr__(handler, "fn", off_loop(fn))
        handler.__dict__["_is_coroutine_function"] = True  # Reflex awaits what it returns


def off_loop(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` that, called on the running event loop, returns an awaitable running it on a
    worker thread; called anywhere else (a worker thread), runs it there and then."""

    @functools.wraps(fn)
    def handler(*args: Any, **kwargs: Any) -> Any:
        if _on_event_loop():
            return asyncio.to_thread(fn, *args, **kwargs)
        return fn(*args, **kwargs)

    setattr(handler, MARK, True)
    return handler


def _plain(fn: Any) -> bool:
    return (
        inspect.isfunction(fn)
        and fn.__module__.startswith("bizq_app.")
        and not getattr(fn, MARK, False)
        and not inspect.iscoroutinefunction(fn)
        and not inspect.isgeneratorfunction(fn)
        and not inspect.isasyncgenfunction(fn)
    )


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
