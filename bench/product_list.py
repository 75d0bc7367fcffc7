"""The product list with 10,000 products in one store (PostgreSQL + Redis, as in
production): server time of the first page of ``GET /api/products`` (newest first,
and a title search), and the time until the Products page in Chromium shows its
first rows. Prints JSON. Usage: ``python bench/product_list.py [--products 10000]``.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid
from decimal import Decimal

import httpx
from common import machine, owner_with_store, percentile, serving, use_bench_services
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"]
WORDS = ["Lavender", "Cedar", "Amber", "Fig", "Citrus", "Sandalwood", "Vanilla", "Sea salt"]
KINDS = ["soy candle", "wax melt", "reed diffuser", "room spray", "gift box"]


def fill_store(store_id: str, count: int) -> None:
    """Insert ``count`` products straight into the database (the set-up, not the benchmark)."""
    from bizq_app.catalog.models import Product
    from bizq_app.core.db import session_scope

    with session_scope() as session:
        for i in range(count):
            session.add(
                Product(
                    store_id=uuid.UUID(store_id),
                    title=f"{WORDS[i % len(WORDS)]} {KINDS[i % len(KINDS)]} no. {i}",
                    description="Hand-poured in small batches.",
                    price=Decimal("10.00") + i % 30,
                    cost=Decimal("3.50"),
                    inventory_quantity=i % 60,
                    sku=f"SKU-{i:05d}",
                    status=("active", "draft")[i % 2],
                )
            )


def server_times(client: httpx.Client, auth: dict[str, str], path: str, n: int) -> list[float]:
    for _ in range(10):
        client.get(path, headers=auth)
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(path, headers=auth)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200 and response.json()["total"] > 0, response.text
    return times


def page_times(url: str, email: str, runs: int) -> tuple[list[float], list[float]]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(base_url=url)
        page.goto("/login")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Password").fill("bench-password-1")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda u: "/login" not in u)
        clicks, loads = [], []
        for _ in range(runs + 1):
            page.goto("/")
            page.wait_for_load_state("networkidle")
            started = time.perf_counter()
            page.get_by_role("link", name="Products").first.click()
            page.locator("tr[data-product-id]").first.wait_for()
            clicks.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            page.goto("/products")  # a full page load: HTML, scripts, websocket, data
            page.locator("tr[data-product-id]").first.wait_for()
            loads.append((time.perf_counter() - started) * 1000)
        browser.close()
    return clicks[1:], loads[1:]  # the first visit warms the browser cache


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    use_bench_services()
    with serving() as url, httpx.Client(base_url=url, timeout=30) as client:
        email = f"bench-list-{time.time_ns()}@example.com"
        auth, store_id = owner_with_store(client, email=email)
        fill_store(store_id, args.products)
        newest = server_times(client, auth, f"/api/products?store_id={store_id}", args.requests)
        search = server_times(
            client, auth, f"/api/products?store_id={store_id}&q=cedar&sort=price", args.requests
        )
        clicks, loads = page_times(url, email, 10)
    print(
        json.dumps(
            {
                "benchmark": "product list, 10,000 products (PostgreSQL + Redis)",
                "machine": machine(),
                "products": args.products,
                "first_page_p50_ms": percentile(newest, 50),
                "first_page_p95_ms": percentile(newest, 95),
                "search_p50_ms": percentile(search, 50),
                "search_p95_ms": percentile(search, 95),
                "browser_click_to_rows_p50_ms": percentile(clicks, 50),
                "browser_click_to_rows_max_ms": round(max(clicks), 1),
                "browser_full_load_to_rows_p50_ms": percentile(loads, 50),
                "browser_full_load_to_rows_max_ms": round(max(loads), 1),
                "target_server_ms": 300,
                "target_usable_ms": 1000,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
