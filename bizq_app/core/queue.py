"""Redis and RQ queues: the real server when ``BIZQ_REDIS_URL`` is set,
an in-process substitute (fakeredis) on the embedded default."""

from __future__ import annotations

from functools import lru_cache

import fakeredis
from redis import Redis
from rq import Queue

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
