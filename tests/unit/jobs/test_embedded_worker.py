"""The embedded default's queue: fakeredis plus a worker thread, same RQ code path."""

from __future__ import annotations

import time

import fakeredis
from rq import Queue, Worker

from bizq_app.core.queue import DEFAULT_QUEUE
from bizq_app.jobs.worker import start_embedded_worker


def test_a_thread_worker_runs_jobs_from_the_in_process_redis() -> None:
    connection = fakeredis.FakeRedis(server=fakeredis.FakeServer())
    worker = start_embedded_worker(connection)

    job = Queue(DEFAULT_QUEUE, connection=connection).enqueue("bizq_app.jobs.system.echo", "hi")
    deadline = time.monotonic() + 10
    while job.get_status(refresh=True) != "finished" and time.monotonic() < deadline:
        time.sleep(0.02)

    assert job.return_value() == "hi"
    assert [w.name for w in Worker.all(connection=connection)] == [worker.name]
