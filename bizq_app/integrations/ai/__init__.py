"""AI providers: given instructions, context and an output JSON Schema, return a dict
that validates against the schema, plus what it cost."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from bizq_app.core.errors import IntegrationError


@dataclass(frozen=True)
class Usage:
    """Tokens a call used and what they cost in credits."""

    input_tokens: int
    output_tokens: int
    credits: Decimal


@dataclass(frozen=True)
class Completion:
    """Schema-valid output from a provider."""

    output: dict[str, Any]
    usage: Usage
    provider: str
    model: str
    asks: int  # 1 when the first answer validated; more when it had to be re-asked


@dataclass(frozen=True)
class Prompt:
    """What to ask: the instructions, the task's context and the shape of the answer."""

    instructions: str
    context: dict[str, Any]
    output_schema: dict[str, Any]
    schema_name: str


class OutputInvalid(IntegrationError):
    """The provider kept answering with output that breaks the schema."""

    code = "output_invalid"
    status = 502


class Provider(Protocol):
    name: str
    model: str

    def complete(self, prompt: Prompt) -> Completion: ...
