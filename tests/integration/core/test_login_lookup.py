"""A request with a token reads its login session once, whether the plan quota read it
(the first request of a session in this process) or the route does (the quota knew it
already); and a session ended anywhere — here, or by another web process — is refused on
the very next request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event, update
from sqlalchemy.engine import Engine

from bizq_app.accounts.models import LoginSession
from bizq_app.core.db import session_scope
from bizq_app.core.security import read_token
from tests.factories import PASSWORD
from tests.integration.conftest import signup


@contextmanager
def login_reads() -> Iterator[list[str]]:
    """The statements that read the login sessions' table, while the block runs."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "from login_sessions" in statement.lower():
            seen.append(statement)

    event.listen(Engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", note)


def a_store(client: TestClient) -> tuple[dict[str, str], str]:
    auth = signup(client, "reads@example.com")
    store_id = client.post("/api/stores", json={"name": "Wick & Co"}, headers=auth).json()["id"]
    return auth, store_id


def test_a_request_reads_its_login_session_once(any_client: TestClient) -> None:
    auth, store_id = a_store(any_client)
    fresh = {"Authorization": f"Bearer {log_in(any_client)}"}  # unknown to the quota yet

    with login_reads() as first:
        answered = any_client.get("/api/orders", params={"store_id": store_id}, headers=fresh)
    with login_reads() as again:
        answered_again = any_client.get("/api/orders", params={"store_id": store_id}, headers=fresh)

    assert answered.status_code == answered_again.status_code == 200, answered.text
    assert "RateLimit" in answered.headers and "RateLimit" in answered_again.headers
    assert len(first) == 1, first  # by the quota, handed to the route
    assert len(again) == 1, again  # by the route (the quota knows the session)


def test_a_session_ended_by_another_web_process_is_refused_on_the_next_request(
    any_client: TestClient,
) -> None:
    auth, store_id = a_store(any_client)
    listed = any_client.get("/api/orders", params={"store_id": store_id}, headers=auth)
    _, login_id = read_token(auth["Authorization"].removeprefix("Bearer "))

    with session_scope() as session:  # as another web process's log-out commits it
        ended = update(LoginSession).where(LoginSession.id == login_id)  # type: ignore[arg-type]
        session.execute(ended.values(revoked_at=datetime.now(UTC)))
    refused = any_client.get("/api/orders", params={"store_id": store_id}, headers=auth)

    assert listed.status_code == 200, listed.text
    assert refused.status_code == 401
    assert refused.json()["code"] == "authentication_failed"


def test_a_session_logged_out_here_is_refused_on_the_next_request(
    any_client: TestClient,
) -> None:
    auth, store_id = a_store(any_client)
    listed = any_client.get("/api/orders", params={"store_id": store_id}, headers=auth)

    out = any_client.post("/api/auth/logout", headers=auth)
    refused = any_client.get("/api/orders", params={"store_id": store_id}, headers=auth)

    assert listed.status_code == 200 and out.status_code == 204
    assert refused.status_code == 401


def log_in(client: TestClient) -> str:
    """A second login session of the same account; its token."""
    answer = client.post(
        "/api/auth/login", json={"email": "reads@example.com", "password": PASSWORD}
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])
