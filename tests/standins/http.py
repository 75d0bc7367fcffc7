"""What every local stand-in server shares: a threaded HTTP server on a free port,
a queue of scripted behaviours, the requests it received, and JSON replies."""

from __future__ import annotations

import json
import threading
from abc import ABC, abstractmethod
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class StandIn(ABC):
    """Subclasses set their own fields, then call ``super().__init__()``, and say in
    ``_handler`` how a request is answered."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.script: deque[str] = deque()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def then(self, *steps: str) -> Any:
        """Queue behaviours for the next requests (default when empty: ok)."""
        self.script.extend(steps)
        return self

    def next_step(self) -> str:
        return self.script.popleft() if self.script else "ok"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    @abstractmethod
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        """The request handler class that answers as the stood-in service does."""


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing and answers JSON."""

    def log_message(self, *args: Any) -> None:
        pass

    def send_json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)
