"""Stock change → every connected channel holds the new quantity, with 1,000 live listings.

BizQ on PostgreSQL + Redis with two ``rq worker`` processes; four Shopify connections
(four shops, answered by one local Shopify stand-in whose cost bucket is four shops'
worth: 4,000 points refilling at 400/s, Shopify's standard 100/s each) and 250 products
published to each: 1,000 live listings. Then, one after another, a product's stock is
set through the REST API and the clock runs until all four shops hold the new quantity.
Also reports the initial publish: its time and the calls it used. Prints JSON.

Usage: ``PYTHONPATH=. python bench/channel_push.py [--products 250] [--changes 60]
[--shops 4]`` (``--shops 1 --products 10000``: the initial publish of 10,000 listings to
one shop).
"""

from __future__ import annotations

import argparse
import json
import random
import time

import httpx
from common import machine, owner_with_store, percentile, rq_workers, serving, use_bench_services

from tests.standins.shopify_server import TOKEN, ShopifyStandIn

SHOPS = 4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=250)
    parser.add_argument("--changes", type=int, default=60)
    parser.add_argument("--shops", type=int, default=SHOPS)
    args = parser.parse_args()
    shops = args.shops
    use_bench_services()
    shopify = ShopifyStandIn(bucket=1000.0 * shops, restore_rate=100.0 * shops)
    extra = {"BIZQ_SHOPIFY_BASE_URL": shopify.url}
    with serving(extra=extra) as url, httpx.Client(base_url=url, timeout=60) as client:
        auth, store_id = owner_with_store(client)
        products = [
            client.post(
                "/api/products",
                headers=auth,
                json={
                    "store_id": store_id,
                    "title": f"Bench candle {i}",
                    "price": "24.00",
                    "sku": f"BENCH-{i}",
                    "inventory_quantity": 1000,
                    "status": "active",
                },
            ).json()["id"]
            for i in range(args.products)
        ]
        connections = [
            client.post(
                f"/api/stores/{store_id}/channels",
                headers=auth,
                json={
                    "channel": "shopify",
                    "shop": f"bench-{n}.myshopify.com",
                    "access_token": TOKEN,
                },
            ).json()["id"]
            for n in range(shops)
        ]
        calls_before, started = len(shopify.requests), time.perf_counter()
        for connection in connections:
            for product in products:
                answer = client.post(
                    f"/api/channels/{connection}/listings",
                    headers=auth,
                    json={"product_id": product},
                )
                assert answer.status_code == 201, answer.text
        publish_seconds = time.perf_counter() - started
        publish_calls = len(shopify.requests) - calls_before
        items = _items_by_sku(shopify)
        latencies: list[float] = []
        with rq_workers(2, extra=extra):
            for change in range(-1, args.changes):  # the first (untimed) warms the workers up
                i = random.randrange(args.products)
                level = 900 - change
                started = time.perf_counter()
                answer = client.put(
                    f"/api/products/{products[i]}",
                    headers=auth,
                    json={"inventory_quantity": level},
                )
                assert answer.status_code == 200, answer.text
                while not all(shopify.quantities[item] == level for item in items[f"BENCH-{i}"]):
                    if time.perf_counter() - started > 60:
                        raise SystemExit(f"BENCH-{i} did not reach every shop within 60 s")
                    time.sleep(0.005)
                if change >= 0:
                    latencies.append(time.perf_counter() - started)
                time.sleep(0.2)
    shopify.close()
    print(
        json.dumps(
            {
                "benchmark": "stock change → every connected channel holds the new quantity",
                "machine": machine(),
                "channels": shops,
                "live_listings": shops * args.products,
                "initial_publish_seconds": round(publish_seconds, 1),
                "initial_publish_calls": publish_calls,
                "initial_publish_throttled_retries": publish_calls - shops * args.products,
                "initial_publish_listings_per_second": round(
                    shops * args.products / publish_seconds, 1
                ),
                "rate_limit": f"{1000 * shops:g} cost points, refilling at {100 * shops:g}/s "
                "(Shopify's standard plan, per shop); productSet costs 10",
                "changes": len(latencies),
                "p50_seconds": percentile(latencies, 50),
                "p95_seconds": percentile(latencies, 95),
                "max_seconds": round(max(latencies), 3),
                "target_p95_seconds": 5,
            },
            indent=2,
        )
    )


def _items_by_sku(shopify: ShopifyStandIn) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for product in shopify.products.values():
        for variant in product["variants"]:
            found.setdefault(variant["sku"], []).append(variant["inventoryItem"]["id"])
    return found


if __name__ == "__main__":
    main()
