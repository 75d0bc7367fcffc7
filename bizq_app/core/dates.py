"""Dates as a person reads them, by locale (Babel, CLDR's patterns): ``Dec 8, 2026,
2:05 PM UTC`` in en_US, ``08.12.2026, 14:05 UTC`` in de_DE."""

from __future__ import annotations

from datetime import UTC, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time

DEFAULT_LOCALE = "en_US"


def locale_of(accept_language: str) -> str:
    """The first language of an ``Accept-Language`` header that Babel knows, or en_US."""
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().replace("-", "_")
        if not tag or tag == "*":
            continue
        try:
            return str(Locale.parse(tag))
        except (ValueError, UnknownLocaleError):
            continue
    return DEFAULT_LOCALE


def format_when(moment: datetime | str, locale: str = DEFAULT_LOCALE) -> str:
    """A moment to the minute, in UTC (BizQ does not know the reader's time zone);
    an ISO text that does not parse is shown as it is."""
    if isinstance(moment, str):
        try:
            at = datetime.fromisoformat(moment)
        except ValueError:
            return moment
    else:
        at = moment
    at = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    day = format_date(at, "medium", locale=locale)
    return f"{day}, {format_time(at, 'short', tzinfo=UTC, locale=locale)} UTC"
