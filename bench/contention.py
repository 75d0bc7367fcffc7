"""A seller's orders page while others push big or slow bodies at the same BizQ: the p50
and p95 of one client's ``GET /api/orders`` idle, then while a second client uploads a
50 MB product CSV over and over and a third trickles a webhook body a few bytes at a
time. Run on the embedded default (``--embedded``: SQLite, in-process worker) or on
PostgreSQL + Redis. Prints JSON.

Usage: ``python bench/contention.py [--embedded] [--requests 200]``.
"""

from __future__ import annotations

import argparse
import json
import threading
import time
from collections import Counter
from collections.abc import Iterator

import httpx
from common import machine, owner_with_store, percentile, serving, use_bench_services

CSV_BYTES = 50 * 1024 * 1024
NOWHERE = "00000000-0000-4000-8000-000000000000"


def seed(url: str) -> dict[str, str]:
    """An owner with a product and 30 paid orders; their Authorization header."""
    with httpx.Client(base_url=url, timeout=60) as client:
        auth, store_id = owner_with_store(client)
        slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]
        product = client.post(
            "/api/products",
            headers=auth,
            json={"store_id": store_id, "title": "Mat", "price": "20.00", "status": "active"}
            | {"inventory_quantity": 1000},
        ).json()["id"]
        for n in range(30):
            client.post(
                f"/api/storefront/{slug}/checkout",
                json={
                    "email": f"buyer{n}@example.com",
                    "name": "Buyer",
                    "address": {"line1": "1 Main St", "city": "Austin", "postal_code": "78701"}
                    | {"country": "US"},
                    "lines": [{"product_id": product, "quantity": 1}],
                    "payment_method": "4242424242424242",
                },
            )
        return auth | {"store_id": store_id}


def timed_reads(url: str, auth: dict[str, str], count: int) -> list[float]:
    headers = {"Authorization": auth["Authorization"]}
    times = []
    with httpx.Client(base_url=url, timeout=120) as client:
        for _ in range(count):
            started = time.perf_counter()
            query = {"store_id": auth["store_id"]}
            answer = client.get("/api/orders", params=query, headers=headers)
            times.append((time.perf_counter() - started) * 1000)
            assert answer.status_code == 200, answer.text
    return times


def csv_body() -> Iterator[bytes]:
    row = b"Cotton tote,Plain cotton tote bag,12.00,TOTE-1\n"
    yield b"title,description,price,sku\n"
    sent = 0
    while sent < CSV_BYTES:
        chunk = row * 4096
        sent += len(chunk)
        yield chunk


def trickle() -> Iterator[bytes]:
    for _ in range(600):
        time.sleep(0.1)
        yield b"{"


def loaders(
    url: str, auth: dict[str, str], stop: threading.Event, seen: list[str]
) -> list[threading.Thread]:
    def upload() -> None:
        with httpx.Client(base_url=url, timeout=300) as client:
            while not stop.is_set():
                try:
                    answer = client.post(
                        "/api/products/import",
                        params={"store_id": auth["store_id"]},
                        headers={"Authorization": auth["Authorization"]}
                        | {"Content-Type": "text/csv"},
                        content=csv_body(),
                    )
                    seen.append(f"upload {answer.status_code}")
                except httpx.HTTPError as exc:  # the server may cut a body it refuses
                    seen.append(f"upload {type(exc).__name__}")

    def webhook() -> None:
        with httpx.Client(base_url=url, timeout=300) as client:
            while not stop.is_set():
                try:
                    answer = client.post(
                        f"/api/channels/{NOWHERE}/webhooks/shopify/orders",
                        headers={"Content-Type": "application/json"},
                        content=trickle(),
                    )
                    seen.append(f"webhook {answer.status_code}")
                except httpx.HTTPError as exc:
                    seen.append(f"webhook {type(exc).__name__}")

    return [threading.Thread(target=upload, daemon=True), threading.Thread(target=webhook)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--embedded", action="store_true")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    if not args.embedded:
        use_bench_services()
    with serving(embedded=args.embedded) as url:
        auth = seed(url)
        timed_reads(url, auth, 20)  # warm-up
        idle = timed_reads(url, auth, args.requests)
        stop, seen = threading.Event(), []
        threads = loaders(url, auth, stop, seen)
        for thread in threads:
            thread.start()
        time.sleep(2)  # both loads under way
        loaded = timed_reads(url, auth, args.requests)
        stop.set()
    idle_p95, loaded_p95 = percentile(idle, 95), percentile(loaded, 95)
    print(
        json.dumps(
            {
                "benchmark": "contention",
                "database": "sqlite (embedded)" if args.embedded else "postgresql",
                "requests": args.requests,
                "idle_ms": {"p50": percentile(idle, 50), "p95": idle_p95},
                "loaded_ms": {"p50": percentile(loaded, 50), "p95": loaded_p95},
                "p95_ratio": round(loaded_p95 / idle_p95, 2),
                "load_answers": dict(Counter(seen)),
                "machine": machine(),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
