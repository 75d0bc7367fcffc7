"""A sign-up with an address that has an account: the answer does not say so, and the
address's own inbox is told instead — once, however often someone tries."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from rq import SimpleWorker

from bizq_app.accounts.signup_notice import SUBJECT
from bizq_app.core.queue import get_queue, get_redis
from bizq_app.core.settings import get_settings
from tests.integration.conftest import signup
from tests.standins.smtp_server import Inbox, smtp_inbox


@pytest.fixture
def setting(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, str], None]]:
    """``setting("BIZQ_SMTP_PORT", "2525")`` for this test only."""

    def use(name: str, value: str) -> None:
        monkeypatch.setenv(name, value)
        get_settings.cache_clear()

    yield use
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
def inbox(setting: Callable[[str, str], None]) -> Iterator[Inbox]:
    """A real SMTP server that BizQ sends its e-mail to, and what it received."""
    with smtp_inbox() as (received, port):
        setting("BIZQ_SMTP_HOST", "127.0.0.1")
        setting("BIZQ_SMTP_PORT", str(port))
        yield received


def run_jobs() -> None:
    """Run the queued jobs as ``rq worker`` does, in this process, until none is left."""
    SimpleWorker([get_queue()], connection=get_redis()).work(burst=True)


def test_the_holder_of_a_taken_address_is_told_once_and_the_caller_nothing(
    client: TestClient, inbox: Inbox, setting: Callable[[str, str], None]
) -> None:
    signup(client, "taken@example.com", name="Tara")
    rates = {**json.loads(os.environ["BIZQ_RATE_LIMITS"]), "signup_notice_email": "1/day"}
    setting("BIZQ_RATE_LIMITS", json.dumps(rates))
    attempt = {"email": "taken@example.com", "password": "someone-else-42"}

    answers = [client.post("/api/auth/signup", json=attempt) for _ in range(3)]
    run_jobs()

    assert [a.status_code for a in answers] == [422] * 3
    assert "exists" not in answers[0].json()["detail"]
    assert len(inbox.messages) == 1
    assert inbox.messages[0].rcpt_tos == ["taken@example.com"]
    notice = inbox.parsed()
    assert notice["Subject"] == SUBJECT
    text = notice.get_content()
    assert text.startswith("Hello Tara,")
    assert "No account was created" in text and "/forgot-password" in text
