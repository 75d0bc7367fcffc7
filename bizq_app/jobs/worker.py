"""RQ workers: the in-process one of the embedded default, and the entry
point ``make worker`` runs against a real Redis."""

from __future__ import annotations

import logging
import threading
from typing import Any

from rq import SimpleWorker
from rq.timeouts import TimerDeathPenalty

from bizq_app.core.queue import QUEUE_NAMES, get_queue, get_redis

log = logging.getLogger(__name__)


class ThreadWorker(SimpleWorker):
    """A SimpleWorker that can live in a thread: timer-based timeouts, no signal handlers."""

    death_penalty_class = TimerDeathPenalty

    def _install_signal_handlers(self) -> None:
        """Signals belong to the web process; the thread stops with it."""


def build_worker(cls: type[SimpleWorker] = SimpleWorker) -> SimpleWorker:
    """A worker on every BizQ queue."""
    return cls([get_queue(name) for name in QUEUE_NAMES], connection=get_redis())


def start_embedded_worker() -> threading.Thread:
    """Run a worker in a daemon thread of this process (the embedded default)."""
    worker = build_worker(ThreadWorker)
    thread = threading.Thread(
        target=_work, args=(worker,), name="bizq-embedded-worker", daemon=True
    )
    thread.start()
    log.info("embedded RQ worker %s started", worker.name)
    return thread


def _work(worker: Any) -> None:
    worker.work(logging_level="WARNING")
