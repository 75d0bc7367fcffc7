"""Twenty approvals of the same thing at once, on PostgreSQL and on the embedded SQLite
default: one decision, one set of follow-up tasks, no 5xx; an e-mail job delivered
twenty times sends one e-mail."""

from __future__ import annotations

import uuid
from collections import Counter

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from bizq_app.core.db import session_scope
from bizq_app.core.settings import get_settings
from bizq_app.jobs import notifications as notification_jobs
from bizq_app.sales.models import Notification
from tests.integration.approvals.test_approvals import price_review, queue, scan, shop_selling
from tests.integration.conftest import THREADS, at_once, codes
from tests.integration.sales.test_order_pipeline import smtp_inbox
from tests.integration.sales.test_orders import cart, shop


def test_a_suggestion_approved_twenty_times_at_once_starts_its_tasks_once(
    any_client: TestClient,
) -> None:
    auth, store_id, _ = shop_selling(any_client, per_day=1, stock=3)
    scan(any_client, auth, store_id)
    [item] = queue(any_client, auth, store_id)
    choice = {"items": [{"kind": "suggestion", "id": item["id"]}], "decision": "approve"}

    responses = at_once(
        THREADS, lambda _n: any_client.post("/api/approvals/decide", headers=auth, json=choice)
    )

    assert codes(responses)[200] == 1
    assert set(codes(responses)) <= {200, 409, 422}, [r.text for r in responses]
    tasks = any_client.get(f"/api/tasks?store_id={store_id}", headers=auth).json()["items"]
    assert Counter(t["type"] for t in tasks) == Counter({"operations.reorder_stock": 1})


def test_a_task_approved_twenty_times_at_once_is_charged_once(any_client: TestClient) -> None:
    auth, store_id, product_id = shop_selling(any_client, per_day=1, stock=3)
    task_id = price_review(any_client, auth, store_id, product_id)
    before = any_client.get(f"/api/stores/{store_id}/credits", headers=auth).json()

    responses = at_once(
        THREADS, lambda _n: any_client.post(f"/api/tasks/{task_id}/approve", headers=auth)
    )

    assert codes(responses) == Counter({200: 1, 409: THREADS - 1}), [r.text for r in responses]
    after = any_client.get(f"/api/stores/{store_id}/credits", headers=auth).json()
    task = any_client.get(f"/api/tasks/{task_id}", headers=auth).json()
    assert task["status"] == "completed"
    spent = float(before["balance"]) - float(after["balance"])
    assert spent == float(task["cost"])  # charged once


def test_an_email_job_delivered_twenty_times_sends_it_once(
    any_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth, store_id, slug, product_id = shop(any_client, stock=5)
    placed = any_client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id))
    shipped = any_client.post(f"/api/orders/{placed.json()['id']}/fulfill", json={}, headers=auth)
    assert shipped.status_code == 200, shipped.text  # the buyer is told: one e-mail queued
    with session_scope() as session:
        mail = session.exec(
            select(Notification).where(Notification.store_id == uuid.UUID(store_id))
        ).first()
        assert mail is not None
        mail_id = str(mail.id)
    with smtp_inbox() as (inbox, port):
        monkeypatch.setenv("BIZQ_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("BIZQ_SMTP_PORT", str(port))
        get_settings.cache_clear()
        try:
            outcomes = at_once(THREADS, lambda _n: notification_jobs.deliver(mail_id))
        finally:
            monkeypatch.undo()
            get_settings.cache_clear()

    assert len(inbox.messages) == 1  # the other nineteen jobs found it claimed or sent
    assert set(outcomes) <= {"queued", "sending", "sent"}
    with session_scope() as session:
        row = session.get(Notification, uuid.UUID(mail_id))
        assert row is not None and row.status == "sent"
