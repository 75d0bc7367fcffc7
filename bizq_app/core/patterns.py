"""Regular expressions that come from users, run on RE2.

A pattern written by a seller (a task type's JSON Schema ``pattern``, a
``patternProperties`` key, any rule a user can edit) runs here and nowhere else.
RE2 (``google-re2``) matches in time that grows with the text and never
explodes: ``^(a+)+$`` against forty ``a`` and a ``!`` answers at once, where
Python's backtracking ``re`` would keep a worker busy for hours. RE2 refuses what
it cannot run that way (backreferences, lookarounds) and programs larger than
``MAX_MEM``; such a pattern is a ``ValidationFailed`` naming where it was given.

Patterns written in BizQ's own code stay on ``re``: only user data comes here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

from bizq_app.core.errors import ValidationFailed

MAX_PATTERN = 500  # characters: a pattern is a rule, not a document
MAX_MEM = 8 << 20  # bytes RE2 may use for one compiled pattern (its own default, made explicit)
CACHE_SIZE = 1024  # compiled patterns kept; the rest are compiled again when next used


def refusal(pattern: str, *, ignore_case: bool = False) -> str:
    """Why RE2 will not run ``pattern`` (too long, unsupported or too large), or ``""``."""
    compiled = _compiled(pattern, ignore_case)
    return compiled if isinstance(compiled, str) else ""


def check(pattern: str, *, path: str, ignore_case: bool = False) -> str:
    """``pattern`` if RE2 runs it.

    Raises:
        ValidationFailed: at ``path``, saying why the pattern cannot be used.
    """
    problem = refusal(pattern, ignore_case=ignore_case)
    if problem:
        raise ValidationFailed.field(path, f"is a pattern that {problem}")
    return pattern


def search(pattern: str, text: str, *, path: str = "$.pattern", ignore_case: bool = False) -> bool:
    """Whether ``pattern`` matches anywhere in ``text`` (JSON Schema's ``pattern`` rule).

    Raises:
        ValidationFailed: at ``path``, the pattern cannot be used.
    """
    return _run(pattern, text, path, ignore_case, anchored=False)


def fullmatch(
    pattern: str, text: str, *, path: str = "$.pattern", ignore_case: bool = False
) -> bool:
    """Whether ``pattern`` matches the whole of ``text``.

    Raises:
        ValidationFailed: at ``path``, the pattern cannot be used.
    """
    return _run(pattern, text, path, ignore_case, anchored=True)


def _run(pattern: str, text: str, path: str, ignore_case: bool, *, anchored: bool) -> bool:
    compiled = _compiled(pattern, ignore_case)
    if isinstance(compiled, str):
        raise ValidationFailed.field(path, f"is a pattern that {compiled}")
    # Bytes, so text with a lone surrogate (valid JSON, not valid UTF-8) simply fails to
    # match instead of failing to encode.
    data = text.encode("utf-8", "surrogatepass")
    found = compiled.fullmatch(data) if anchored else compiled.search(data)
    return found is not None


@lru_cache(maxsize=CACHE_SIZE)
def _compiled(pattern: str, ignore_case: bool) -> Any:
    """The compiled pattern, or why RE2 refuses it (refusals are cached too)."""
    if len(pattern) > MAX_PATTERN:
        return f"is longer than {MAX_PATTERN} characters"
    options = re2.Options()
    options.log_errors = False  # a refused pattern is the user's answer, not a log line
    options.max_mem = MAX_MEM
    options.case_sensitive = not ignore_case
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        return f"cannot be used: {_reason(exc)} (no backreferences or lookarounds here)"


def _reason(exc: Exception) -> str:
    said = exc.args[0] if exc.args else exc
    return said.decode(errors="replace") if isinstance(said, bytes) else str(said)
