"""Rate limits at their shipped rates (the rest of the suite lifts them): password
guessing, card testing, storefront event floods and the health round trip meet 429s
with Retry-After, and every signed-in answer carries its plan's RateLimit headers."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from fastapi.testclient import TestClient

from bizq_app.api.app import build_api
from tests.factories import PASSWORD
from tests.integration.conftest import signup
from tests.integration.sales.test_orders import cart, shop, stock

DECLINED = "4000 0000 0000 0002"


def test_a_hundred_wrong_passwords_meet_429s_and_other_accounts_still_log_in(
    client: TestClient, shipped_limits: Callable[..., None]
) -> None:
    signup(client, "owner@example.com")
    signup(client, "neighbour@example.com")
    shipped_limits("login_account_ip", "login_account")
    guess = {"email": "owner@example.com", "password": "guess-123456"}

    answers = [client.post("/api/auth/login", json=guess) for _ in range(100)]
    owner = client.post("/api/auth/login", json={**guess, "password": PASSWORD})
    neighbour = client.post(
        "/api/auth/login", json={"email": "neighbour@example.com", "password": PASSWORD}
    )

    assert Counter(a.status_code for a in answers) == Counter({401: 10, 429: 90})
    last = answers[-1]
    assert last.headers["content-type"] == "application/problem+json"
    assert last.json()["code"] == "too_many_requests"
    assert 0 < int(last.headers["Retry-After"]) <= 15 * 60  # drains: never locked for good
    assert owner.status_code == 429  # from the guesser's address, the owner waits too
    assert neighbour.status_code == 200


def test_log_in_attempts_from_one_address_are_limited(
    client: TestClient, shipped_limits: Callable[..., None]
) -> None:
    shipped_limits("login_ip")
    wrong = [
        client.post("/api/auth/login", json={"email": f"u{i}@example.com", "password": "x1"})
        for i in range(31)
    ]
    elsewhere = TestClient(build_api(), client=("203.0.113.9", 50000)).post(
        "/api/auth/login", json={"email": "u0@example.com", "password": "x1"}
    )

    assert Counter(a.status_code for a in wrong) == Counter({401: 30, 429: 1})
    assert elsewhere.status_code == 401


def test_a_burst_of_declined_cards_from_one_address_holds_its_checkouts(
    client: TestClient, shipped_limits: Callable[..., None]
) -> None:
    auth, _, slug, product_id = shop(client, stock=20)
    shipped_limits("declines_ip")

    declined = [
        client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, 1, DECLINED))
        for _ in range(5)
    ]
    held = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, 1))
    other_buyer = TestClient(build_api(), client=("198.51.100.7", 50000)).post(
        f"/api/storefront/{slug}/checkout", json=cart(product_id, 1)
    )

    assert [d.status_code for d in declined] == [402] * 5
    assert held.status_code == 429
    assert "on hold" in held.json()["detail"] and int(held.headers["Retry-After"]) > 0
    assert other_buyer.status_code == 201
    assert stock(client, auth, product_id) == 19  # the held checkout took nothing


def test_storefront_events_from_one_address_are_limited(
    client: TestClient, shipped_limits: Callable[..., None]
) -> None:
    _, _, slug, _ = shop(client)
    shipped_limits(storefront_events_ip="3/minute")
    event = {"kind": "view", "visitor": "visitor-a1"}

    sent = [client.post(f"/api/storefront/{slug}/events", json=event) for _ in range(4)]
    codes = [s.status_code for s in sent]

    assert codes == [204, 204, 204, 429]


def test_signed_in_answers_carry_their_plans_quota(
    client: TestClient, shipped_limits: Callable[..., None]
) -> None:
    auth = signup(client, "quota@example.com")
    shipped_limits(plan_free="3/minute")

    answers = [client.get("/api/stores", headers=auth) for _ in range(4)]
    anonymous = client.get("/api/storefront/nowhere")

    first, over = answers[0], answers[3]
    assert first.headers["RateLimit-Policy"] == '"plan_free";q=3;w=60'
    assert first.headers["RateLimit"].startswith('"plan_free";r=2;t=')
    assert over.status_code == 429 and int(over.headers["Retry-After"]) > 0
    assert over.json()["code"] == "too_many_requests"
    assert "RateLimit" not in anonymous.headers


def test_the_health_round_trip_is_for_store_owners(client: TestClient) -> None:
    member = signup(client, "member@example.com")
    owner = signup(client, "owner@example.com")
    client.post("/api/stores", json={"name": "Owned"}, headers=owner)

    anonymous = client.get("/api/health?round_trip=true")
    no_store = client.get("/api/health?round_trip=true", headers=member)
    owners = client.get("/api/health?round_trip=true", headers=owner)
    plain = client.get("/api/health")

    assert anonymous.status_code == 401
    assert no_store.status_code == 403
    assert owners.status_code == 503  # no worker here: the round trip really ran
    assert plain.status_code == 200
