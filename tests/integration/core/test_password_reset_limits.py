"""Asking for password-reset links at the shipped rates: one e-mail address gets three an
hour whether or not an account uses it, one client address ten, and an address over its
own limit uses up nobody's e-mail allowance."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from bizq_app.api.app import build_api
from tests.integration.conftest import signup


def ask(client: TestClient, email: str) -> int:
    return client.post("/api/auth/password-reset", json={"email": email}).status_code


def test_one_e_mail_address_gets_three_links_an_hour_known_or_not(
    client: TestClient, shipped_limits: Callable[..., None]
) -> None:
    signup(client, "known@example.com")
    shipped_limits("password_reset_email")

    known = [ask(client, "known@example.com") for _ in range(4)]
    unknown = [ask(client, "unknown@example.com") for _ in range(4)]
    answer = client.post("/api/auth/password-reset", json={"email": "known@example.com"})

    assert known == unknown == [202, 202, 202, 429]  # the same for both: nothing told
    assert answer.json()["code"] == "too_many_requests"
    assert 0 < int(answer.headers["Retry-After"]) <= 3600


def test_one_client_address_gets_ten_links_an_hour(
    client: TestClient, shipped_limits: Callable[..., None]
) -> None:
    shipped_limits("password_reset_ip", "password_reset_email")

    mine = [ask(client, f"u{n}@example.com") for n in range(11)]
    elsewhere = TestClient(build_api(), client=("203.0.113.9", 50000))
    theirs = ask(elsewhere, "u10@example.com")  # the address's refusal counted nothing

    assert mine == [202] * 10 + [429]
    assert theirs == 202
