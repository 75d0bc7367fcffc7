"""Redis and RQ queues: the real server when ``BIZQ_REDIS_URL`` is set,
an in-process substitute (fakeredis) on the embedded default."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import Any

import fakeredis
from redis import Redis
from rq import Queue
from rq.command import send_stop_job_command
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job, JobStatus
from sqlmodel import Session

from bizq_app.core.db import on_commit, tx_cache
from bizq_app.core.settings import get_settings

DEFAULT_QUEUE = "bizq"
QUEUE_NAMES = (DEFAULT_QUEUE,)


@lru_cache
def _embedded_server() -> fakeredis.FakeServer:
    return fakeredis.FakeServer()


@lru_cache
def get_redis() -> Redis:
    """The Redis connection every queue and event in this process uses."""
    settings = get_settings()
    if settings.redis_url is not None:
        return Redis.from_url(settings.redis_url)
    return fakeredis.FakeRedis(server=_embedded_server())


def get_queue(name: str = DEFAULT_QUEUE) -> Queue:
    """The RQ queue called ``name``."""
    return Queue(name, connection=get_redis())


RUN_TASK_JOB = "bizq_app.jobs.tasks.run_task"
RUN_TASKS_JOB = "bizq_app.jobs.tasks.run_tasks"
JOB_GRACE_SECONDS = 30


def enqueue_task(task_id: str, job_id: str, timeout_seconds: int) -> None:
    """Put a task's run on the queue; the job stops after the definition's timeout."""
    get_queue().enqueue(
        RUN_TASK_JOB,
        task_id,
        job_id=job_id,
        job_timeout=timeout_seconds,
        result_ttl=0,
        failure_ttl=24 * 3600,
    )


def enqueue_tasks(task_ids: list[str], job_id: str, timeout_seconds: int) -> None:
    """Put the runs of several tasks on the queue as one job that runs them one after
    another (``timeout_seconds`` each); a single task gets its own ``run_task`` job."""
    if len(task_ids) == 1:
        enqueue_task(task_ids[0], job_id, timeout_seconds)
    elif task_ids:
        get_queue().enqueue(
            RUN_TASKS_JOB,
            task_ids,
            job_id=job_id,
            job_timeout=timeout_seconds * len(task_ids),
            result_ttl=0,
            failure_ttl=24 * 3600,
        )


def stop_job(job_id: str) -> None:
    """Take a job off the queue, or ask the worker running it to stop it."""

    try:
        job = Job.fetch(job_id, connection=get_redis())
    except NoSuchJobError:
        return
    try:
        if job.get_status() == JobStatus.STARTED:
            send_stop_job_command(get_redis(), job_id)
        else:
            job.cancel()
    except InvalidJobOperation:
        pass  # it finished meanwhile; the task's status guard ignores its result


def job_pending(job_id: str | None) -> bool:
    """True while a job is waiting, scheduled or running in Redis."""

    if job_id is None:
        return False
    try:
        status = Job.fetch(job_id, connection=get_redis()).get_status()
    except NoSuchJobError:
        return False
    return status in (JobStatus.QUEUED, JobStatus.STARTED, JobStatus.SCHEDULED, JobStatus.DEFERRED)


def new_job_id(task_id: object, attempt: int) -> str:
    """A fresh job id for a task's next run (RQ ids allow letters, digits, '-' and '_')."""
    return f"task_{task_id}_{attempt}_{secrets.token_hex(3)}"


def get_async_redis() -> Any:
    """An asyncio Redis client on the same server (or embedded substitute) as ``get_redis``."""
    settings = get_settings()
    if settings.redis_url is not None:
        from redis.asyncio import Redis as AsyncRedis

        return AsyncRedis.from_url(settings.redis_url)
    return fakeredis.FakeAsyncRedis(server=_embedded_server())


@dataclass
class _Outbox:
    """What a transaction has Redis do once it commits."""

    jobs: list[tuple[str, tuple[object, ...]]] = field(default_factory=list)
    messages: list[tuple[str, str]] = field(default_factory=list)  # (channel, message)


_OUTBOX = "bizq_redis_outbox"


def enqueue_on_commit(session: Session, job: str, *args: object) -> None:
    """Enqueue ``job`` (a dotted path, its result not kept) once ``session`` commits;
    nothing when it rolls back. A transaction's jobs and ``publish_on_commit`` messages
    reach Redis together, in one round trip."""
    _outbox(session).jobs.append((job, args))


def publish_on_commit(session: Session, channel: str, message: str) -> None:
    """Publish ``message`` on the Redis ``channel`` once ``session`` commits (with the
    transaction's other Redis work, in one round trip)."""
    _outbox(session).messages.append((channel, message))


def _outbox(session: Session) -> _Outbox:
    cache = tx_cache(session)  # dropped with the transaction, committed or not
    outbox = cache.get(_OUTBOX)
    if not isinstance(outbox, _Outbox):
        outbox = cache[_OUTBOX] = _Outbox()
        on_commit(session, partial(_send, outbox))
    return outbox


def _send(outbox: _Outbox) -> None:
    pipe = get_redis().pipeline(transaction=False)
    if outbox.jobs:
        queue = get_queue()
        jobs = [Queue.prepare_data(job, args, result_ttl=0) for job, args in outbox.jobs]
        queue.enqueue_many(jobs, pipeline=pipe)
    for channel, message in outbox.messages:
        pipe.publish(channel, message)
    pipe.execute()
