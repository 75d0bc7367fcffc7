from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from rq import Worker
from sqlalchemy.engine import Engine

from bizq_app.api.app import build_api
from bizq_app.core.db import get_engine
from bizq_app.core.queue import get_redis
from bizq_app.core.settings import get_settings
from tests.conftest import DATA_DIR, migrate
from tests.factories import PASSWORD

THREADS = 20  # requests sent at once by the race tests
T = TypeVar("T")


@pytest.fixture
def client(clean_db: Engine, redis_db: object) -> Iterator[TestClient]:
    """The REST API on the test PostgreSQL database and Redis, emptied after each test."""
    with TestClient(build_api(), raise_server_exceptions=False) as c:
        yield c


def signup(client: TestClient, email: str, name: str = "") -> dict[str, str]:
    """Sign up through the API; return the Authorization header for the new account."""
    response = client.post(
        "/api/auth/signup", json={"email": email, "password": PASSWORD, "full_name": name}
    )
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def start_rq_worker(env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """``make worker``'s command: a real ``rq worker`` process on the test Redis and database."""
    rq = Path(sys.executable).with_name("rq")
    before = len(Worker.all(connection=get_redis()))
    process = subprocess.Popen(
        [
            str(rq),
            "worker",
            "-w",
            "bizq_app.jobs.worker.Worker",
            "--url",
            os.environ["BIZQ_REDIS_URL"],
            "--logging_level",
            os.environ.get("BIZQ_TEST_WORKER_LOG", "WARNING"),
            "bizq",
        ],
        env={**os.environ, **(env or {})},
    )
    deadline = time.monotonic() + 60  # it registers once it has loaded BizQ's jobs
    while len(Worker.all(connection=get_redis())) <= before and time.monotonic() < deadline:
        time.sleep(0.05)
    return process


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask the worker to stop (it finishes its job first); kill it if it is still busy after
    30 s, so a slow job of a test that has seen what it waited for does not fail it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@pytest.fixture
def rq_worker(redis_db: object) -> Iterator[subprocess.Popen[bytes]]:
    process = start_rq_worker()
    yield process
    stop(process)


def wait_for(predicate: Callable[[], object], timeout: float = 20, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(params=["postgresql", "sqlite"])
def any_client(request: pytest.FixtureRequest, redis_db: object) -> Iterator[TestClient]:
    """The REST API on PostgreSQL, or on a new SQLite file as ``make run`` starts it."""
    if request.param == "postgresql":
        yield request.getfixturevalue("client")
        return
    with sqlite_client() as client:
        yield client


@contextmanager
def sqlite_client() -> Iterator[TestClient]:
    """The REST API on a new SQLite file, as ``make run`` starts it."""
    url = f"sqlite:///{DATA_DIR / f'races-{uuid.uuid4().hex}.db'}"
    migrate(url)
    before = os.environ["BIZQ_DATABASE_URL"]
    os.environ["BIZQ_DATABASE_URL"] = url
    get_settings.cache_clear()
    get_engine.cache_clear()
    try:
        with TestClient(build_api(), raise_server_exceptions=False) as client:
            yield client
    finally:
        get_engine().dispose()
        os.environ["BIZQ_DATABASE_URL"] = before
        get_settings.cache_clear()
        get_engine.cache_clear()


def at_once(count: int, act: Callable[[int], T]) -> list[T]:
    """``act(0)`` … ``act(count - 1)``, all at once on their own threads."""
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(act, range(count)))


def codes(responses: list[Response]) -> Counter[int]:
    return Counter(r.status_code for r in responses)


@contextmanager
def restored(*names: str) -> Iterator[None]:
    """The environment variables ``names`` as they are now again once the block ends, and
    BizQ's settings read afresh."""
    saved = {name: os.environ.get(name) for name in names}
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        get_settings.cache_clear()


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """BizQ's settings read ``values`` from the environment until the block ends."""
    with restored(*values):
        os.environ.update(values)
        get_settings.cache_clear()
        yield
