"""The scale dashboard (16 blocks) on a store with 100,000 orders (PostgreSQL + Redis):
time from navigation to a fully drawn page in Chromium, and the server time of
the figures behind it. Prints JSON. Usage: ``python bench/dashboard_load.py [--orders 100000]``.
"""

from __future__ import annotations

import argparse
import json
import random
import time
import uuid
from datetime import timedelta
from decimal import Decimal

import httpx
from common import machine, owner_with_store, percentile, serving, use_bench_services
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
STATUSES = ["paid", "shipped", "delivered", "paid", "refunded", "pending"]
DRAWN = (  # every block there, and the charts' bars drawn
    "document.querySelectorAll('#dashboard-grid .dashboard-block').length >= 15 && "
    "document.querySelectorAll('#dashboard-grid .recharts-bar-rectangle').length > 0"
)


def fill_orders(store_id: str, count: int) -> None:
    """Insert ``count`` orders over the last year in batches (set-up, not measured)."""
    from sqlalchemy import insert

    from bizq_app.core.columns import utcnow
    from bizq_app.core.db import session_scope
    from bizq_app.sales.models import Order

    now, rng = utcnow(), random.Random(7)
    for start in range(0, count, 5000):
        rows = []
        for number in range(start, min(start + 5000, count)):
            total = Decimal(rng.randint(900, 12000)) / 100
            rows.append(
                {
                    "id": uuid.uuid4(),
                    "store_id": uuid.UUID(store_id),
                    "number": number + 1,
                    "customer_email": f"buyer{number}@example.com",
                    "customer_name": "",
                    "status": STATUSES[number % len(STATUSES)],
                    "payment_status": "paid",
                    "fulfilment_route": "dropship",
                    "currency": "USD",
                    "subtotal": total,
                    "shipping": Decimal("0"),
                    "tax": Decimal("0"),
                    "total": total,
                    "shipping_address": {},
                    "status_history": [],
                    "created_at": now - timedelta(minutes=rng.randint(0, 365 * 24 * 60)),
                }
            )
        with session_scope() as session:
            session.execute(insert(Order), rows)


def page_loads(url: str, email: str, runs: int) -> list[float]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=url, viewport={"width": 1280, "height": 900})
        page.goto("/login")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password").fill("bench-password-1")
        page.get_by_role("button", name="Log in").click()
        page.locator("#dashboard-grid .dashboard-block").first.wait_for()
        times = []
        for _ in range(runs + 1):
            started = time.perf_counter()
            page.goto("/")
            page.wait_for_function(DRAWN)
            times.append((time.perf_counter() - started) * 1000)
        browser.close()
    return times[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=100_000)
    args = parser.parse_args()
    use_bench_services()
    with serving() as url, httpx.Client(base_url=url, timeout=60) as client:
        email = f"bench-dash-{time.time_ns()}@example.com"
        auth, store_id = owner_with_store(client, email=email)
        listed = client.get(f"/api/templates?store_id={store_id}", headers=auth).json()["items"]
        scale = next(t["id"] for t in listed if t["name"] == "Scale" and t["store_id"] is None)
        client.post(f"/api/templates/{scale}/apply", json={"store_id": store_id}, headers=auth)
        fill_orders(store_id, args.orders)
        loads = page_loads(url, email, 10)
    print(
        json.dumps(
            {
                "benchmark": "scale dashboard, 100,000 orders: navigation → every block drawn",
                "machine": machine(),
                "orders": args.orders,
                "p50_ms": percentile(loads, 50),
                "p95_ms": percentile(loads, 95),
                "max_ms": round(max(loads), 1),
                "target_ms": 1000,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
