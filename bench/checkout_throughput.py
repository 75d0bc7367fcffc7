"""Checkout throughput through the storefront's order endpoint (PostgreSQL + Redis, BizQ's
offline test payments): several clients check out at once for a minute. Prints orders/s
and latency percentiles as JSON.

Usage: ``python bench/checkout_throughput.py [--seconds 30] [--clients 8]``.
"""

from __future__ import annotations

import argparse
import json
import threading
import time

import httpx
from common import machine, owner_with_store, percentile, serving, use_bench_services

ADDRESS = {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201", "country": "US"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    use_bench_services()
    with serving() as url, httpx.Client(base_url=url, timeout=30) as client:
        auth, store_id = owner_with_store(client)
        slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]
        products = [
            client.post(
                "/api/products",
                headers=auth,
                json={
                    "store_id": store_id,
                    "title": f"Candle {i}",
                    "price": "24.00",
                    "inventory_quantity": 1_000_000,
                    "status": "active",
                },
            ).json()["id"]
            for i in range(20)
        ]
        timings: list[float] = []
        failures: list[int] = []
        deadline = time.monotonic() + args.seconds

        def buyer(n: int) -> None:
            with httpx.Client(base_url=url, timeout=30) as own:
                i = 0
                while time.monotonic() < deadline:
                    body = {
                        "email": f"buyer{n}-{i}@example.com",
                        "name": "Bench Buyer",
                        "address": ADDRESS,
                        "lines": [{"product_id": products[(n + i) % len(products)], "quantity": 1}],
                        "payment_method": "4242424242424242",
                    }
                    started = time.perf_counter()
                    response = own.post(f"/api/storefront/{slug}/checkout", json=body)
                    timings.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 201:
                        failures.append(response.status_code)
                    i += 1

        started = time.monotonic()
        threads = [threading.Thread(target=buyer, args=(n,)) for n in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
    print(
        json.dumps(
            {
                "benchmark": "storefront checkout, offline test payments (PostgreSQL + Redis)",
                "machine": machine(),
                "clients": args.clients,
                "seconds": round(elapsed, 1),
                "orders": len(timings) - len(failures),
                "failures": len(failures),
                "orders_per_second": round((len(timings) - len(failures)) / elapsed, 1),
                "p50_ms": percentile(timings, 50),
                "p99_ms": percentile(timings, 99),
                "target_orders_per_second": 250,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
