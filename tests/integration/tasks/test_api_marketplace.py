"""The marketplace, reviews, credits and the inbox over HTTP."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from bizq_app.core.db import get_engine
from bizq_app.setup.seed import load_seed
from bizq_app.tasks import task_runs
from tests.integration.conftest import signup

SEO = "product.optimize_seo"


def seeded(client: TestClient, email: str) -> tuple[dict[str, str], str]:
    with Session(get_engine()) as session:
        load_seed(session=session)
        session.commit()
    auth = signup(client, email)
    return auth, client.post("/api/stores", json={"name": "Shop"}, headers=auth).json()["id"]


def run_now(task_id: str, output: dict) -> None:
    """What a worker does: start the run and hand in the output."""
    import uuid

    with Session(get_engine()) as session:
        run = task_runs.start_run(session=session, task_id=uuid.UUID(task_id))
        assert run is not None
        task_runs.complete_run(
            session=session, task_id=run.task_id, attempt=run.attempt, output=output
        )
        session.commit()


def test_browse_and_publish(client: TestClient) -> None:
    auth, _ = seeded(client, "creator@example.com")

    page = client.get("/api/tasks/marketplace?category=product&limit=5", headers=auth).json()
    found = client.get("/api/tasks/marketplace?search=sentiment", headers=auth).json()
    published = client.post(
        "/api/task-definitions",
        headers=auth,
        json={
            "name": "growth.name_newsletter",
            "estimated_cost": "2.00",
            "royalty_percentage": "20",
            "input_schema": {"type": "object", "properties": {}},
            "output_schema": {"type": "object", "properties": {"name": {"type": "string"}}},
        },
    )
    clash = client.post(
        "/api/task-definitions",
        headers=auth,
        json={
            "name": "growth.name_newsletter",
            "estimated_cost": "2.00",
            "input_schema": {"type": "object"},
            "output_schema": {"type": "object"},
        },
    )

    assert page["total"] == 12 and len(page["items"]) == 5
    assert {d["category"] for d in page["items"]} == {"product"}
    assert [d["name"] for d in found["items"]] == ["customer.analyze_review_sentiment"]
    assert published.status_code == 201
    assert published.json()["is_builtin"] is False
    assert clash.status_code == 409


def test_approve_charges_reject_does_not(client: TestClient) -> None:
    auth, store_id = seeded(client, "reviewer@example.com")
    body = {
        "store_id": store_id,
        "type": SEO,
        "input": {"product_id": "0b4fa2f2-7a0e-4b44-9a32-7fd3b5f1e0c1"},
    }
    first = client.post("/api/tasks", json=body, headers=auth).json()["id"]
    second = client.post("/api/tasks", json=body, headers=auth).json()["id"]
    output = {
        "proposed_title": "Soy candle",
        "proposed_description": "Clean burn",
        "keywords": ["soy"],
        "proposed_meta_description": "Soy candle",
        "rationale": "Clearer title",
        "expected_conversion_increase": 4,
    }
    run_now(first, output)
    run_now(second, output)

    approved = client.post(f"/api/tasks/{first}/approve", headers=auth)
    rejected = client.post(
        f"/api/tasks/{second}/reject", headers=auth, json={"reason": "Off brand", "retry": False}
    )
    again = client.post(f"/api/tasks/{first}/approve", headers=auth)
    credits = client.get(f"/api/stores/{store_id}/credits", headers=auth).json()

    assert approved.json()["status"] == "completed"
    assert rejected.json()["status"] == "failed"
    assert rejected.json()["status_reason"] == "Rejected: Off brand"
    assert again.status_code == 409
    assert credits == {
        "balance": "97.00",
        "available": "97.00",
        "spent_today": "3.00",
        "daily_task_budget": None,
    }


def test_credits_bought_and_budget(client: TestClient) -> None:
    auth, store_id = seeded(client, "payer@example.com")
    url = f"/api/stores/{store_id}/credits/purchases"

    bought = client.post(
        url, json={"credits": "50", "payment_method": "4242424242424242"}, headers=auth
    )
    bad = client.post(
        url, json={"credits": "-1", "payment_method": "4242424242424242"}, headers=auth
    )
    budgeted = client.put(
        f"/api/stores/{store_id}/budget", json={"daily_task_budget": "20"}, headers=auth
    )
    credits = client.get(f"/api/stores/{store_id}/credits", headers=auth).json()

    assert bought.json()["status"] == "paid" and credits["balance"] == "150.00"
    assert bad.status_code == 422 and bad.json()["errors"][0]["path"] == "$.credits"
    assert budgeted.json()["daily_task_budget"] == "20.00"


def test_the_inbox_over_http(client: TestClient) -> None:
    auth, store_id = seeded(client, "asker@example.com")
    task_id = client.post(
        "/api/tasks",
        headers=auth,
        json={
            "store_id": store_id,
            "type": "customer.call_back_customer",
            "input": {
                "customer_name": "Ann",
                "phone": "+44 20 7946 0000",
                "reason": "Parcel arrived damaged",
            },
        },
    ).json()["id"]
    person = signup(client, "caller@example.com")

    before = client.get("/api/inbox", headers=person)
    worker = client.post(
        "/api/workers", json={"name": "Cal", "skills": ["customer"]}, headers=person
    ).json()
    not_admitted = client.get("/api/inbox", headers=person).json()
    refused = client.post(f"/api/inbox/{task_id}/claim", headers=person)
    by_stranger = client.put(f"/api/stores/{store_id}/workers/{worker['id']}", headers=person)
    admitted = client.put(f"/api/stores/{store_id}/workers/{worker['id']}", headers=auth)
    offers = client.get("/api/inbox", headers=person).json()
    claimed = client.post(f"/api/inbox/{task_id}/claim", headers=person)
    nosy = client.get(f"/api/tasks/{task_id}", headers=person)
    bad = client.post(f"/api/inbox/{task_id}/submit", json={"output": {}}, headers=person)

    assert before.status_code == 403
    assert not_admitted["items"] == []  # a buyer's phone number is no stranger's business
    assert refused.status_code == 403 and "not admitted" in refused.json()["detail"]
    assert by_stranger.status_code == 403
    assert admitted.json() == {"admitted_workers": [worker["id"]]}
    assert [o["task_id"] for o in offers["items"]] == [task_id]
    assert "input" not in offers["items"][0]
    assert claimed.json()["input"]["customer_name"] == "Ann"
    assert nosy.status_code == 403  # a worker sees the claimed input, not the store's tasks
    assert bad.status_code == 422
    assert "$.output" in {e["path"] for e in bad.json()["errors"]}


EVIL = "a" * 50 + "!"  # Python's own regex engine backtracks 2**50 times on ^(a+)+$


@pytest.mark.timeout(60)  # a backtracking engine would hold the request for hours
def test_a_task_types_patterns_cannot_stall_a_request(client: TestClient) -> None:
    auth, store_id = seeded(client, "patterns@example.com")

    def publish(name: str, pattern: str) -> Any:
        return client.post(
            "/api/task-definitions",
            headers=auth,
            json={
                "name": name,
                "estimated_cost": "1.00",
                "input_schema": {
                    "type": "object",
                    "properties": {"code": {"type": "string", "pattern": pattern}},
                },
                "output_schema": {"type": "object"},
            },
        )

    lookaround = publish("growth.lookaround", "^(?=.*x)a+$")
    backtracking = publish("growth.backtracking", "^(a+)+$")
    attempt = client.post(
        "/api/tasks",
        headers=auth,
        json={"store_id": store_id, "type": "growth.backtracking", "input": {"code": EVIL}},
    )

    assert lookaround.status_code == 422
    assert "/properties/code/pattern" in lookaround.json()["errors"][0]["message"]
    assert backtracking.status_code == 201
    assert attempt.status_code == 422
    assert attempt.json()["errors"][0]["path"] == "$.input.code"


def test_a_task_type_cannot_ask_more_than_the_price_cap_or_half_as_royalty(
    client: TestClient,
) -> None:
    auth, _ = seeded(client, "greedy@example.com")

    def publish(cost: str, royalty: str) -> Any:
        return client.post(
            "/api/task-definitions",
            headers=auth,
            json={
                "name": f"growth.ask_{cost.replace('.', '_')}_{royalty}",
                "estimated_cost": cost,
                "royalty_percentage": royalty,
                "input_schema": {"type": "object"},
                "output_schema": {"type": "object"},
            },
        )

    too_dear = publish("1000.01", "10")
    too_greedy = publish("5", "51")
    fair = publish("1000", "50")

    assert too_dear.status_code == too_greedy.status_code == 422
    assert too_dear.json()["errors"] == [
        {"path": "$.estimated_cost", "message": "must be at most 1000 credits a run"}
    ]
    assert too_greedy.json()["errors"][0]["path"] == "$.royalty_percentage"
    assert fair.status_code == 201
