"""Answers a stand-in gives in place of its own: ``200`` with a body a test wrote, in a
shape the service never documented (keys missing, values of the wrong type, GraphQL
``data`` null without ``errors``, not JSON at all), as a proxy's page or an API change
would. A test queues one with ``garble(key, body)``; the stand-in's handler asks
``garbled(key)`` before it answers a request for ``key`` (a path, or a GraphQL root
field) and, when one is queued, sends it instead (``send_raw``) without carrying the
request out."""

from __future__ import annotations

import json
import threading
from collections import defaultdict, deque
from http.server import BaseHTTPRequestHandler
from typing import Any


class Garbled:
    """Queued garbled answers, by the request they answer."""

    def __init__(self) -> None:
        self._garbled: dict[str, deque[bytes]] = defaultdict(deque)
        self._garbled_lock = threading.Lock()

    def garble(self, key: str, body: Any) -> None:
        """The next request for ``key`` is answered ``200`` with ``body``: bytes as they
        are, anything else as JSON."""
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        with self._garbled_lock:
            self._garbled[key].append(raw)

    def garbled(self, key: str) -> bytes | None:
        """The answer queued for ``key``, taken from the queue; None when there is none."""
        with self._garbled_lock:
            queued = self._garbled.get(key)
            return queued.popleft() if queued else None


def send_raw(handler: BaseHTTPRequestHandler, body: bytes) -> None:
    """``200`` with ``body`` as it is, labelled JSON as the service labels its answers."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
