"""Anthropic through the official SDK: a forced tool call whose input schema is the output schema.

The SDK retries 429 and 5xx answers with back-off up to ``max_retries`` and
stops a call after ``timeout`` seconds; what still fails is mapped to BizQ's
``RateLimited``/``Unavailable``.
"""

from __future__ import annotations

import json
from typing import Any

import anthropic

from bizq_app.core.errors import IntegrationError, RateLimited, Unavailable
from bizq_app.integrations.ai import Completion, Prompt
from bizq_app.integrations.ai.asking import Validate, ask_until_valid, correction
from bizq_app.integrations.ai.pricing import usage

MAX_TOKENS = 4096


class AnthropicProvider:
    name = "anthropic"

    def __init__(
        self,
        *,
        api_key: str,
        model: str,
        validate: Validate,
        base_url: str | None = None,
        timeout: float = 60.0,
        max_retries: int = 3,
        max_asks: int = 3,
    ) -> None:
        self.model = model
        self._validate = validate
        self._max_asks = max_asks
        self._client = anthropic.Anthropic(
            api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries
        )

    def complete(self, prompt: Prompt) -> Completion:
        """Schema-valid output for ``prompt``, re-asking with the errors when needed.

        Raises:
            RateLimited, Unavailable, OutputInvalid, IntegrationError.
        """
        messages: list[dict[str, Any]] = [
            {"role": "user", "content": json.dumps(prompt.context, default=str)}
        ]
        tool = {
            "name": prompt.schema_name,
            "description": "Record the task's output.",
            "input_schema": {k: v for k, v in prompt.output_schema.items() if k != "$schema"},
        }

        def ask(errors: list[Any]) -> tuple[object, int, int]:
            if errors:
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
            block, used_in, used_out = self._call(messages, tool, prompt.instructions)
            messages.append({"role": "assistant", "content": [block]})
            return block.get("input"), used_in, used_out

        output, tokens_in, tokens_out, asks = ask_until_valid(ask, self._validate, self._max_asks)
        return Completion(
            output=output,
            usage=usage(self.model, tokens_in, tokens_out),
            provider=self.name,
            model=self.model,
            asks=asks,
        )

    def _call(
        self, messages: list[dict[str, Any]], tool: dict[str, Any], system: str
    ) -> tuple[dict[str, Any], int, int]:
        try:
            response = self._client.messages.create(  # type: ignore[call-overload]
                model=self.model,
                max_tokens=MAX_TOKENS,
                system=system,
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
