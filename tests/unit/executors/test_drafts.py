"""Offline drafts for task types BizQ's rules cannot do: a user's pattern runs on RE2."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from bizq_app.core.schemas import errors_against
from bizq_app.executors import drafts, execute
from bizq_app.tasks.task_runs import Run

EVIL = "a" * 40 + "!"  # Python's backtracking engine takes 2**40 steps on ^(a+)+$


def codes_run(pattern: str, codes: list[str]) -> Run:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {"codes": {"type": "array", "items": {"type": "string", "pattern": pattern}}},
    }
    return Run(
        uuid.uuid4(),
        uuid.uuid4(),
        1,
        "growth.name_codes",
        {"codes": codes},
        None,
        output_schema=schema,
        provider="rules",
    )


@pytest.mark.timeout(20)
def test_a_draft_keeps_only_input_values_that_fit_a_backtracking_pattern() -> None:
    run = codes_run("^(a+)+$", [EVIL, "aaa"])

    result = execute(run)

    assert result.output == {"codes": ["aaa"]}
    assert result.review_note == drafts.DRAFT_NOTE
    assert errors_against(run.output_schema, result.output, root="$.output") == []


def test_a_pattern_re2_refuses_fits_nothing_and_the_output_check_says_why() -> None:
    run = codes_run(r"^(a)\1$", ["aa"])  # saved before patterns were checked

    result = execute(run)
    errors = errors_against(run.output_schema, {"codes": ["aa"]}, root="$.output")

    assert result.output == {"codes": []}
    assert errors[0].path == "$.output.codes[0]"
    assert "cannot be checked" in errors[0].message
