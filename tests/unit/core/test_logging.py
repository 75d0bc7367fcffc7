"""What BizQ's logging blanks before a record is written, and what it leaves readable."""

from __future__ import annotations

import logging
import sys

import pytest

from bizq_app.core.logging import RedactSecrets, redact


@pytest.mark.parametrize(
    ("logged", "shown"),
    [
        (
            "HTTP Request: GET https://auth.tiktok-shops.com/api/v2/token/refresh?app_key=6a1b"
            '&app_secret=0f1e&refresh_token=ROW_x&grant_type=refresh_token "HTTP/1.1 200 OK"',
            "HTTP Request: GET https://auth.tiktok-shops.com/api/v2/token/refresh?app_key="
            "[redacted]&app_secret=[redacted]&refresh_token=[redacted]&grant_type=[redacted]"
            ' "HTTP/1.1 200 OK"',
        ),
        (
            "{'x-api-key': '1aa2bb:p7k2m9', 'Authorization': 'Bearer 12345678.O1zLuw'}",
            "{'x-api-key': '[redacted]', 'Authorization': 'Bearer [redacted]'}",
        ),
        (
            '{"access_token": "Atza|x", "token_type": "bearer", "refresh_token": "Atzr|y"}',
            '{"access_token": "[redacted]", "token_type": "bearer", "refresh_token": "[redacted]"}',
        ),
        (
            "x-amz-access-token: Atza|x WM_SEC.ACCESS_TOKEN=eyJ X-Shopify-Access-Token: shpat_1",
            "x-amz-access-token: [redacted] WM_SEC.ACCESS_TOKEN=[redacted] "
            "X-Shopify-Access-Token: [redacted]",
        ),
        (
            "[(b'Content-Type', b'application/json'), (b'Set-Cookie', b'sid=abc')]",
            "[(b'Content-Type', b'application/json'), (b'Set-Cookie', b'[redacted]')]",
        ),
        (
            "postgresql+psycopg://bizq:hunter22@db:5432/bizq",
            "postgresql+psycopg://bizq:[redacted]@db:5432/bizq",
        ),
        ("client_secret=PRD-1a2b sign=9f8e7d", "client_secret=[redacted] sign=[redacted]"),
    ],
)
def test_secrets_are_blanked_wherever_they_sit_in_a_message(logged: str, shown: str) -> None:
    assert redact(logged) == shown


def test_words_that_only_look_like_secret_names_stay() -> None:
    prose = (
        "Etsy refused the refresh token: check it; design=blue; grant_type=refresh_token; "
        "http://127.0.0.1:8000/listings/15 answered 200"
    )

    assert redact(prose) == prose


def test_a_records_arguments_and_traceback_are_blanked_before_any_handler_formats_it() -> None:
    try:
        raise ValueError("refused: refresh_token=Atzr|secret")
    except ValueError:
        record = logging.LogRecord(
            "bizq_app.test", logging.ERROR, __file__, 1, "GET %s failed", ("https://x/?k=v",), None
        )
        record.exc_info = sys.exc_info()

    RedactSecrets().filter(record)
    written = logging.Formatter().format(record)

    assert written.startswith("GET https://x/?k=[redacted] failed")
    assert "Atzr|secret" not in written and "refresh_token=[redacted]" in written
