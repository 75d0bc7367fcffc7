"""Fixtures for the tests of BizQ's own rate limits (the rest of the suite lifts them)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator

import pytest

from bizq_app.core.rate_limits import DEFAULTS
from bizq_app.core.settings import get_settings


@pytest.fixture
def shipped_limits() -> Iterator[Callable[..., None]]:
    """``shipped_limits("login_account", ...)``: those rules at BizQ's own rates again;
    ``shipped_limits(checkout_ip="3/minute")``: a rule at a rate of the test's own."""
    saved = os.environ["BIZQ_RATE_LIMITS"]

    def use(*rules: str, **rates: str) -> None:
        chosen = {**json.loads(saved), **{r: DEFAULTS[r] for r in rules}, **rates}
        os.environ["BIZQ_RATE_LIMITS"] = json.dumps(chosen)
        get_settings.cache_clear()

    yield use
    os.environ["BIZQ_RATE_LIMITS"] = saved
    get_settings.cache_clear()
