"""OpenAI through the official SDK: Chat Completions with a strict JSON-Schema response format.

The SDK retries 429 and 5xx answers with exponential back-off (honouring
``retry-after``) up to ``max_retries`` and stops a call after ``timeout``
seconds; what still fails is mapped to BizQ's ``RateLimited``/``Unavailable``.
"""

from __future__ import annotations

import json
from typing import Any

from bizq_app.core.errors import FieldError, IntegrationError, RateLimited, Unavailable
from bizq_app.integrations.ai import Prompt
from bizq_app.integrations.ai.asking import AskingProvider, Reply, correction


class OpenAIProvider(AskingProvider):
    name = "openai"

    def _connect(self, **options: Any) -> Any:
        import openai  # the SDK loads with the first call: workers start in a second

        return openai.OpenAI(**options)

    def _opening(self, prompt: Prompt) -> list[dict[str, Any]]:
        return [
            {"role": "system", "content": prompt.instructions},
            {"role": "user", "content": json.dumps(prompt.context, default=str)},
        ]

    def _ask(
        self, prompt: Prompt, messages: list[dict[str, Any]], errors: list[FieldError]
    ) -> Reply:
        if errors:
            messages.append({"role": "user", "content": correction(errors)})
        content, used_in, used_out = self._call(messages, prompt)
        messages.append({"role": "assistant", "content": content})
        try:
            return json.loads(content), used_in, used_out
        except json.JSONDecodeError:
            return content, used_in, used_out

    def _call(self, messages: list[dict[str, Any]], prompt: Prompt) -> tuple[str, int, int]:
        import openai

        schema = {k: v for k, v in prompt.output_schema.items() if k != "$schema"}
        response_format = {
            "type": "json_schema",
            "json_schema": {"name": prompt.schema_name, "schema": schema, "strict": True},
        }
        try:
            response = self._client.chat.completions.create(
                model=self.model, messages=messages, response_format=response_format
            )
        except openai.RateLimitError as exc:
            raise RateLimited("OpenAI is rate limiting BizQ; the task will retry.") from exc
        except (
            openai.APITimeoutError,
            openai.APIConnectionError,
            openai.InternalServerError,
        ) as exc:
            raise Unavailable(f"OpenAI did not answer ({exc.__class__.__name__}).") from exc
        except openai.APIStatusError as exc:
            raise IntegrationError(f"OpenAI refused the request ({exc.status_code}).") from exc
        used = response.usage
        return (
            response.choices[0].message.content or "",
            used.prompt_tokens if used else 0,
            used.completion_tokens if used else 0,
        )
