"""Shared set-up for the benchmarks: a fresh PostgreSQL database, Redis, BizQ serving."""

from __future__ import annotations

import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bizq_app.core import rate_limits

ROOT = Path(__file__).resolve().parents[1]
PG_URL = os.environ.get(
    "BIZQ_BENCH_DATABASE_URL", "postgresql+psycopg://postgres:postgres@127.0.0.1:5432/bizq_bench"
)
REDIS_URL = os.environ.get("BIZQ_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
SECRET = "bench-secret-key-that-is-long-enough-for-hs256"
SENTIMENT = "customer.analyze_review_sentiment"
TINY_INPUT = {"reviews": [{"text": "Lovely candle, fast delivery", "rating": 5}]}


# a benchmark is one address sending thousands of requests: lift the rate limits
NO_LIMITS = json.dumps({rule: "10000000/minute" for rule in rate_limits.DEFAULTS})


def bench_env(port: int = 0) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIZQ_")}
    env.update(
        BIZQ_RATE_LIMITS=NO_LIMITS,
        BIZQ_DATABASE_URL=PG_URL,
        BIZQ_REDIS_URL=REDIS_URL,
        BIZQ_SECRET_KEY=SECRET,
        BIZQ_DATA_DIR=str(ROOT / "data" / "bench"),
    )
    if port:
        env["BIZQ_PORT"] = str(port)
    return env


def use_bench_services() -> None:
    """Point this process's BizQ at the benchmark database and Redis, emptied."""
    os.environ.update(bench_env())
    target = make_url(PG_URL)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()
    subprocess.run(
        [sys.executable, "-m", "bizq_app", "prepare"],
        check=True,
        env=bench_env(),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    from bizq_app.core.queue import get_redis

    get_redis().flushdb()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def embedded_env(port: int) -> dict[str, str]:
    """``make run``'s own default: SQLite in a fresh folder, in-process queue and worker."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIZQ_")}
    data = ROOT / "data" / f"bench-embedded-{time.time_ns()}"
    env.update(BIZQ_DATA_DIR=str(data), BIZQ_PORT=str(port), BIZQ_RATE_LIMITS=NO_LIMITS)
    return env


@contextmanager
def serving(embedded: bool = False, extra: dict[str, str] | None = None) -> Iterator[str]:
    """BizQ started as ``make run`` starts it, on PostgreSQL and Redis (or on its embedded
    default), with ``extra`` settings; yields its URL."""
    port = free_port()
    (ROOT / "data").mkdir(exist_ok=True)
    log = (ROOT / "data" / "bench-server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "bizq_app", "serve"],
        cwd=ROOT,
        env={**(embedded_env(port) if embedded else bench_env(port)), **(extra or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)


@contextmanager
def rq_workers(
    count: int, queue: str = "bizq", extra: dict[str, str] | None = None
) -> Iterator[list[subprocess.Popen[bytes]]]:
    rq = str(Path(sys.executable).with_name("rq"))
    processes = [
        subprocess.Popen(
            [
                rq,
                "worker",
                "-w",
                "bizq_app.jobs.worker.Worker",
                "--url",
                REDIS_URL,
                "--logging_level",
                "ERROR",
                queue,
            ],
            cwd=ROOT,
            env={**bench_env(), **(extra or {})},
        )
        for _ in range(count)
    ]
    time.sleep(3)
    try:
        yield processes
    finally:
        for p in processes:
            p.terminate()
        for p in processes:
            p.wait(timeout=30)


def owner_with_store(
    client: httpx.Client, credits: int = 0, email: str = ""
) -> tuple[dict[str, str], str]:
    email = email or f"bench-{time.time_ns()}@example.com"
    token = client.post(
        "/api/auth/signup", json={"email": email, "password": "bench-password-1"}
    ).json()
    auth = {"Authorization": f"Bearer {token['access_token']}"}
    store_id = client.post("/api/stores", json={"name": "Bench"}, headers=auth).json()["id"]
    remaining = credits
    while remaining > 0:  # bought with a test card from the offline test payments
        chunk = min(remaining, 100000)
        client.post(
            f"/api/stores/{store_id}/credits/purchases",
            json={"credits": chunk, "payment_method": "4242 4242 4242 4242"},
            headers=auth,
        )
        remaining -= chunk
    return auth, store_id


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))
    return round(ordered[index], 2)


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }
