"""RQ workers: ``rq worker -w bizq_app.jobs.worker.Worker`` (``make worker``) against a
real Redis, and the in-process one of the embedded default."""

from __future__ import annotations

import logging
import threading

from redis import Redis
from rq import Queue, SimpleWorker
from rq.timeouts import TimerDeathPenalty

from bizq_app.core.queue import QUEUE_NAMES, get_redis

log = logging.getLogger(__name__)


class Worker(SimpleWorker):
    """``make worker``'s class. Loading it loads BizQ's jobs (this package wires every
    domain), so a worker is ready for its first job when it registers, not seconds later."""


class ThreadWorker(SimpleWorker):
    """A SimpleWorker that can live in a thread: timer-based timeouts, no signal handlers."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self) -> None:
        """Signals belong to the web process; the thread stops with it."""


def start_embedded_worker(connection: Redis | None = None) -> ThreadWorker:
    """Run a worker on every BizQ queue in a daemon thread of this process."""
    connection = connection or get_redis()
    queues = [Queue(name, connection=connection) for name in QUEUE_NAMES]
    worker = ThreadWorker(queues, connection=connection)
    thread = threading.Thread(
        target=worker.work,
        kwargs={"logging_level": "WARNING"},
        name="bizq-embedded-worker",
        daemon=True,
    )
    thread.start()
    log.info("embedded RQ worker %s started", worker.name)
    return worker
