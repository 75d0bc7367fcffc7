"""A published task type's patterns run on RE2 all the way: saved, checked, drafted."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from bizq_app.jobs.tasks import run_task
from tests.integration.tasks.test_api_marketplace import seeded

EVIL = "a" * 40 + "!"  # Python's backtracking engine takes 2**40 steps on ^(a+)+$


@pytest.mark.timeout(20)
def test_the_draft_of_a_task_type_with_a_backtracking_output_pattern_completes(
    client: TestClient,
) -> None:
    auth, store_id = seeded(client, f"codes-{uuid.uuid4().hex[:6]}@example.com")
    codes = {"type": "array", "items": {"type": "string"}}
    published = client.post(
        "/api/task-definitions",
        headers=auth,
        json={
            "name": "growth.name_codes",
            "estimated_cost": "1.00",
            "input_schema": {"type": "object", "properties": {"codes": codes}},
            "output_schema": {
                "type": "object",
                "properties": {
                    "codes": {"type": "array", "items": {"type": "string", "pattern": "^(a+)+$"}}
                },
            },
        },
    )
    created = client.post(
        "/api/tasks",
        headers=auth,
        json={"store_id": store_id, "type": "growth.name_codes", "input": {"codes": [EVIL, "aa"]}},
    )

    said = run_task(created.json()["id"])  # what the rules worker runs for the task's job

    task = client.get(f"/api/tasks/{created.json()['id']}", headers=auth).json()
    assert published.status_code == 201, published.text
    assert created.status_code == 201, created.text
    assert said == "done: awaiting_review"
    assert task["status"] == "awaiting_review"
    assert task["output"] == {"codes": ["aa"]}
