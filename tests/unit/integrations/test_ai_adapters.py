"""The OpenAI and Anthropic adapters, through the official SDKs, against a local stand-in."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from bizq_app.core.errors import RateLimited, Unavailable
from bizq_app.core.schemas import errors_against
from bizq_app.integrations.ai import OutputInvalid, Prompt
from bizq_app.integrations.ai.anthropic_adapter import AnthropicProvider
from bizq_app.integrations.ai.openai_adapter import OpenAIProvider
from bizq_app.tasks.catalog import builtin_definitions
from tests.standins.ai_server import AIStandIn

SCHEMA = next(d for d in builtin_definitions() if d["name"] == "product.price_optimization")[
    "output_schema"
]
PROMPT = Prompt(
    instructions="Recommend a price.",
    context={"price": "19.99", "cost": "6.10"},
    output_schema=SCHEMA,
    schema_name="price_optimization",
)


def validate(output: object) -> Any:
    return errors_against(SCHEMA, output, root="$")


@pytest.fixture
def stand_in() -> Iterator[AIStandIn]:
    server = AIStandIn()
    yield server
    server.close()


def openai_provider(stand_in: AIStandIn, **options: Any) -> OpenAIProvider:
    return OpenAIProvider(
        api_key="sk-test",
        model="gpt-4o-mini",
        validate=validate,
        base_url=f"{stand_in.url}/v1",
        **options,
    )


def anthropic_provider(stand_in: AIStandIn, **options: Any) -> AnthropicProvider:
    return AnthropicProvider(
        api_key="sk-ant-test",
        model="claude-haiku-4-5",
        validate=validate,
        base_url=stand_in.url,
        **options,
    )


PROVIDERS = {"openai": openai_provider, "anthropic": anthropic_provider}


def test_openai_sends_a_strict_json_schema_and_returns_valid_output(stand_in: AIStandIn) -> None:
    completion = openai_provider(stand_in).complete(PROMPT)

    sent = stand_in.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["headers"]["authorization"] == "Bearer sk-test"
    assert sent["body"]["model"] == "gpt-4o-mini"
    assert sent["body"]["response_format"]["json_schema"]["strict"] is True
    assert (
        sent["body"]["response_format"]["json_schema"]["schema"]["properties"]
        == SCHEMA["properties"]
    )
    assert sent["body"]["messages"][0] == {"role": "system", "content": "Recommend a price."}
    assert '"cost": "6.10"' in sent["body"]["messages"][1]["content"]
    assert validate(completion.output) == []
    assert (completion.usage.input_tokens, completion.usage.output_tokens) == (120, 80)
    assert completion.usage.credits == Decimal("0.0007")


def test_anthropic_forces_a_tool_call_with_the_output_schema(stand_in: AIStandIn) -> None:
    completion = anthropic_provider(stand_in).complete(PROMPT)

    sent = stand_in.requests[0]["body"]
    assert stand_in.requests[0]["path"] == "/v1/messages"
    headers = stand_in.requests[0]["headers"]
    assert "sk-ant-test" in (
        headers.get("x-api-key", ""),
        headers.get("authorization", ""),
        headers.get("authorization", "").removeprefix("Bearer "),
    )
    assert headers["anthropic-version"]
    assert sent["model"] == "claude-haiku-4-5"
    assert sent["system"] == "Recommend a price."
    assert sent["tool_choice"] == {"type": "tool", "name": "price_optimization"}
    assert sent["tools"][0]["input_schema"]["required"] == SCHEMA["required"]
    assert validate(completion.output) == []
    assert completion.usage.credits == Decimal("0.006")


@pytest.mark.parametrize("name", list(PROVIDERS))
def test_invalid_output_is_re_asked_with_the_errors(stand_in: AIStandIn, name: str) -> None:
    stand_in.then("invalid", "ok")

    completion = PROVIDERS[name](stand_in).complete(PROMPT)

    assert completion.asks == 2
    second = stand_in.requests[1]["body"]["messages"][-1]
    text = (
        second["content"] if isinstance(second["content"], str) else second["content"][0]["content"]
    )
    assert "did not match the required JSON Schema" in text
    assert "recommended_price" in text or "required property" in text


@pytest.mark.parametrize("name", list(PROVIDERS))
def test_output_that_stays_invalid_gives_up_after_k_asks(stand_in: AIStandIn, name: str) -> None:
    stand_in.then("invalid", "invalid", "invalid")

    with pytest.raises(OutputInvalid, match="after 3 attempts"):
        PROVIDERS[name](stand_in).complete(PROMPT)
    assert len(stand_in.requests) == 3


@pytest.mark.parametrize("name", list(PROVIDERS))
def test_429_and_500_are_retried_by_the_sdk(stand_in: AIStandIn, name: str) -> None:
    stand_in.then("429", "500", "ok")

    completion = PROVIDERS[name](stand_in, max_retries=3).complete(PROMPT)

    assert validate(completion.output) == []
    assert len(stand_in.requests) == 3


@pytest.mark.parametrize("name", list(PROVIDERS))
def test_persistent_rate_limits_and_timeouts_become_bizq_errors(
    stand_in: AIStandIn, name: str
) -> None:
    stand_in.then("429", "429")
    with pytest.raises(RateLimited):
        PROVIDERS[name](stand_in, max_retries=1).complete(PROMPT)

    stand_in.then("hang")
    with pytest.raises(Unavailable):
        PROVIDERS[name](stand_in, max_retries=0, timeout=0.5).complete(PROMPT)


@pytest.mark.parametrize("name", list(PROVIDERS))
def test_a_task_run_on_an_ai_worker_goes_through_its_provider(
    stand_in: AIStandIn, name: str
) -> None:
    import uuid

    from bizq_app.core.settings import Settings
    from bizq_app.executors import execute
    from bizq_app.tasks.task_runs import Run

    settings = Settings(
        openai_api_key="sk-test",
        openai_base_url=f"{stand_in.url}/v1",
        anthropic_api_key="sk-ant-test",
        anthropic_base_url=stand_in.url,
    )
    run = Run(
        uuid.uuid4(),
        uuid.uuid4(),
        1,
        "product.price_optimization",
        {"product_id": str(uuid.uuid4())},
        None,
        brief="Optimise a price",
        output_schema=SCHEMA,
        provider=name,
        model=None,
    )

    output = execute(run, settings=settings).output

    assert validate(output) == []
    body = stand_in.requests[0]["body"]
    assert body["model"] == ("gpt-4o-mini" if name == "openai" else "claude-haiku-4-5")
    assert "Optimise a price" in json.dumps(body)
    assert "product.price_optimization" in json.dumps(body["messages"])


def test_a_provider_without_a_key_is_unavailable() -> None:
    from bizq_app.core.settings import Settings
    from bizq_app.integrations.ai import registry

    with pytest.raises(Unavailable, match="OPENAI_API_KEY is not set"):
        registry.provider("openai", None, validate, Settings(openai_api_key=None))
