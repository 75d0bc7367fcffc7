"""OpenAI through the official SDK: Chat Completions with a strict JSON-Schema response format.

The SDK retries 429 and 5xx answers with exponential back-off (honouring
``retry-after``) up to ``max_retries`` and stops a call after ``timeout``
seconds; what still fails is mapped to BizQ's ``RateLimited``/``Unavailable``.
"""

from __future__ import annotations

import json
from typing import Any

import openai

from bizq_app.core.errors import IntegrationError, RateLimited, Unavailable
from bizq_app.integrations.ai import Completion, Prompt
from bizq_app.integrations.ai.asking import Validate, ask_until_valid, correction
from bizq_app.integrations.ai.pricing import usage


class OpenAIProvider:
    name = "openai"

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
        self._client = openai.OpenAI(
            api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries
        )

    def complete(self, prompt: Prompt) -> Completion:
        """Schema-valid output for ``prompt``, re-asking with the errors when needed.

        Raises:
            RateLimited, Unavailable, OutputInvalid, IntegrationError.
        """
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": prompt.instructions},
            {"role": "user", "content": json.dumps(prompt.context, default=str)},
        ]

        def ask(errors: list[Any]) -> tuple[object, int, int]:
            if errors:
                messages.append({"role": "user", "content": correction(errors)})
            content, used_in, used_out = self._call(messages, prompt)
            messages.append({"role": "assistant", "content": content})
            try:
                return json.loads(content), used_in, used_out
            except json.JSONDecodeError:
                return content, used_in, used_out

        output, tokens_in, tokens_out, asks = ask_until_valid(ask, self._validate, self._max_asks)
        return Completion(
            output=output,
            usage=usage(self.model, tokens_in, tokens_out),
            provider=self.name,
            model=self.model,
            asks=asks,
        )

    def _call(self, messages: list[dict[str, Any]], prompt: Prompt) -> tuple[str, int, int]:
        response_format = {
            "type": "json_schema",
            "json_schema": {
                "name": prompt.schema_name,
                "schema": _strict(prompt.output_schema),
                "strict": True,
            },
        }
        try:
            response = self._client.chat.completions.create(  # type: ignore[call-overload]
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
        choice = response.choices[0].message
        used = response.usage
        return (
            choice.content or "",
            used.prompt_tokens if used else 0,
            used.completion_tokens if used else 0,
        )


def _strict(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without keywords strict mode does not accept at the top level."""
    return {k: v for k, v in schema.items() if k != "$schema"}
