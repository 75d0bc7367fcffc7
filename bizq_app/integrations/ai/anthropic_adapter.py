"""Anthropic through the official SDK: a forced tool call whose input schema is the output schema.

The SDK retries 429 and 5xx answers with back-off up to ``max_retries`` and
stops a call after ``timeout`` seconds; what still fails is mapped to BizQ's
``RateLimited``/``Unavailable``.
"""

from __future__ import annotations

import json
from typing import Any

from bizq_app.core.errors import FieldError, IntegrationError, RateLimited, Unavailable
from bizq_app.integrations.ai import Prompt
from bizq_app.integrations.ai.asking import AskingProvider, Reply, correction

MAX_TOKENS = 4096


class AnthropicProvider(AskingProvider):
    name = "anthropic"

    def _connect(self, **options: Any) -> Any:
        import anthropic  # the SDK loads with the first call: workers start in a second

        return anthropic.Anthropic(**options)

    def _opening(self, prompt: Prompt) -> list[dict[str, Any]]:
        return [{"role": "user", "content": json.dumps(prompt.context, default=str)}]

    def _ask(
        self, prompt: Prompt, messages: list[dict[str, Any]], errors: list[FieldError]
    ) -> Reply:
        if errors:  # answer the last tool call with what was wrong with it
            last = messages[-1]["content"][0]["id"]
            messages.append(
                {
                    "role": "user",
                    "content": [
                        {
                            "type": "tool_result",
                            "tool_use_id": last,
                            "is_error": True,
                            "content": correction(errors),
                        }
                    ],
                }
            )
        block, used_in, used_out = self._call(messages, prompt)
        messages.append({"role": "assistant", "content": [block]})
        return block.get("input"), used_in, used_out

    def _call(
        self, messages: list[dict[str, Any]], prompt: Prompt
    ) -> tuple[dict[str, Any], int, int]:
        import anthropic

        tool = {
            "name": prompt.schema_name,
            "description": "Record the task's output.",
            "input_schema": {k: v for k, v in prompt.output_schema.items() if k != "$schema"},
        }
        try:
            response = self._client.messages.create(
                model=self.model,
                max_tokens=MAX_TOKENS,
                system=prompt.instructions,
                messages=messages,
                tools=[tool],
                tool_choice={"type": "tool", "name": tool["name"]},
            )
        except anthropic.RateLimitError as exc:
            raise RateLimited("Anthropic is rate limiting BizQ; the task will retry.") from exc
        except (
            anthropic.APITimeoutError,
            anthropic.APIConnectionError,
            anthropic.InternalServerError,
        ) as exc:
            raise Unavailable(f"Anthropic did not answer ({exc.__class__.__name__}).") from exc
        except anthropic.APIStatusError as exc:
            raise IntegrationError(f"Anthropic refused the request ({exc.status_code}).") from exc
        block = next((b for b in response.content if b.type == "tool_use"), None)
        if block is None:
            raise IntegrationError("Anthropic answered without calling the output tool.")
        data = {"type": "tool_use", "id": block.id, "name": block.name, "input": block.input}
        return data, response.usage.input_tokens, response.usage.output_tokens
