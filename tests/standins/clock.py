"""When an order on a stand-in channel was placed or last changed, as the channel's own
clock says: now — so a connection made before it imports it and one made after does not —
but always after the stand-in's previous order, so two orders placed within one second
keep their order (a channel's cursor compares them)."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime


class OrderClock:
    def __init__(self) -> None:
        self._last = 0
        self._lock = threading.Lock()

    def now(self) -> int:
        """The moment of an order placed or changed now, in seconds since the epoch."""
        with self._lock:
            self._last = max(int(time.time()), self._last + 1)
            return self._last


def iso(seconds: int, millis: bool = False) -> str:
    """``seconds`` as ISO 8601 in UTC (``…Z``; with milliseconds, as eBay writes them)."""
    moment = datetime.fromtimestamp(seconds, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + (".000Z" if millis else "Z")
