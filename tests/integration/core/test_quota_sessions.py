"""The plan quota counts only tokens whose login session lasts: a logged-out token is
refused by its route and uses up none of its user's quota, while the user's other
tokens go on counting."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.factories import PASSWORD
from tests.integration.conftest import signup

EMAIL = "quota@example.com"


def log_in(client: TestClient) -> dict[str, str]:
    answer = client.post("/api/auth/login", json={"email": EMAIL, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def test_a_logged_out_token_is_refused_and_uses_none_of_the_quota(
    client: TestClient, shipped_limits: Callable[..., None]
) -> None:
    phone = signup(client, EMAIL)
    laptop = log_in(client)
    shipped_limits(plan_free="5/minute")

    before = client.get("/api/stores", headers=phone)  # counted: 1 (the session is now known)
    out = client.post("/api/auth/logout", headers=phone)  # counted: 2
    after = [client.get("/api/stores", headers=phone) for _ in range(6)]
    still = client.get("/api/stores", headers=laptop)  # counted: 3

    assert before.headers["RateLimit"].startswith('"plan_free";r=4;t=')
    assert out.status_code == 204
    assert [a.status_code for a in after] == [401] * 6
    assert all(a.json()["code"] == "authentication_failed" for a in after)
    assert not any("RateLimit" in a.headers or "RateLimit-Policy" in a.headers for a in after)
    assert still.status_code == 200
    assert still.headers["RateLimit"].startswith('"plan_free";r=2;t=')


def test_logging_out_everywhere_stops_every_token_counting(
    client: TestClient, shipped_limits: Callable[..., None]
) -> None:
    phone = signup(client, EMAIL)
    laptop = log_in(client)
    shipped_limits(plan_free="4/minute")
    client.get("/api/stores", headers=laptop)  # counted: 1

    ended = client.post("/api/auth/logout-everywhere", headers=phone)  # counted: 2
    refused = [client.get("/api/stores", headers=h) for h in (phone, laptop) * 3]
    fresh = client.get("/api/stores", headers=log_in(client))  # counted: 3

    assert ended.json() == {"sessions_ended": 2}
    assert {r.status_code for r in refused} == {401}
    assert not any("RateLimit" in r.headers for r in refused)
    assert fresh.status_code == 200
    assert fresh.headers["RateLimit"].startswith('"plan_free";r=1;t=')
