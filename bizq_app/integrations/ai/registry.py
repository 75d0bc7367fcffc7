"""Which provider adapter serves a worker: a plain registry, chosen by settings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bizq_app.core.errors import Unavailable
from bizq_app.core.settings import Settings, get_settings
from bizq_app.integrations.ai import Provider
from bizq_app.integrations.ai.anthropic_adapter import AnthropicProvider
from bizq_app.integrations.ai.asking import Validate
from bizq_app.integrations.ai.openai_adapter import OpenAIProvider

AI_PROVIDERS = ("openai", "anthropic")


def provider(
    name: str,
    model: str | None,
    validate: Validate,
    settings: Settings | None = None,
    api_key: str | None = None,
) -> Provider:
    """The adapter for ``name`` with the store's ``api_key``, else the platform's key.

    Raises:
        Unavailable: the provider has no key configured.
    """
    settings = settings or get_settings()
    build: dict[str, Callable[[], Any]] = {
        "openai": lambda: OpenAIProvider(
            api_key=api_key or _key(settings.openai_api_key, "OPENAI_API_KEY"),
            model=model or settings.openai_model,
            base_url=settings.openai_base_url,
            timeout=settings.ai_timeout_seconds,
            validate=validate,
        ),
        "anthropic": lambda: AnthropicProvider(
            api_key=api_key or _key(settings.anthropic_api_key, "ANTHROPIC_API_KEY"),
            model=model or settings.anthropic_model,
            base_url=settings.anthropic_base_url,
            timeout=settings.ai_timeout_seconds,
            validate=validate,
        ),
    }
    if name not in build:
        raise Unavailable(f"There is no AI provider called '{name}'.")
    result: Provider = build[name]()
    return result


def _key(secret: Any, variable: str) -> str:
    if secret is None:
        raise Unavailable(f"{variable} is not set, so this AI provider cannot be used.")
    return str(secret.get_secret_value())
