"""Run a coroutine on an event loop of its own, on its own thread.

The test runner's thread may already have a running loop (Playwright's sync API keeps
one there once a browser test has run), so ``asyncio.run`` on it would refuse.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()
