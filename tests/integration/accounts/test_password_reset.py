"""A forgotten password: the link is e-mailed (over a real SMTP server, or to the log with
none), sets a new password once, within the hour, and logs the account out everywhere;
asking for a link answers the same whether or not an account uses the address."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from rq import SimpleWorker
from sqlmodel import select

from bizq_app.accounts import password_reset
from bizq_app.accounts.models import User
from bizq_app.core.columns import utcnow
from bizq_app.core.db import session_scope
from bizq_app.core.logging import configure_logging
from bizq_app.core.queue import get_queue, get_redis
from bizq_app.core.security import sign_link
from bizq_app.core.settings import get_settings
from tests.factories import PASSWORD
from tests.integration.conftest import environment, signup
from tests.standins.smtp_server import Inbox, smtp_inbox

EMAIL = "forgetful@example.com"
NEW_PASSWORD = "a-fresh-password-77"
LINK = re.compile(r"/reset-password\?t=(\S+)")


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    """A real SMTP server that BizQ sends its e-mail to, and what it received."""
    with smtp_inbox() as (received, port):
        with environment(BIZQ_SMTP_HOST="127.0.0.1", BIZQ_SMTP_PORT=str(port)):
            yield received


def run_jobs() -> None:
    """Run the queued jobs as ``rq worker`` does, in this process, until none is left."""
    SimpleWorker([get_queue()], connection=get_redis()).work(burst=True)


def ask(client: TestClient, email: str = EMAIL) -> dict[str, object]:
    answer = client.post("/api/auth/password-reset", json={"email": email})
    assert answer.status_code == 202, answer.text
    return dict(answer.json())


def confirm(client: TestClient, token: str, password: str = NEW_PASSWORD) -> tuple[int, dict]:
    answer = client.post(
        "/api/auth/password-reset/confirm", json={"token": token, "new_password": password}
    )
    return answer.status_code, (answer.json() if answer.content else {})


def log_in(client: TestClient, password: str) -> int:
    return client.post("/api/auth/login", json={"email": EMAIL, "password": password}).status_code


def me(client: TestClient, auth: dict[str, str]) -> int:
    return client.get("/api/auth/me", headers=auth).status_code


def token_in(text: str) -> str:
    found = LINK.search(text)
    assert found is not None, text
    return found.group(1)


def test_the_e_mailed_link_sets_a_new_password_once_and_logs_out_everywhere(
    any_client: TestClient, inbox: Inbox
) -> None:
    client = any_client  # on PostgreSQL and on the embedded default's SQLite
    phone = signup(client, EMAIL)
    laptop = {"Authorization": f"Bearer {login_token(client)}"}

    answer = ask(client)
    run_jobs()
    mail = inbox.parsed()
    token = token_in(mail.get_content())
    done = confirm(client, token)
    again = confirm(client, token, "yet-another-password-9")

    assert answer == {"detail": password_reset.SENT}
    assert len(inbox.messages) == 1 and mail["To"] == EMAIL
    assert mail["Subject"] == "Choose a new BizQ password"
    assert mail.get_content().count(f"{get_settings().base_url}/reset-password?t=") == 1
    assert done[0] == 204
    assert me(client, phone) == me(client, laptop) == 401  # every login session ended
    assert log_in(client, PASSWORD) == 401
    assert log_in(client, NEW_PASSWORD) == 200
    assert again[0] == 422  # the link died with the old password
    assert again[1]["errors"][0]["path"] == "$.token"
    assert "already used" in again[1]["errors"][0]["message"]
    assert log_in(client, "yet-another-password-9") == 401


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(
    client: TestClient, inbox: Inbox
) -> None:
    signup(client, EMAIL)

    unknown = ask(client, "nobody@example.com")
    run_jobs()
    after_unknown = len(inbox.messages)
    known = ask(client, EMAIL.upper())  # the address is matched as sign-up stored it
    run_jobs()

    assert unknown == known == {"detail": password_reset.SENT}
    assert after_unknown == 0
    assert len(inbox.messages) == 1 and inbox.parsed()["To"] == EMAIL


def test_an_expired_forged_or_foreign_token_is_refused_and_changes_nothing(
    client: TestClient,
) -> None:
    auth = signup(client, EMAIL)
    with session_scope() as session:
        user = session.exec(select(User).where(User.email == EMAIL)).one()
        expired = password_reset.link_token(user, issued_at=utcnow() - timedelta(minutes=61))
        fresh = password_reset.link_token(user, issued_at=utcnow() - timedelta(minutes=59))
    forged = fresh[:-4] + ("AAAA" if not fresh.endswith("AAAA") else "BBBB")
    other_link = sign_link("order", str(user.id), timedelta(hours=1))
    access_token = auth["Authorization"].removeprefix("Bearer ")

    refused = {
        name: confirm(client, token)
        for name, token in {
            "expired": expired,
            "forged": forged,
            "an order's link": other_link,
            "an access token": access_token,
            "empty": "",
        }.items()
    }

    for name, (status, body) in refused.items():
        assert status == 422, name
        assert body["code"] == "validation_failed", name
        assert body["errors"][0]["path"] == "$.token", name
    assert "expired" in refused["expired"][1]["errors"][0]["message"]
    assert me(client, auth) == 200  # nothing ended
    assert log_in(client, PASSWORD) == 200  # nothing changed
    assert confirm(client, fresh)[0] == 204  # 59 minutes old: still good


def test_a_weak_new_password_is_refused_on_its_field_and_the_link_still_works(
    client: TestClient,
) -> None:
    auth = signup(client, EMAIL)
    with session_scope() as session:
        user = session.exec(select(User).where(User.email == EMAIL)).one()
        token = password_reset.link_token(user)

    weak = confirm(client, token, "short")
    own_email = confirm(client, token, EMAIL)
    extra = client.post(
        "/api/auth/password-reset/confirm",
        json={"token": token, "new_password": NEW_PASSWORD, "admin": True},
    )

    assert weak[0] == own_email[0] == extra.status_code == 422
    assert weak[1]["errors"][0]["path"] == "$.new_password"
    assert me(client, auth) == 200 and log_in(client, PASSWORD) == 200
    assert confirm(client, token)[0] == 204


def test_without_a_mail_server_the_link_is_written_to_the_log(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    configure_logging()  # as the app logs: secrets in URLs blanked, but not this link
    signup(client, EMAIL)

    ask(client)
    with caplog.at_level(logging.WARNING, logger="bizq_app.core.mail"):
        run_jobs()

    logged = [r.getMessage() for r in caplog.records if r.name == "bizq_app.core.mail"]
    assert len(logged) == 1 and EMAIL in logged[0]
    assert confirm(client, token_in(logged[0]))[0] == 204
    assert log_in(client, NEW_PASSWORD) == 200


def test_a_password_changed_after_the_link_was_sent_kills_the_link(
    client: TestClient, inbox: Inbox
) -> None:
    auth = signup(client, EMAIL)
    ask(client)
    run_jobs()
    token = token_in(inbox.parsed().get_content())

    changed = client.post(
        "/api/auth/password",
        headers=auth,
        json={"current_password": PASSWORD, "new_password": "changed-it-myself-5"},
    )
    late = confirm(client, token)

    assert changed.status_code == 204
    assert late[0] == 422 and late[1]["errors"][0]["path"] == "$.token"
    assert log_in(client, "changed-it-myself-5") == 200


def login_token(client: TestClient) -> str:
    answer = client.post("/api/auth/login", json={"email": EMAIL, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])
