"""Health over HTTP, and jobs run by a real ``rq worker`` on the real Redis."""

from __future__ import annotations

import subprocess
import time

from fastapi.testclient import TestClient

from bizq_app.core.queue import get_queue
from tests.integration.conftest import signup


def owner(client: TestClient) -> dict[str, str]:
    """A store owner's token: the round trip is for owners."""
    auth = signup(client, "owner@example.com")
    client.post("/api/stores", json={"name": "Health"}, headers=auth)
    return auth


def test_health_reports_the_database_and_an_idle_queue(client: TestClient) -> None:
    response = client.get("/api/health")

    assert response.status_code == 200
    body = response.json()
    assert body["database"] == {"ok": True, "backend": "postgresql"}
    assert body["queue"]["backend"] == "redis"
    assert body["queue"]["queued"] == {"bizq": 0}


def test_round_trip_fails_without_a_worker(client: TestClient) -> None:
    response = client.get("/api/health?round_trip=true", headers=owner(client))

    assert response.status_code == 503
    assert response.json()["queue"]["ok"] is False
    assert response.json()["queue"]["workers"] == 0


def test_a_real_worker_takes_jobs(client: TestClient, rq_worker: subprocess.Popen[bytes]) -> None:
    response = client.get("/api/health?round_trip=true", headers=owner(client))

    assert response.status_code == 200, response.text
    assert response.json()["queue"]["workers"] == 1
    assert response.json()["queue"]["round_trip_ms"] > 0
    job = get_queue().enqueue("bizq_app.jobs.system.echo", "hello")
    deadline = time.monotonic() + 10
    while job.get_status(refresh=True) != "finished" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert job.return_value() == "hello"
