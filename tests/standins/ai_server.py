"""A local server that answers like OpenAI's Chat Completions and Anthropic's Messages APIs.

Tests queue what it should do next (answer, answer wrongly, 429, 500, hang)
and read back the requests the official SDKs actually sent.
"""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.standins.http import QuietHandler, StandIn
from tests.standins.instances import instance


class AIStandIn(StandIn):
    """Queue behaviours with ``then``: ok, invalid, 429, 500, hang."""

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(QuietHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.requests.append(
                    {
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "body": body,
                    }
                )
                step = stand_in.next_step()
                anthropic = self.path.endswith("/messages")
                if step == "hang":
                    time.sleep(3)
                    return
                if step in ("429", "500"):
                    self._error(int(step), anthropic)
                    return
                answer = _anthropic if anthropic else _openai
                self.send_json(200, answer(body, valid=step == "ok"))

            def _error(self, status: int, anthropic: bool) -> None:
                kind = "rate_limit_error" if status == 429 else "api_error"
                body: dict[str, Any] = (
                    {"type": "error", "error": {"type": kind, "message": kind}}
                    if anthropic
                    else {"error": {"message": kind, "type": kind, "code": None}}
                )
                self.send_json(status, body, {"retry-after": "0"})

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
