"""Buying credits over REST with BizQ's offline test payments (Stripe's test cards):
priced by the server, credited once when paid, nothing credited when declined."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from bizq_app.billing.models import LedgerEntry
from bizq_app.core.db import get_engine
from tests.integration.conftest import signup

VISA, DECLINED = "4242 4242 4242 4242", "4000 0000 0000 0002"


def owner_with_store(client: TestClient) -> tuple[dict[str, str], str]:
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store = client.post("/api/stores", json={"name": f"Shop {uuid.uuid4().hex[:4]}"}, headers=auth)
    return auth, store.json()["id"]


def balance(client: TestClient, auth: dict[str, str], store_id: str) -> str:
    return str(client.get(f"/api/stores/{store_id}/credits", headers=auth).json()["balance"])


def purchases_of(client: TestClient, auth: dict[str, str], store_id: str, query: str = "") -> dict:
    response = client.get(f"/api/stores/{store_id}/credits/purchases{query}", headers=auth)
    assert response.status_code == 200, response.text
    return dict(response.json())


def unbalanced_transactions() -> list[object]:
    with Session(get_engine()) as session:
        query = (
            select(LedgerEntry.transaction_id)
            .group_by(LedgerEntry.transaction_id)
            .having(func.sum(LedgerEntry.amount) != 0)
        )
        return list(session.exec(query).all())


def test_the_price_is_shown_before_buying(client: TestClient) -> None:
    auth, store_id = owner_with_store(client)

    price = client.get(f"/api/stores/{store_id}/credits/price?credits=25", headers=auth)
    bad = client.get(f"/api/stores/{store_id}/credits/price?credits=-3", headers=auth)

    assert price.json() == {
        "credits": "25.00",
        "price": "2.50",
        "currency": "USD",
        "credit_price": "0.10",
        "test_mode": True,
    }
    assert bad.status_code == 422 and bad.json()["errors"][0]["path"] == "$.credits"


def test_a_good_card_buys_credits_and_the_ledger_balances(client: TestClient) -> None:
    auth, store_id = owner_with_store(client)

    bought = client.post(
        f"/api/stores/{store_id}/credits/purchases",
        json={"credits": "25", "payment_method": VISA},
        headers=auth,
    )

    assert bought.status_code == 201, bought.text
    purchase = bought.json()
    assert (purchase["status"], purchase["credits"], purchase["price"]) == ("paid", "25.00", "2.50")
    assert (purchase["currency"], purchase["provider"]) == ("USD", "test")
    assert balance(client, auth, store_id) == "125.00"
    listed = purchases_of(client, auth, store_id)
    assert listed["total"] == 1 and listed["items"][0]["id"] == purchase["id"]
    assert unbalanced_transactions() == []


def test_a_declined_card_credits_nothing_and_the_purchase_is_kept_as_failed(
    client: TestClient,
) -> None:
    auth, store_id = owner_with_store(client)

    declined = client.post(
        f"/api/stores/{store_id}/credits/purchases",
        json={"credits": "25", "payment_method": DECLINED},
        headers=auth,
    )

    assert declined.status_code == 402
    problem = declined.json()
    assert (problem["code"], problem["detail"]) == ("payment_declined", "Your card was declined.")
    assert problem["errors"] == [{"path": "$.payment_method", "message": "Your card was declined."}]
    assert balance(client, auth, store_id) == "100.00"
    [failed] = purchases_of(client, auth, store_id)["items"]
    assert (failed["status"], failed["failure_message"]) == ("failed", "Your card was declined.")


def test_the_same_idempotency_key_buys_once(client: TestClient) -> None:
    auth, store_id = owner_with_store(client)
    url, body = f"/api/stores/{store_id}/credits/purchases", {"credits": 40, "payment_method": VISA}

    first = client.post(url, json=body, headers={**auth, "Idempotency-Key": "buy-1"})
    again = client.post(url, json=body, headers={**auth, "Idempotency-Key": "buy-1"})
    other_amount = client.post(
        url, json={**body, "credits": 41}, headers={**auth, "Idempotency-Key": "buy-1"}
    )

    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert other_amount.status_code == 409
    assert other_amount.json()["errors"][0]["path"] == "$.credits"
    assert balance(client, auth, store_id) == "140.00"
    assert purchases_of(client, auth, store_id)["total"] == 1


def test_bad_requests_and_other_roles_buy_nothing(client: TestClient) -> None:
    auth, store_id = owner_with_store(client)
    url = f"/api/stores/{store_id}/credits/purchases"
    manager_email = f"manager-{uuid.uuid4().hex[:6]}@example.com"
    manager = signup(client, manager_email)
    client.post(
        f"/api/stores/{store_id}/members",
        json={"email": manager_email, "role": "manager"},
        headers=auth,
    )

    bad = client.post(url, json={"credits": "-1", "payment_method": ""}, headers=auth)
    too_many = client.post(url, json={"credits": "100001", "payment_method": VISA}, headers=auth)
    not_owner = client.post(url, json={"credits": "5", "payment_method": VISA}, headers=manager)
    free = client.post(f"/api/stores/{store_id}/credits", json={"amount": "50"}, headers=auth)

    assert bad.status_code == 422
    assert [e["path"] for e in bad.json()["errors"]] == ["$.credits", "$.payment_method"]
    assert too_many.json()["errors"][0]["message"] == "must be at most 100000 credits at once"
    assert not_owner.status_code == 403
    assert free.status_code == 405  # no more credits without paying
    assert balance(client, auth, store_id) == "100.00"
    assert purchases_of(client, auth, store_id, "?limit=5")["total"] == 0
    assert purchases_of(client, manager, store_id)["total"] == 0  # managers may look


def test_purchases_are_listed_newest_first_a_page_at_a_time(client: TestClient) -> None:
    auth, store_id = owner_with_store(client)
    for credits in (10, 20, 30):
        client.post(
            f"/api/stores/{store_id}/credits/purchases",
            json={"credits": credits, "payment_method": VISA},
            headers=auth,
        )

    page = purchases_of(client, auth, store_id, "?limit=2&offset=1")

    assert (page["total"], page["limit"], page["offset"]) == (3, 2, 1)
    assert [p["credits"] for p in page["items"]] == ["20.00", "10.00"]
