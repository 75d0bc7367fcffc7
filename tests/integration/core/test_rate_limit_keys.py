"""Rate limits count the narrowest key first: one address over its own limits shuts out
nobody else — not a shop's other buyers, not an account's owner."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from bizq_app.api.app import build_api
from tests.factories import PASSWORD
from tests.integration.conftest import signup
from tests.integration.sales.test_orders import cart, shop, stock

NEW_PASSWORD = "new-secret-2024"


@pytest.fixture
def at(client: TestClient) -> Callable[[str], TestClient]:
    """``at("203.0.113.5")``: the same API called from that address."""
    app: FastAPI = build_api()
    return lambda address: TestClient(app, client=(address, 50000))


def log_in(caller: TestClient, password: str, email: str = "owner@example.com") -> int:
    return caller.post("/api/auth/login", json={"email": email, "password": password}).status_code


def test_one_address_over_its_checkout_limit_leaves_the_shop_open_to_others(
    client: TestClient, at: Callable[[str], TestClient], shipped_limits: Callable[..., None]
) -> None:
    auth, _, slug, product_id = shop(client, stock=20)
    shipped_limits(checkout_ip="3/minute", checkout_store="5/minute")

    hammer = [
        client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, 1)) for _ in range(10)
    ]
    other_buyer = at("198.51.100.7").post(
        f"/api/storefront/{slug}/checkout", json=cart(product_id, 1)
    )

    assert [h.status_code for h in hammer] == [201] * 3 + [429] * 7
    assert other_buyer.status_code == 201, other_buyer.text
    assert stock(client, auth, product_id) == 16


def test_a_stranger_guessing_the_owners_password_locks_out_only_their_own_address(
    client: TestClient, at: Callable[[str], TestClient], shipped_limits: Callable[..., None]
) -> None:
    signup(client, "owner@example.com")
    shipped_limits("login_account_ip", "login_account")
    stranger = at("203.0.113.5")

    guesses = [log_in(stranger, f"guess-{i}-abcdef") for i in range(12)]
    owner = log_in(at("198.51.100.20"), PASSWORD)
    stranger_right = log_in(stranger, PASSWORD)

    assert guesses == [401] * 10 + [429] * 2
    assert owner == 200
    assert stranger_right == 429  # still refused: the limit does not say when a guess is right


def test_a_guess_spread_over_many_addresses_is_slowed_but_the_owner_gets_in_from_home(
    client: TestClient, at: Callable[[str], TestClient], shipped_limits: Callable[..., None]
) -> None:
    signup(client, "owner@example.com")
    shipped_limits("login_account_ip", login_account="5/15 minutes")
    home = at("198.51.100.20")
    first = log_in(home, PASSWORD)

    guesses = [log_in(at(f"203.0.113.{i}"), "guess-abcdef-1") for i in range(1, 8)]
    new_address = log_in(at("192.0.2.44"), PASSWORD)
    back_home = log_in(home, PASSWORD)

    assert first == 200
    assert guesses == [401] * 5 + [429] * 2
    assert new_address == 429  # from an address it never used, the owner waits too
    assert back_home == 200


def test_wrong_current_passwords_are_limited_then_even_the_right_one_waits(
    client: TestClient, shipped_limits: Callable[..., None]
) -> None:
    auth = signup(client, "owner@example.com")
    neighbour = signup(client, "neighbour@example.com")
    shipped_limits("password_account")

    def change(current: str, headers: dict[str, str]) -> Response:
        body = {"current_password": current, "new_password": NEW_PASSWORD}
        return client.post("/api/auth/password", json=body, headers=headers)

    wrong = [change(f"guess-{i}-abcdef", auth).status_code for i in range(6)]
    right = change(PASSWORD, auth)
    neighbours = change(PASSWORD, neighbour).status_code

    assert wrong == [422] * 5 + [429]
    assert right.status_code == 429
    assert right.json()["code"] == "too_many_requests"
    assert "wrong current passwords" in right.json()["detail"]
    assert 0 < int(right.headers["Retry-After"]) <= 15 * 60
    assert log_in(client, PASSWORD) == 200  # the password did not change
    assert log_in(client, NEW_PASSWORD) == 401
    assert neighbours == 204  # the limit is the account's own
