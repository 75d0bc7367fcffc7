"""Requests per second of ``GET /api/orders`` with a token, on the embedded default (SQLite,
in-process Redis), served by the REST app alone under granian: with one token over and
over (the plan quota knows its login session) and with many tokens each used once per
``--gap`` seconds (longer than the quota keeps a session, so every request is the first of
its session in the process). Prints JSON. Usage:
``PYTHONPATH=. python bench/login_lookup.py [--sessions 100] [--passes 3]``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from common import ROOT, embedded_env, free_port, machine, owner_with_store, percentile

PASSWORD = "bench-password-1"


@contextmanager
def api_alone() -> Iterator[str]:
    """The REST app under granian (Reflex's own server), on a fresh embedded default;
    yields its URL."""
    port = free_port()
    env = embedded_env(port)
    prepare = [sys.executable, "-m", "bizq_app", "prepare"]
    subprocess.run(prepare, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    granian = str(Path(sys.executable).with_name("granian"))
    command = [granian, "--interface", "asgi", "--factory", "--port", str(port), "--no-ws"]
    process = subprocess.Popen(
        [*command, "--log-level", "warning", "bizq_app.api.app:build_api"], env=env, cwd=ROOT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/api/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def timed(client: httpx.Client, path: str, tokens: list[str]) -> list[float]:
    times = []
    for token in tokens:
        started = time.perf_counter()
        answer = client.get(path, headers={"Authorization": f"Bearer {token}"})
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, answer.text
    return times


def figures(times: list[float]) -> dict[str, float]:
    return {
        "requests": len(times),
        "requests_per_s": round(len(times) / (sum(times) / 1000), 1),
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=100)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--gap", type=float, default=11.0)
    args = parser.parse_args()
    with api_alone() as url, httpx.Client(base_url=url, timeout=30) as client:
        email = f"bench-login-{time.time_ns()}@example.com"
        auth, store_id = owner_with_store(client, email=email)
        path = f"/api/orders?store_id={store_id}"
        one = auth["Authorization"].removeprefix("Bearer ")
        timed(client, path, [one] * 50)  # warm-up
        warm = timed(client, path, [one] * args.requests)
        login = {"email": email, "password": PASSWORD}
        tokens = [
            client.post("/api/auth/login", json=login).json()["access_token"]
            for _ in range(args.sessions)
        ]
        cold: list[float] = []
        for _ in range(args.passes):
            time.sleep(args.gap)  # the quota forgets every session it saw
            cold += timed(client, path, tokens)
    print(
        json.dumps(
            {
                "benchmark": "GET /api/orders with a token, embedded default, REST app alone",
                "machine": machine(),
                "one_token_again_and_again": figures(warm),
                "first_request_of_each_session": figures(cold),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
