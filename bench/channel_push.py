"""Stock change → every connected channel holds the new quantity, with 1,000 live listings.

BizQ on PostgreSQL + Redis with two ``rq worker`` processes; four Shopify connections
(four shops, answered by one local Shopify stand-in whose cost bucket is four shops'
worth: 4,000 points refilling at 400/s, Shopify's standard 100/s each) and 250 products
published to each: 1,000 live listings. Then, one after another, a product's stock is
set through the REST API and the clock runs until all four shops hold the new quantity.
Also reports the initial publish: its time and the calls it used. Prints JSON.

``--mixed``: the four channels are four marketplaces instead — Shopify, eBay, Walmart
and TikTok Shop, each a local stand-in of its own API — 250 products published to each.

Usage: ``PYTHONPATH=. python bench/channel_push.py [--products 250] [--changes 60]
[--shops 4] [--mixed]`` (``--shops 1 --products 10000``: the initial publish of 10,000
listings to one shop).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable

import httpx
from common import machine, owner_with_store, percentile, rq_workers, serving, use_bench_services

from tests.standins import ebay_server, tiktok_server, walmart_server
from tests.standins.ebay_server import EbayStandIn
from tests.standins.shopify_server import TOKEN, ShopifyStandIn
from tests.standins.tiktok_server import TikTokStandIn
from tests.standins.walmart_server import WalmartStandIn

SHOPS = 4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--products", type=int, default=250)
    parser.add_argument("--changes", type=int, default=60)
    parser.add_argument("--shops", type=int, default=SHOPS)
    parser.add_argument("--mixed", action="store_true")
    args = parser.parse_args()
    if args.mixed:
        mixed(args.products, args.changes)
        return
    shops = args.shops
    use_bench_services()
    shopify = ShopifyStandIn(bucket=1000.0 * shops, restore_rate=100.0 * shops)
    extra = {"BIZQ_SHOPIFY_BASE_URL": shopify.url}
    with serving(extra=extra) as url, httpx.Client(base_url=url, timeout=60) as client:
        auth, store_id = owner_with_store(client)
        products = _products(client, auth, store_id, args.products)
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
            _publish(client, auth, connection, products)
        publish_seconds = time.perf_counter() - started
        publish_calls = len(shopify.requests) - calls_before
        items = _items_by_sku(shopify)

        def in_shops(sku: str) -> list[int]:
            return [shopify.quantities[item] for item in items[sku]]

        calls_before, spent_before = len(shopify.requests), shopify.spent
        latencies = _timed_changes(client, auth, products, args.changes, extra, in_shops)
        per_change = {
            "shopify_calls_per_change": round(
                (len(shopify.requests) - calls_before) / (args.changes + 1), 2
            ),
            "shopify_cost_points_per_change": round(
                (shopify.spent - spent_before) / (args.changes + 1), 1
            ),
        }
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
                "(Shopify's standard plan, per shop)",
            }
            | per_change
            | _timings(latencies),
            indent=2,
        )
    )


def mixed(count: int, changes: int) -> None:
    """Shopify, eBay, Walmart and TikTok Shop, ``count`` products listed on each."""
    use_bench_services()
    shopify, ebay = ShopifyStandIn(bucket=1000.0, restore_rate=100.0), EbayStandIn()
    walmart, tiktok = WalmartStandIn(), TikTokStandIn()
    extra = {"BIZQ_SHOPIFY_BASE_URL": shopify.url, "BIZQ_EBAY_BASE_URL": ebay.url}
    extra |= {"BIZQ_WALMART_BASE_URL": walmart.url, "BIZQ_TIKTOK_BASE_URL": tiktok.url}
    for i in range(count):  # Walmart's items and TikTok's products are set up there first
        walmart.item(f"BENCH-{i}", f"Bench candle {i}")
        tiktok.product(f"Bench candle {i}", {f"BENCH-{i}": 0})
    stand_ins = (shopify, ebay, walmart, tiktok)
    with serving(extra=extra) as url, httpx.Client(base_url=url, timeout=60) as client:
        auth, store_id = owner_with_store(client)
        products = _products(client, auth, store_id, count)
        fields = [
            {"channel": "shopify", "shop": "bench-0.myshopify.com", "access_token": TOKEN},
            {"channel": "ebay", "username": ebay_server.USERNAME, "marketplace_id": "EBAY_US"}
            | {"client_id": ebay_server.CLIENT_ID, "client_secret": ebay_server.CLIENT_SECRET}
            | {"refresh_token": ebay_server.REFRESH_TOKEN},
            {"channel": "walmart", "client_id": walmart_server.CLIENT_ID}
            | {"client_secret": walmart_server.CLIENT_SECRET},
            {"channel": "tiktok_shop", "shop_name": tiktok_server.SHOP}
            | {"app_key": tiktok_server.APP_KEY, "app_secret": tiktok_server.APP_SECRET}
            | {"refresh_token": tiktok_server.REFRESH_TOKEN},
        ]
        calls_before = [len(s.requests) for s in stand_ins]
        started = time.perf_counter()
        for body in fields:
            connection = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=body)
            assert connection.status_code == 201, connection.text
            _publish(client, auth, connection.json()["id"], products)
        publish_seconds = time.perf_counter() - started
        calls = [
            len(s.requests) - before for s, before in zip(stand_ins, calls_before, strict=True)
        ]
        items = _items_by_sku(shopify)

        def everywhere(sku: str) -> list[int]:
            return [
                *(shopify.quantities[item] for item in items[sku]),
                ebay.quantity(sku),
                int(walmart.items[sku]["quantity"]),
                tiktok.quantity(sku),
            ]

        latencies = _timed_changes(client, auth, products, changes, extra, everywhere)
    for stand_in in stand_ins:
        stand_in.close()
    print(
        json.dumps(
            {
                "benchmark": "stock change → every connected channel holds the new quantity",
                "machine": machine(),
                "channels": "Shopify, eBay, Walmart, TikTok Shop (one stand-in each)",
                "live_listings": 4 * count,
                "initial_publish_seconds": round(publish_seconds, 1),
                "initial_publish_calls": dict(
                    zip(("shopify", "ebay", "walmart", "tiktok_shop"), calls, strict=True)
                ),
            }
            | _timings(latencies),
            indent=2,
        )
    )


def _timings(latencies: list[float]) -> dict[str, float]:
    return {
        "changes": len(latencies),
        "p50_seconds": percentile(latencies, 50),
        "p95_seconds": percentile(latencies, 95),
        "max_seconds": round(max(latencies), 3),
        "target_p95_seconds": 5,
    }


def _products(client: httpx.Client, auth: dict[str, str], store_id: str, count: int) -> list[str]:
    """``count`` candles BENCH-0… with 1,000 in stock; their ids."""
    return [
        client.post(
            "/api/products",
            headers=auth,
            json={"store_id": store_id, "title": f"Bench candle {i}", "price": "24.00"}
            | {"sku": f"BENCH-{i}", "inventory_quantity": 1000, "status": "active"}
            | {"images": ["https://cdn.example.com/bench-candle.jpg"]},  # eBay lists none without
        ).json()["id"]
        for i in range(count)
    ]


def _publish(
    client: httpx.Client, auth: dict[str, str], connection: str, products: list[str]
) -> None:
    for product in products:
        answer = client.post(
            f"/api/channels/{connection}/listings", headers=auth, json={"product_id": product}
        )
        assert answer.status_code == 201, answer.text


def _timed_changes(
    client: httpx.Client,
    auth: dict[str, str],
    products: list[str],
    changes: int,
    extra: dict[str, str],
    everywhere: Callable[[str], list[int]],
) -> list[float]:
    """Set a random product's stock ``changes`` times (after one untimed warm-up) and time
    each until every channel holds it."""
    latencies: list[float] = []
    with rq_workers(2, extra=extra):
        for change in range(-1, changes):
            i = random.randrange(len(products))
            level = 900 - change
            started = time.perf_counter()
            answer = client.put(
                f"/api/products/{products[i]}", headers=auth, json={"inventory_quantity": level}
            )
            assert answer.status_code == 200, answer.text
            while any(q != level for q in everywhere(f"BENCH-{i}")):
                if time.perf_counter() - started > 60:
                    raise SystemExit(f"BENCH-{i} did not reach every channel within 60 s")
                time.sleep(0.005)
            if change >= 0:
                latencies.append(time.perf_counter() - started)
            time.sleep(0.2)
    return latencies


def _items_by_sku(shopify: ShopifyStandIn) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for product in shopify.products.values():
        for variant in product["variants"]:
            found.setdefault(variant["sku"], []).append(variant["inventoryItem"]["id"])
    return found


if __name__ == "__main__":
    main()
