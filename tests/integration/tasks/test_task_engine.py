"""The task engine end to end: REST → PostgreSQL → Redis → real ``rq worker`` processes."""

from __future__ import annotations

import os
import signal
import subprocess
import uuid
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient
from rq.job import Job
from sqlalchemy import func, update
from sqlmodel import Session, col, select

from bizq_app.billing.models import LedgerEntry
from bizq_app.core.columns import utcnow
from bizq_app.core.db import get_engine
from bizq_app.core.queue import get_queue, get_redis
from bizq_app.jobs.sweeper import sweep_once
from bizq_app.setup.seed import load_seed
from bizq_app.tasks.models import Task
from tests.factories import REVIEWS_INPUT
from tests.integration.conftest import signup, start_rq_worker, stop, wait_for

SENTIMENT = "customer.analyze_review_sentiment"


def seeded_store(client: TestClient) -> tuple[dict[str, str], str]:
    with Session(get_engine()) as session:
        load_seed(session=session)
        session.commit()
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store_id = client.post("/api/stores", json={"name": "Engine"}, headers=auth).json()["id"]
    return auth, store_id


def task_of(client: TestClient, auth: dict[str, str], task_id: str) -> dict[str, Any]:
    return dict(client.get(f"/api/tasks/{task_id}", headers=auth).json())


def task_status(client: TestClient, auth: dict[str, str], task_id: str) -> str:
    return str(client.get(f"/api/tasks/{task_id}", headers=auth).json()["status"])


def payments(task_id: str) -> int:
    with Session(get_engine()) as session:
        return int(
            session.exec(
                select(func.count())
                .select_from(LedgerEntry)
                .where(
                    LedgerEntry.task_id == uuid.UUID(task_id),
                    LedgerEntry.account_kind == "store_wallet",
                )
            ).one()
        )


def test_a_task_runs_on_a_real_worker_and_settles(
    client: TestClient, rq_worker: subprocess.Popen[bytes]
) -> None:
    auth, store_id = seeded_store(client)

    created = client.post(
        "/api/tasks",
        headers=auth,
        json={"store_id": store_id, "type": SENTIMENT, "input": REVIEWS_INPUT},
    )
    task_id = created.json()["id"]
    wait_for(lambda: task_status(client, auth, task_id) == "completed", what="completion")

    task = client.get(f"/api/tasks/{task_id}", headers=auth).json()
    assert created.status_code == 201
    assert created.json()["cost"] == "1.00"
    assert task["output"]["reviews"][0]["label"] == "positive"
    assert task["output"]["reviews"][1]["label"] == "negative"
    assert "arrived broken" in task["output"]["top_complaints"]
    credits = client.get(f"/api/stores/{store_id}/credits", headers=auth).json()
    assert credits["balance"] == "99.00"
    assert payments(task_id) == 1


def test_bad_input_and_missing_credits_queue_nothing(client: TestClient) -> None:
    auth, store_id = seeded_store(client)

    bad = client.post(
        "/api/tasks",
        headers=auth,
        json={"store_id": store_id, "type": SENTIMENT, "input": {"reviews": [{"rating": 7}]}},
    )
    client.post(f"/api/stores/{store_id}/budget", headers=auth, json={})
    for _ in range(2):
        client.post(
            "/api/tasks",
            headers=auth,
            json={
                "store_id": store_id,
                "type": "finance.prepare_tax_summary",
                "input": {"tax_year": 2026},
            },
        )
    broke = client.post(
        "/api/tasks",
        headers=auth,
        json={
            "store_id": store_id,
            "type": "finance.prepare_tax_summary",
            "input": {"tax_year": 2026},
        },
    )

    assert bad.status_code == 422
    assert {e["path"] for e in bad.json()["errors"]} == {
        "$.input.reviews[0]",
        "$.input.reviews[0].rating",
    }
    assert broke.status_code == 402
    assert broke.json()["code"] == "insufficient_credits"
    listed = client.get(f"/api/tasks?store_id={store_id}", headers=auth).json()
    assert listed["total"] == 2


def test_a_cancelled_task_is_skipped_by_the_worker_and_not_charged(
    client: TestClient, redis_db: object
) -> None:
    auth, store_id = seeded_store(client)
    task_id = client.post(
        "/api/tasks",
        headers=auth,
        json={"store_id": store_id, "type": SENTIMENT, "input": REVIEWS_INPUT},
    ).json()["id"]

    cancelled = client.post(f"/api/tasks/{task_id}/cancel", headers=auth)
    worker = start_rq_worker()
    try:
        wait_for(lambda: get_queue().count == 0, what="the queue to drain")
    finally:
        stop(worker)

    assert cancelled.json()["status"] == "cancelled"
    assert task_status(client, auth, task_id) == "cancelled"
    assert payments(task_id) == 0
    assert client.get(f"/api/stores/{store_id}/credits", headers=auth).json()["balance"] == "100.00"


def test_a_batch_of_rules_tasks_shares_jobs_and_a_cancelled_one_is_skipped(
    client: TestClient, redis_db: object
) -> None:
    auth, store_id = seeded_store(client)
    created = client.post(
        "/api/tasks/batch",
        headers=auth,
        json={
            "store_id": store_id,
            "tasks": [{"type": SENTIMENT, "input": REVIEWS_INPUT}] * 25,
        },
    ).json()["items"]
    ids = [t["id"] for t in created]
    jobs = {get_task_job(task_id) for task_id in ids}
    cancelled = client.post(f"/api/tasks/{ids[3]}/cancel", headers=auth)  # queued, in a group

    assert len(jobs) == 3  # groups of ten: 10 + 10 + 5
    assert get_queue().count == 3
    worker = start_rq_worker()
    try:
        wait_for(
            lambda: all(task_status(client, auth, t) == "completed" for t in ids if t != ids[3]),
            what="the other 24 tasks",
        )
    finally:
        stop(worker)

    assert cancelled.json()["status"] == "cancelled"
    assert task_status(client, auth, ids[3]) == "cancelled"
    assert [payments(t) for t in ids] == [0 if t == ids[3] else 1 for t in ids]
    assert client.get(f"/api/stores/{store_id}/credits", headers=auth).json()["balance"] == "76.00"


def test_a_group_whose_shared_settlement_fails_settles_the_others_one_by_one(
    client: TestClient, redis_db: object
) -> None:
    auth, store_id = seeded_store(client)
    created = client.post(
        "/api/tasks/batch",
        headers=auth,
        json={"store_id": store_id, "tasks": [{"type": SENTIMENT, "input": REVIEWS_INPUT}] * 10},
    ).json()["items"]
    ids = [t["id"] for t in created]
    assert len({get_task_job(task_id) for task_id in ids}) == 1
    refuse = f"""
        CREATE FUNCTION refuse_completion() RETURNS trigger AS $$ BEGIN
          IF NEW.id = '{ids[4]}' AND NEW.status = 'completed' THEN
            RAISE EXCEPTION 'could not write the completion';
          END IF;
          RETURN NEW;
        END $$ LANGUAGE plpgsql;
        CREATE TRIGGER refuse_completion BEFORE UPDATE ON tasks
          FOR EACH ROW EXECUTE FUNCTION refuse_completion();
    """  # given: the database refuses one task's completion (a disk or constraint error)
    with get_engine().begin() as conn:
        conn.exec_driver_sql(refuse)
    worker = start_rq_worker()
    try:
        wait_for(
            lambda: all(task_status(client, auth, t) == "completed" for t in ids if t != ids[4]),
            what="the nine tasks whose completion could be written",
        )
    finally:
        stop(worker)
        with get_engine().begin() as conn:
            conn.exec_driver_sql("DROP TRIGGER refuse_completion ON tasks")
            conn.exec_driver_sql("DROP FUNCTION refuse_completion()")

    assert task_status(client, auth, ids[4]) == "running"  # the sweeper's to retry
    assert [payments(t) for t in ids] == [0 if t == ids[4] else 1 for t in ids]
    assert client.get(f"/api/stores/{store_id}/credits", headers=auth).json()["balance"] == "91.00"


def test_a_worker_killed_mid_task_is_recovered_and_settled_once(
    client: TestClient, redis_db: object
) -> None:
    auth, store_id = seeded_store(client)
    slow = {
        "reviews": [
            {"text": "Lovely box but it arrived broken and smells cheap. " * 95, "rating": 3}
        ]
        * 200
    }
    task_id = client.post(
        "/api/tasks", headers=auth, json={"store_id": store_id, "type": SENTIMENT, "input": slow}
    ).json()["id"]

    doomed = start_rq_worker()
    wait_for(
        lambda: task_status(client, auth, task_id) == "running", timeout=30, what="the run to start"
    )
    os.kill(doomed.pid, signal.SIGKILL)
    doomed.wait(timeout=10)
    assert task_status(client, auth, task_id) == "running"

    with Session(get_engine()) as session:  # given: the run's deadline has passed
        session.execute(
            update(Task)
            .where(col(Task.id) == uuid.UUID(task_id))
            .values(started_at=utcnow() - timedelta(hours=1))
        )
        session.commit()
    get_redis().delete(f"rq:job:{get_task_job(task_id)}")  # RQ has given the job up
    counts = sweep_once()
    survivor = start_rq_worker()
    try:  # the sweeper runs every few seconds in production; here the test turns it
        wait_for(
            lambda: sweep_once() is not None and task_status(client, auth, task_id) == "completed",
            timeout=60,
            what="the retried run",
        )
    finally:
        stop(survivor)

    assert counts is not None and counts["recovered"] == 1
    task = client.get(f"/api/tasks/{task_id}", headers=auth).json()
    assert task["attempt"] == 2
    assert payments(task_id) == 1


def get_task_job(task_id: str) -> str:
    with Session(get_engine()) as session:
        task = session.get(Task, uuid.UUID(task_id))
        assert task is not None and task.rq_job_id
        return task.rq_job_id


def test_queued_tasks_survive_a_redis_flush(client: TestClient, redis_db: object) -> None:
    auth, store_id = seeded_store(client)
    task_id = client.post(
        "/api/tasks",
        headers=auth,
        json={"store_id": store_id, "type": SENTIMENT, "input": REVIEWS_INPUT},
    ).json()["id"]

    get_redis().flushdb()  # Redis restarted without persistence: every job is gone
    with Session(get_engine()) as session:  # given: a minute has passed since it was queued
        session.execute(
            update(Task)
            .where(col(Task.id) == uuid.UUID(task_id))
            .values(updated_at=utcnow() - timedelta(minutes=1))
        )
        session.commit()
    counts = sweep_once()
    worker = start_rq_worker()
    try:
        wait_for(lambda: task_status(client, auth, task_id) == "completed", what="completion")
    finally:
        stop(worker)

    assert counts is not None and counts["requeued"] == 1
    assert payments(task_id) == 1


def test_each_job_carries_its_definitions_timeout(client: TestClient, redis_db: object) -> None:
    auth, store_id = seeded_store(client)
    task_id = client.post(
        "/api/tasks",
        headers=auth,
        json={"store_id": store_id, "type": SENTIMENT, "input": REVIEWS_INPUT},
    ).json()["id"]
    timeout = client.get(f"/api/task-definitions/{SENTIMENT}", headers=auth).json()[
        "timeout_seconds"
    ]

    job = Job.fetch(get_task_job(task_id), connection=get_redis())

    assert job.timeout == timeout
    assert job.args == (task_id,)


def test_an_ai_task_runs_on_openai_through_a_real_worker(
    client: TestClient, redis_db: object
) -> None:
    from bizq_app.tasks.models import Worker
    from tests.standins.ai_server import AIStandIn

    stand_in = AIStandIn()
    auth, store_id = seeded_store(client)
    with Session(get_engine()) as session:  # what `prepare` does when OPENAI_API_KEY is set
        session.execute(
            update(Worker).where(col(Worker.provider) == "openai").values(is_active=True)
        )
        session.commit()
    env = {"OPENAI_API_KEY": "sk-test", "BIZQ_OPENAI_BASE_URL": f"{stand_in.url}/v1"}
    worker = start_rq_worker(env)
    try:
        created = client.post(
            "/api/tasks",
            headers=auth,
            json={
                "store_id": store_id,
                "type": "product.price_optimization",
                "input": {"product_id": str(uuid.uuid4()), "goal": "maximize_profit"},
            },
        )
        task_id = created.json()["id"]
        wait_for(
            lambda: task_status(client, auth, task_id) == "awaiting_review", what="the OpenAI run"
        )
    finally:
        stop(worker)
        stand_in.close()
        with Session(get_engine()) as session:
            session.execute(
                update(Worker).where(col(Worker.provider) == "openai").values(is_active=False)
            )
            session.commit()

    task = client.get(f"/api/tasks/{task_id}", headers=auth).json()
    sent = stand_in.requests[0]["body"]
    assert sent["model"] == "gpt-4o-mini"
    assert sent["response_format"]["json_schema"]["name"] == "product_price_optimization"
    assert task["output"]["rationale"].endswith("from the stand-in")
    assert payments(task_id) == 0  # waits for the owner's approval before it is charged


def use_own_openai_key(client: TestClient, auth: dict[str, str], store_id: str, key: str) -> str:
    """The owner saves an OpenAI key for the store and picks OpenAI; returns the owner's id."""
    from bizq_app.tasks import ai_settings

    owner = client.get("/api/auth/me", headers=auth).json()["id"]
    user_id, store = uuid.UUID(owner), uuid.UUID(store_id)
    with Session(get_engine()) as session:
        ai_settings.save_key(
            session=session, user_id=user_id, store_id=store, provider="openai", api_key=key
        )
        ai_settings.choose_provider(
            session=session, user_id=user_id, store_id=store, provider="openai"
        )
        session.commit()
    return owner


def test_answers_that_keep_breaking_the_schema_go_to_a_person_or_fail(
    client: TestClient, redis_db: object
) -> None:
    from tests.standins.ai_server import AIStandIn

    stand_in = AIStandIn().then(*["invalid"] * 6)  # three asks for each of two tasks
    auth, store_id = seeded_store(client)
    use_own_openai_key(client, auth, store_id, "sk-store-own-key-0123456789abcdef")
    worker = start_rq_worker({"BIZQ_OPENAI_BASE_URL": f"{stand_in.url}/v1"})
    try:
        brand, catalog = (
            client.post(
                "/api/tasks",
                headers=auth,
                json={"store_id": store_id, "type": kind, "input": {"niche": "candles"}},
            ).json()["id"]
            for kind in ("brand.create_identity", "product.generate_catalog")
        )
        wait_for(lambda: task_status(client, auth, catalog) == "failed", what="the failure")
        wait_for(lambda: len(stand_in.requests) >= 6, what="the brand's three asks")
        wait_for(
            lambda: "person" in str(task_of(client, auth, brand)["status_reason"]),
            what="the hand-over",
        )
    finally:
        stop(worker)
        stand_in.close()

    handed = task_of(client, auth, brand)  # AI or a person may do brand work: a person gets it
    assert handed["status"] == "queued" and handed["worker_id"] is None
    assert "broke the schema after 3 attempts" in handed["status_reason"]
    writer = signup(client, f"writer-{uuid.uuid4().hex[:6]}@example.com")
    ana = client.post("/api/workers", headers=writer, json={"name": "Ana", "skills": ["brand"]})
    client.put(f"/api/stores/{store_id}/workers/{ana.json()['id']}", headers=auth)
    inbox = client.get("/api/inbox", headers=writer).json()["items"]
    assert brand in [t["task_id"] for t in inbox]
    failed = task_of(client, auth, catalog)  # AI only: it fails, and is not charged
    assert "broke the schema" in failed["status_reason"]
    assert payments(catalog) == 0


def test_a_stores_own_key_is_used_and_its_spend_recorded(
    client: TestClient, redis_db: object
) -> None:
    from bizq_app.tasks import ai_settings
    from tests.standins.ai_server import AIStandIn

    stand_in = AIStandIn()
    auth, store_id = seeded_store(client)
    owner_key = "sk-store-own-key-0123456789abcdef"
    owner = use_own_openai_key(client, auth, store_id, owner_key)
    worker = start_rq_worker({"BIZQ_OPENAI_BASE_URL": f"{stand_in.url}/v1"})  # no platform key
    try:
        task_id = client.post(
            "/api/tasks",
            headers=auth,
            json={
                "store_id": store_id,
                "type": "customer.analyze_review_sentiment",
                "input": REVIEWS_INPUT,
            },
        ).json()["id"]
        wait_for(lambda: task_status(client, auth, task_id) == "completed", what="the run")
    finally:
        stop(worker)
        stand_in.close()

    assert stand_in.requests[0]["headers"]["authorization"] == f"Bearer {owner_key}"
    with Session(get_engine()) as session:
        spend = ai_settings.spend(
            session=session, user_id=uuid.UUID(owner), store_id=uuid.UUID(store_id)
        )
    assert [(s.provider, s.calls, s.input_tokens) for s in spend] == [("openai", 1, 120)]
