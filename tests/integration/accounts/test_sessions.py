"""Login sessions: logging out, logging out everywhere and changing the password end
tokens at once; rotating BIZQ_SECRET_KEY keeps what the old secret signed or encrypted
working while it is listed as a previous secret."""

from __future__ import annotations

import os
from collections.abc import Iterator

import jwt
import pytest
from fastapi.testclient import TestClient

from bizq_app.core import crypto
from bizq_app.core.columns import utcnow
from bizq_app.core.settings import get_settings
from tests.factories import PASSWORD
from tests.integration.conftest import restored, signup

EMAIL = "sessions@example.com"
NEW_PASSWORD = "a-new-password-42"


def log_in(client: TestClient, password: str = PASSWORD) -> dict[str, str]:
    answer = client.post("/api/auth/login", json={"email": EMAIL, "password": password})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def me(client: TestClient, auth: dict[str, str]) -> int:
    return client.get("/api/auth/me", headers=auth).status_code


def test_logging_out_ends_that_token_only(client: TestClient) -> None:
    phone = signup(client, EMAIL)
    laptop = log_in(client)

    out = client.post("/api/auth/logout", headers=phone)

    assert out.status_code == 204
    assert me(client, phone) == 401
    assert client.get("/api/auth/me", headers=phone).json()["detail"] == (
        "You have been logged out; log in again."
    )
    assert me(client, laptop) == 200


def test_logging_out_everywhere_ends_every_token(client: TestClient) -> None:
    phone = signup(client, EMAIL)
    laptop = log_in(client)

    ended = client.post("/api/auth/logout-everywhere", headers=laptop)

    assert ended.json() == {"sessions_ended": 2}
    assert me(client, phone) == me(client, laptop) == 401
    assert me(client, log_in(client)) == 200  # logging in again works


def test_a_password_change_ends_every_other_session(client: TestClient) -> None:
    phone = signup(client, EMAIL)
    laptop = log_in(client)

    wrong = client.post(
        "/api/auth/password",
        headers=laptop,
        json={"current_password": "not-it-123", "new_password": NEW_PASSWORD},
    )
    weak = client.post(
        "/api/auth/password",
        headers=laptop,
        json={"current_password": PASSWORD, "new_password": "short"},
    )
    changed = client.post(
        "/api/auth/password",
        headers=laptop,
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
    )

    assert wrong.status_code == weak.status_code == 422
    assert wrong.json()["errors"][0]["path"] == "$.current_password"
    assert weak.json()["errors"][0]["path"] == "$.new_password"
    assert changed.status_code == 204
    assert me(client, phone) == 401 and me(client, laptop) == 200
    old = client.post("/api/auth/login", json={"email": EMAIL, "password": PASSWORD})
    assert old.status_code == 401
    assert me(client, log_in(client, NEW_PASSWORD)) == 200


def test_a_token_without_a_login_session_is_refused(client: TestClient) -> None:
    auth = signup(client, EMAIL)
    token = auth["Authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, options={"verify_signature": False})
    from bizq_app.core import keys

    old_style = jwt.encode(
        {"sub": claims["sub"], "exp": claims["exp"]}, keys.key(keys.ACCESS_TOKENS), "HS256"
    )
    raw_secret = jwt.encode(
        {**claims, "exp": utcnow().timestamp() + 60}, get_settings().signing_key(), "HS256"
    )

    assert me(client, {"Authorization": f"Bearer {old_style}"}) == 401
    assert me(client, {"Authorization": f"Bearer {raw_secret}"}) == 401  # one key per purpose


@pytest.fixture
def rotate() -> Iterator[None]:
    with restored("BIZQ_SECRET_KEY", "BIZQ_PREVIOUS_SECRET_KEYS"):
        yield


def test_rotating_the_secret_keeps_old_tokens_and_secrets_while_listed(
    client: TestClient, rotate: None
) -> None:
    auth = signup(client, EMAIL)
    old_secret = os.environ["BIZQ_SECRET_KEY"]
    sealed = crypto.encrypt("sk-test-123", "ai-key")

    os.environ["BIZQ_SECRET_KEY"] = "a-brand-new-secret-that-is-long-enough"
    os.environ["BIZQ_PREVIOUS_SECRET_KEYS"] = old_secret
    get_settings.cache_clear()
    listed = (me(client, auth), crypto.decrypt(sealed, "ai-key"))
    fresh = log_in(client)
    os.environ.pop("BIZQ_PREVIOUS_SECRET_KEYS")
    get_settings.cache_clear()

    assert listed == (200, "sk-test-123")
    assert me(client, fresh) == 200  # signed with the new secret
    assert me(client, auth) == 401  # the old secret is no longer listed
