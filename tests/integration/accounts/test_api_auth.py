"""``/api/auth`` over HTTP: sign up, log in, bearer tokens, clear errors."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.factories import PASSWORD
from tests.integration.conftest import signup


def test_sign_up_then_log_in_gives_a_working_token(client: TestClient) -> None:
    created = client.post(
        "/api/auth/signup",
        json={"email": "Ada@Example.com", "password": PASSWORD, "full_name": "Ada"},
    )
    login = client.post("/api/auth/login", json={"email": "ada@example.com", "password": PASSWORD})
    me = client.get(
        "/api/auth/me", headers={"Authorization": f"Bearer {login.json()['access_token']}"}
    )

    assert created.status_code == 201
    assert created.json()["user"]["email"] == "ada@example.com"
    assert login.status_code == 200
    assert login.json()["token_type"] == "bearer"
    assert me.json()["full_name"] == "Ada"


def test_a_taken_email_is_refused_without_saying_that_it_has_an_account(
    client: TestClient,
) -> None:
    signup(client, "taken@example.com")

    taken = client.post(
        "/api/auth/signup", json={"email": "TAKEN@example.com", "password": PASSWORD}
    )
    other_password = client.post(
        "/api/auth/signup", json={"email": "taken@example.com", "password": "another-one-9"}
    )
    weak = client.post("/api/auth/signup", json={"email": "new@example.com", "password": "short"})
    login = client.post(
        "/api/auth/login", json={"email": "taken@example.com", "password": "another-one-9"}
    )

    assert taken.status_code == weak.status_code == 422  # as any refused sign-up
    assert taken.headers["content-type"] == "application/problem+json"
    assert taken.json().keys() == weak.json().keys()
    assert taken.json()["code"] == weak.json()["code"] == "validation_failed"
    assert taken.json() == other_password.json()
    assert taken.json()["detail"] == (
        "We could not create an account with these details. "
        "If you already have an account, log in or reset your password."
    )
    assert taken.json()["errors"] == []  # no field singled out, the e-mail address neither
    assert login.status_code == 401  # the account kept its password


def test_wrong_password_and_missing_token_are_401s(client: TestClient) -> None:
    signup(client, "someone@example.com")

    wrong = client.post(
        "/api/auth/login", json={"email": "someone@example.com", "password": "not-it-123"}
    )
    nobody = client.post(
        "/api/auth/login", json={"email": "nobody@example.com", "password": "not-it-123"}
    )
    anonymous = client.get("/api/stores")
    garbage = client.get("/api/stores", headers={"Authorization": "Bearer garbage"})

    assert wrong.status_code == nobody.status_code == 401
    assert wrong.json() == nobody.json()  # no hint which e-mail addresses have accounts
    assert wrong.json()["detail"] == "The e-mail address or the password is wrong."
    assert anonymous.status_code == 401
    assert "Bearer" in anonymous.json()["detail"]
    assert garbage.status_code == 401
    assert garbage.json()["code"] == "authentication_failed"


def test_a_weak_password_or_bad_email_creates_no_account(client: TestClient) -> None:
    weak = client.post("/api/auth/signup", json={"email": "w@example.com", "password": "short"})
    bad_email = client.post("/api/auth/signup", json={"email": "nope", "password": PASSWORD})
    login = client.post("/api/auth/login", json={"email": "w@example.com", "password": "short"})

    assert weak.status_code == 422
    assert weak.json()["errors"][0]["path"] == "$.password"
    assert bad_email.status_code == 422
    assert bad_email.json()["errors"][0]["path"] == "$.email"
    assert login.status_code == 401
