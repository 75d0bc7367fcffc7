"""The re-ask loop both adapters share: ask, validate, ask again with the errors."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from bizq_app.core.errors import FieldError
from bizq_app.integrations.ai import Completion, OutputInvalid, Prompt
from bizq_app.integrations.ai.pricing import usage

Reply = tuple[object, int, int]  # (parsed output or None, input tokens, output tokens)
Validate = Callable[[object], list[FieldError]]


def ask_until_valid(
    ask: Callable[[list[FieldError]], Reply], validate: Validate, max_asks: int
) -> tuple[dict[str, Any], int, int, int]:
    """Call ``ask`` (with the last errors) until its output validates.

    Returns the output, total input and output tokens, and how many asks it took.

    Raises:
        OutputInvalid: still invalid after ``max_asks`` asks.
    """
    errors: list[FieldError] = []
    tokens_in = tokens_out = 0
    for asked in range(1, max_asks + 1):
        output, used_in, used_out = ask(errors)
        tokens_in, tokens_out = tokens_in + used_in, tokens_out + used_out
        errors = validate(output)
        if not errors:
            assert isinstance(output, dict)
            return output, tokens_in, tokens_out, asked
    detail = "; ".join(f"{e.path}: {e.message}" for e in errors[:5])
    raise OutputInvalid(
        f"The model's output still broke the schema after {max_asks} attempts: {detail}"
    )


def correction(errors: list[FieldError]) -> str:
    """The message that tells the model what was wrong with its last answer."""
    lines = "\n".join(f"- {e.path}: {e.message}" for e in errors)
    return (
        "Your previous answer did not match the required JSON Schema:\n"
        f"{lines}\nAnswer again with output that matches the schema exactly."
    )


class AskingProvider(ABC):
    """What both adapters share: the SDK client's options and the ask/validate/re-ask loop.

    Subclasses say how to connect, how a conversation opens and how one ask goes.
    """

    name = ""

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
        self._client = self._connect(
            api_key=api_key, base_url=base_url, timeout=timeout, max_retries=max_retries
        )

    def complete(self, prompt: Prompt) -> Completion:
        """Schema-valid output for ``prompt``, re-asking with the errors when needed.

        Raises:
            RateLimited, Unavailable, OutputInvalid, IntegrationError.
        """
        messages = self._opening(prompt)
        output, tokens_in, tokens_out, asks = ask_until_valid(
            lambda errors: self._ask(prompt, messages, errors), self._validate, self._max_asks
        )
        return Completion(
            output=output,
            usage=usage(self.model, tokens_in, tokens_out),
            provider=self.name,
            model=self.model,
            asks=asks,
        )

    @abstractmethod
    def _connect(self, **options: Any) -> Any:
        """Implemented by each adapter."""

    @abstractmethod
    def _opening(self, prompt: Prompt) -> list[dict[str, Any]]:
        """Implemented by each adapter."""

    @abstractmethod
    def _ask(
        self, prompt: Prompt, messages: list[dict[str, Any]], errors: list[FieldError]
    ) -> Reply:
        """Implemented by each adapter."""
