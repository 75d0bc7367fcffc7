"""A local server that answers like OpenAI's Chat Completions and Anthropic's Messages APIs.

Tests queue what it should do next (answer, answer wrongly, 429, 500, hang)
and read back the requests the official SDKs actually sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.standins.instances import instance


class AIStandIn:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.script: deque[str] = deque()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def then(self, *steps: str) -> AIStandIn:
        """Queue behaviours: ok, invalid, 429, 500, hang (default when empty: ok)."""
        self.script.extend(steps)
        return self

    def close(self) -> None:
        self._server.shutdown()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.requests.append(
                    {
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                    }
                )
                step = stand_in.script.popleft() if stand_in.script else "ok"
                anthropic = self.path.endswith("/messages")
                if step == "hang":
                    time.sleep(3)
                    return
                if step in ("429", "500"):
                    self._error(int(step), anthropic)
                    return
                answer = _anthropic if anthropic else _openai
                self._send(200, answer(body, valid=step == "ok"))

            def _error(self, status: int, anthropic: bool) -> None:
                kind = "rate_limit_error" if status == 429 else "api_error"
                body: dict[str, Any] = (
                    {"type": "error", "error": {"type": kind, "message": kind}}
                    if anthropic
                    else {"error": {"message": kind, "type": kind, "code": None}}
                )
                self._send(status, body, {"retry-after": "0"})

            def _send(
                self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
            ) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

        return Handler


def _openai(body: dict[str, Any], valid: bool) -> dict[str, Any]:
    schema = body["response_format"]["json_schema"]["schema"]
    output = instance(schema) if valid else {"unexpected": True}
    return {
        "id": "chatcmpl-standin",
        "object": "chat.completion",
        "created": 0,
        "model": body["model"],
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "logprobs": None,
                "message": {"role": "assistant", "content": json.dumps(output), "refusal": None},
            }
        ],
        "usage": {"prompt_tokens": 120, "completion_tokens": 80, "total_tokens": 200},
    }


def _anthropic(body: dict[str, Any], valid: bool) -> dict[str, Any]:
    tool = body["tools"][0]
    output = instance(tool["input_schema"]) if valid else {"unexpected": True}
    return {
        "id": "msg_standin",
        "type": "message",
        "role": "assistant",
        "model": body["model"],
        "content": [
            {
                "type": "tool_use",
                "id": f"toolu_{len(body['messages'])}",
                "name": tool["name"],
                "input": output,
            }
        ],
        "stop_reason": "tool_use",
        "stop_sequence": None,
        "usage": {"input_tokens": 150, "output_tokens": 90},
    }
