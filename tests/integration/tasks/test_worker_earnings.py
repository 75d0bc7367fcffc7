"""What a worker earned is theirs: the registry shows it to the worker themself, and to
each store only what that store paid them."""

from __future__ import annotations

import uuid
from decimal import Decimal

from fastapi.testclient import TestClient

from tests.integration.conftest import signup
from tests.integration.tasks.test_api_marketplace import seeded

CALL = {"customer_name": "Ann", "phone": "+44 20 7946 0000", "reason": "Parcel arrived damaged"}
REPORT = {
    "reached": True,
    "call_duration_minutes": 4,
    "outcome": "resolved",
    "summary": "A new candle goes out today.",
    "promised_actions": ["Send a replacement"],
    "next_contact_date": None,
}


def called_back_for(client: TestClient, owner: dict[str, str], store_id: str, cal: dict) -> None:  # type: ignore[type-arg]
    """The store admits Cal, asks for a call back, and Cal makes it."""
    admitted = client.put(f"/api/stores/{store_id}/workers/{cal['id']}", headers=owner)
    assert admitted.status_code == 200, admitted.text
    task = client.post(
        "/api/tasks",
        headers=owner,
        json={"store_id": store_id, "type": "customer.call_back_customer", "input": CALL},
    ).json()["id"]
    person = cal["auth"]
    assert client.post(f"/api/inbox/{task}/claim", headers=person).status_code == 200
    done = client.post(f"/api/inbox/{task}/submit", headers=person, json={"output": REPORT})
    assert done.json()["status"] == "completed", done.text


def cal_as_seen(client: TestClient, auth: dict[str, str], store_id: str = "") -> dict:  # type: ignore[type-arg]
    query = f"?store_id={store_id}&limit=200" if store_id else "?limit=200"
    listed = client.get(f"/api/workers{query}", headers=auth)
    assert listed.status_code == 200, listed.text
    return next(w for w in listed.json()["items"] if w["name"] == "Cal")


def test_a_workers_earnings_show_to_them_and_per_store_to_the_stores_that_paid(
    client: TestClient,
) -> None:
    north, north_store = seeded(client, f"north-{uuid.uuid4().hex[:6]}@example.com")
    south, south_store = seeded(client, f"south-{uuid.uuid4().hex[:6]}@example.com")
    person = signup(client, f"cal-{uuid.uuid4().hex[:6]}@example.com")
    worker = client.post(
        "/api/workers", json={"name": "Cal", "skills": ["customer"]}, headers=person
    ).json()
    cal = {**worker, "auth": person}
    called_back_for(client, north, north_store, cal)
    called_back_for(client, south, south_store, cal)
    stranger = signup(client, f"nosy-{uuid.uuid4().hex[:6]}@example.com")

    to_stranger = cal_as_seen(client, stranger)
    to_north = cal_as_seen(client, north, north_store)
    to_north_unscoped = cal_as_seen(client, north)
    to_cal = cal_as_seen(client, person)
    other_store = client.get(f"/api/workers?store_id={south_store}", headers=north)

    assert to_stranger["earnings"] is None and to_stranger["paid_by_store"] is None
    assert to_north_unscoped["earnings"] is None
    assert to_north["earnings"] is None
    paid_by_north = Decimal(to_north["paid_by_store"])
    assert Decimal(0) < paid_by_north < Decimal("12.00")  # the worker's share of one call
    assert Decimal(to_cal["earnings"]) == 2 * paid_by_north  # both stores' calls
    assert other_store.status_code == 403  # north sees nothing of what south paid
