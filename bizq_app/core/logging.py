"""Logging set-up shared by the web process, the CLI and the workers.

Secrets stay out of the logs, whatever logs them:

- ``httpx`` logs every request's full URL at INFO, and ``httpcore`` each step at DEBUG;
  some marketplaces take secrets in a URL's query (TikTok Shop's token refresh carries
  the app secret and the refresh token there, as TikTok documents it), so both are held
  at WARNING;
- ``RedactSecrets`` blanks, in every message and traceback, the query string of each URL
  (its parameters' names kept), a password in a URL, and the value of every field named
  like a secret (``access_token``, ``refresh_token``, ``client_secret``, ``app_secret``,
  ``shared_secret``, API keys, ``Authorization``, ``sign``…) in ``name=value``,
  ``"name": "value"`` or ``(b'name', b'value')`` form. It sits on BizQ's handlers and on
  the ``httpx`` and ``httpcore`` loggers, so a record is blanked before any handler —
  even one added later, with those loggers turned up — formats it.
"""

from __future__ import annotations

import logging
import re
from typing import TextIO

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
QUIET = ("httpx", "httpcore")  # they log URLs and headers: WARNING and above only
REDACTED = "[redacted]"
SECRET_NAMES = (
    r"access[_-]?token|refresh[_-]?token|id[_-]?token|client[_-]?secret|app[_-]?secret"
    r"|shared[_-]?secret|webhook[_-]?secret|api[_-]?key|secret|password|passwd"
    r"|authorization|cookie|sign|signature"
)
_URL_QUERY = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^\s?#\"'<>]*\?)([^\s#\"'<>]+)", re.I)
_URL_PASSWORD = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^\s/@:\"'<>]*:)[^\s/@\"'<>]+@", re.I)
_QUERY_VALUE = re.compile(r"=[^&;]*")
_SECRET_FIELD = re.compile(
    rf"""
    (?<![\w.-])((?:[\w.-]*[_.-])?(?:{SECRET_NAMES}))  # its name, maybe prefixed: x-amz-…
    ( ["']?\s*[:=]\s*["']?                  # name=value, "name": "value"
    | ["']\s*,\s*b?["']                     # (b'name', b'value')
    )
    ((?:bearer|basic|token)\s+)?            # the scheme of an Authorization value
    (?!\[redacted\])[^\s"'&;)}}\]]+       # the value, unless already blanked
    """,
    re.I | re.X,
)


def redact(text: str) -> str:
    """``text`` with URLs' query strings and passwords, and secret fields' values, blanked."""
    text = _URL_PASSWORD.sub(rf"\g<1>{REDACTED}@", text)
    text = _URL_QUERY.sub(lambda m: m[1] + _QUERY_VALUE.sub(f"={REDACTED}", m[2]), text)
    return _SECRET_FIELD.sub(rf"\g<1>\g<2>\g<3>{REDACTED}", text)


DELIVERED = "bizq_delivered"
"""Set (``extra={DELIVERED: True}``) on a record that delivers something through the log
on purpose — an e-mail while no mail server is set, its link included — so that it is
kept whole."""


class RedactSecrets(logging.Filter):
    """Blanks secrets in a record's message, traceback and stack (see the module)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, DELIVERED, False):
            return True  # the log is where this e-mail goes (no mail server): kept whole
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit: left to the handler
            return True
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def configure_logging(level: int = logging.INFO, stream: TextIO | None = None) -> None:
    """Log to ``stream`` (stderr) in one readable format, secrets blanked, unless the
    process already logs somewhere (its handlers are then given the filter too)."""
    root = logging.getLogger()
    if not root.handlers:
        ours = logging.StreamHandler(stream)
        ours.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(ours)
        root.setLevel(level)
    for handler in root.handlers:
        _install(handler)
    for name in QUIET:
        logger = logging.getLogger(name)
        logger.setLevel(logging.WARNING)
        _install(logger)


def _install(target: logging.Filterer) -> None:
    if not any(isinstance(f, RedactSecrets) for f in target.filters):
        target.addFilter(RedactSecrets())
