"""Server time of ``POST /api/templates/{id}/apply`` (PostgreSQL + Redis), cycling through
the three shipped templates. Prints JSON.

Usage: ``python bench/template_apply.py [--requests 300]``.
"""

from __future__ import annotations

import argparse
import json
import time

import httpx
from common import machine, owner_with_store, percentile, serving, use_bench_services


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    use_bench_services()
    with serving() as url, httpx.Client(base_url=url, timeout=30) as client:
        auth, store_id = owner_with_store(client)
        shipped = [
            t["id"]
            for t in client.get(f"/api/templates?store_id={store_id}", headers=auth).json()["items"]
            if t["store_id"] is None
        ]
        body = {"store_id": store_id}
        for i in range(20):  # warm up
            client.post(
                f"/api/templates/{shipped[i % len(shipped)]}/apply", json=body, headers=auth
            )
        timings = []
        for i in range(args.requests):
            started = time.perf_counter()
            response = client.post(
                f"/api/templates/{shipped[i % len(shipped)]}/apply", json=body, headers=auth
            )
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.text
    print(
        json.dumps(
            {
                "benchmark": "apply a shipped template (PostgreSQL + Redis, sequential client)",
                "machine": machine(),
                "requests": len(timings),
                "p50_ms": percentile(timings, 50),
                "p95_ms": percentile(timings, 95),
                "max_ms": round(max(timings), 2),
                "target_p95_ms": 200,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
