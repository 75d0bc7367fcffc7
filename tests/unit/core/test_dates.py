"""Dates as a buyer reads them, in their language, to the minute, in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bizq_app.core.dates import format_when, locale_of


@pytest.mark.parametrize(
    ("header", "locale"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", "de_DE"),
        ("xx-YY, fr;q=0.5", "fr"),
        ("*", "en_US"),
        ("", "en_US"),
    ],
)
def test_the_readers_first_known_language_is_used(header: str, locale: str) -> None:
    assert locale_of(header) == locale


def test_a_moment_reads_in_the_locale_in_utc() -> None:
    paris = timezone(timedelta(hours=1))
    moment = datetime(2026, 12, 8, 15, 5, tzinfo=paris)

    assert format_when(moment, "de_DE") == "08.12.2026, 14:05 UTC"
    assert format_when("2026-12-08 14:05").replace("\u202f", " ") == "Dec 8, 2026, 2:05 PM UTC"
    assert format_when(datetime(2026, 1, 2, tzinfo=UTC), "en_GB") == "2 Jan 2026, 00:00 UTC"


def test_a_text_that_is_no_date_is_shown_as_it_is() -> None:
    assert format_when("yesterday") == "yesterday"
