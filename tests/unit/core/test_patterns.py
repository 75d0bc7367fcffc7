"""``core.patterns``: users' regular expressions run on RE2, refused ones say why."""

from __future__ import annotations

import pytest

from bizq_app.core import patterns
from bizq_app.core.errors import ValidationFailed

EVIL = "a" * 40 + "!"  # Python's backtracking engine takes 2**40 steps on ^(a+)+$


@pytest.mark.timeout(20)
def test_a_backtracking_pattern_answers_at_once() -> None:
    assert patterns.search("^(a+)+$", EVIL) is False
    assert patterns.search("^(a+)+$", "a" * 40) is True
    assert patterns.fullmatch("(a|aa)+", "a" * 10_000 + "b") is False


def test_search_finds_a_match_anywhere_and_fullmatch_wants_all_of_the_text() -> None:
    assert patterns.search("b+", "abbc") is True
    assert patterns.fullmatch("b+", "abbc") is False
    assert patterns.fullmatch("[a-c]+", "abbc") is True
    assert patterns.fullmatch("caf.", "café") is True  # a character, not a byte


def test_case_can_be_ignored() -> None:
    assert patterns.search("CANDLE", "soy candle") is False
    assert patterns.search("CANDLE", "soy candle", ignore_case=True) is True


def test_text_that_is_not_valid_unicode_is_matched_not_crashed_on() -> None:
    assert patterns.search("^x", "x\ud800") is True  # a lone surrogate, as JSON allows
    assert patterns.fullmatch("[a-z]+", "ab\ud800") is False


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"(a)\1", "cannot be used"),  # a backreference
        ("^(?=.*x)a+$", "cannot be used"),  # a lookahead
        (r"^\p{L}{1,500}$", "cannot be used"),  # a program larger than MAX_MEM
        ("a" * (patterns.MAX_PATTERN + 1), "is longer than 500 characters"),
    ],
)
def test_a_pattern_re2_cannot_run_is_refused_with_where_and_why(pattern: str, why: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        patterns.search(pattern, "aaa", path="$.rules[0].pattern")

    assert why in patterns.refusal(pattern)
    assert refused.value.errors[0].path == "$.rules[0].pattern"
    assert why in refused.value.errors[0].message


def test_check_returns_a_pattern_re2_runs_and_refuses_one_it_cannot() -> None:
    assert patterns.check("^[A-Z]{3}-[0-9]+$", path="$.sku_rule") == "^[A-Z]{3}-[0-9]+$"
    assert patterns.refusal("^[A-Z]{3}-[0-9]+$") == ""
    with pytest.raises(ValidationFailed, match=r"\$\.sku_rule: is a pattern that cannot be used"):
        patterns.check("(?<=x)y", path="$.sku_rule")
