"""Latency of ``POST /api/tasks`` on PostgreSQL (validate, quote, reserve, store, enqueue).

BizQ runs as ``make run`` runs it, with PostgreSQL and Redis; one client sends
requests one after another over a kept-alive connection. Prints JSON.
Usage: ``python bench/task_create.py [--requests 2000]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import httpx
from common import (
    SENTIMENT,
    TINY_INPUT,
    machine,
    owner_with_store,
    percentile,
    serving,
    use_bench_services,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    use_bench_services()
    with serving() as url, httpx.Client(base_url=url, timeout=30) as client:
        auth, store_id = owner_with_store(client, credits=args.requests + 100)
        body = {"store_id": store_id, "type": SENTIMENT, "input": TINY_INPUT}
        for _ in range(50):  # warm up connections and caches
            client.post("/api/tasks", json=body, headers=auth)
        timings = []
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.post("/api/tasks", json=body, headers=auth)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 201, response.text
    print(
        json.dumps(
            {
                "benchmark": "POST /api/tasks latency (PostgreSQL + Redis, sequential client)",
                "machine": machine(),
                "requests": len(timings),
                "p50_ms": percentile(timings, 50),
                "p99_ms": percentile(timings, 99),
                "mean_ms": round(statistics.fmean(timings), 2),
                "max_ms": round(max(timings), 2),
                "target_p99_ms": 50,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
