"""Is BizQ healthy? The database answers and the queue is reachable and worked."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from redis.exceptions import RedisError
from rq import Worker
from rq.job import JobStatus
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from bizq_app.core.queue import QUEUE_NAMES, get_queue, get_redis
from bizq_app.core.settings import get_settings

ECHO_JOB = "bizq_app.jobs.system.echo"


@dataclass(frozen=True)
class Health:
    """The state of each part BizQ depends on."""

    ok: bool
    database: dict[str, Any] = field(default_factory=dict)
    queue: dict[str, Any] = field(default_factory=dict)


def check(*, session: Session, round_trip: bool = False) -> Health:
    """Ask the database and the queue whether they are up.

    With ``round_trip`` a job is sent through the queue and must come back
    within a few seconds, proving that a worker is taking jobs.
    """
    database = _database(session)
    queue = _queue()
    if round_trip and queue["ok"]:
        queue["round_trip_ms"] = _round_trip()
        queue["ok"] = queue["round_trip_ms"] is not None
    return Health(ok=database["ok"] and queue["ok"], database=database, queue=queue)


def _round_trip(timeout: float = 5.0) -> float | None:
    token = uuid.uuid4().hex
    started = time.perf_counter()
    job = get_queue().enqueue(ECHO_JOB, token, result_ttl=30, ttl=int(timeout) + 1)
    while time.perf_counter() - started < timeout:
        if job.get_status(refresh=True) == JobStatus.FINISHED:
            return (
                round((time.perf_counter() - started) * 1000, 1)
                if job.return_value() == token
                else None
            )
        time.sleep(0.02)
    job.cancel()
    return None


def _database(session: Session) -> dict[str, Any]:
    dialect = session.get_bind().dialect.name
    try:
        session.exec(text("SELECT 1"))  # type: ignore[call-overload]
    except SQLAlchemyError as exc:
        return {"ok": False, "backend": dialect, "error": str(exc.__class__.__name__)}
    return {"ok": True, "backend": dialect}


def _queue() -> dict[str, Any]:
    embedded = get_settings().uses_embedded_redis
    backend = "embedded" if embedded else "redis"
    try:
        get_redis().ping()
        workers = len(Worker.all(connection=get_redis()))
        queued = {name: get_queue(name).count for name in QUEUE_NAMES}
    except RedisError as exc:
        return {"ok": False, "backend": backend, "error": str(exc.__class__.__name__)}
    return {"ok": True, "backend": backend, "workers": workers, "queued": queued}
