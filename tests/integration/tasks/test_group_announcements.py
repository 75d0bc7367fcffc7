"""A task that shares its job with others is seen completed as soon as it is accepted:
it never waits for the rest of its group to run."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bizq_app import executors
from bizq_app.core import events
from bizq_app.core.queue import get_queue, get_redis
from bizq_app.executors.store_data import StoreData
from bizq_app.jobs.tasks import run_tasks
from bizq_app.tasks.task_runs import Run
from tests.factories import REVIEWS_INPUT
from tests.integration.tasks.test_task_engine import SENTIMENT, payments, seeded_store, task_of

GROUP = 10


def test_the_first_task_of_a_group_is_announced_before_the_last_has_run(
    any_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth, store_id = seeded_store(any_client)
    created = any_client.post(
        "/api/tasks/batch",
        headers=auth,
        json={"store_id": store_id, "tasks": [{"type": SENTIMENT, "input": REVIEWS_INPUT}] * GROUP},
    ).json()["items"]
    ids = [t["id"] for t in created]
    (job,) = get_queue().jobs  # given: the ten tasks share one job
    last_may_run = threading.Event()
    rules = executors.REGISTRY[SENTIMENT]

    def last_waits(run: Run, data: StoreData) -> dict[str, Any]:
        if str(run.task_id) == ids[-1]:  # given: the group's last run takes as long as we say
            last_may_run.wait(timeout=60)
        return rules(run, data)

    monkeypatch.setitem(executors.REGISTRY, SENTIMENT, last_waits)
    watcher = get_redis().pubsub()
    watcher.subscribe(events.channel(store_id))
    worker = threading.Thread(target=run_tasks, args=job.args)

    worker.start()  # when: a worker runs the group's job
    try:
        seen_while_last_runs = announcements(watcher, until=(ids[0], "completed"))
    finally:
        last_may_run.set()
        worker.join(timeout=60)
    seen_after = announcements(watcher, until=(ids[-1], "completed"))
    watcher.close()

    # then: the first task was announced completed while the last one was still running
    assert (ids[0], "completed") in seen_while_last_runs
    assert (ids[-1], "completed") not in seen_while_last_runs
    assert (ids[-1], "completed") in seen_after
    assert [task_of(any_client, auth, t)["status"] for t in ids] == ["completed"] * GROUP
    assert [payments(t) for t in ids] == [1] * GROUP


def announcements(watcher: Any, until: tuple[str, str]) -> list[tuple[str, str]]:
    """The ``task.updated`` announcements (task, status) heard on the store's channel, in
    order, up to ``until`` (or for at most 20 s)."""
    heard: list[tuple[str, str]] = []
    deadline = time.monotonic() + 20
    while until not in heard and time.monotonic() < deadline:
        message = watcher.get_message(timeout=1)
        if message is None or message["type"] != "message":
            continue
        event = json.loads(message["data"])
        if event["type"] == "task.updated":
            heard.append((event["task_id"], event["status"]))
    return heard
