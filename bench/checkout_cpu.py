"""Where a checkout's time goes, without HTTP: one thread places orders through
``checkout.place_order`` (offline test payments, PostgreSQL + Redis) and counts, per
order, the CPU time of this process, the SQL statements and transactions sent to
PostgreSQL and the Redis commands. Prints JSON; ``--profile FILE`` also writes a
cProfile of the run.

Usage: ``python bench/checkout_cpu.py [--orders 300] [--profile out.prof]``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import time
from decimal import Decimal

from common import machine, use_bench_services
from sqlalchemy import event


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orders", type=int, default=300)
    parser.add_argument("--profile", default="")
    args = parser.parse_args()
    use_bench_services()
    from bizq_app.accounts import accounts, stores
    from bizq_app.catalog import products
    from bizq_app.core.db import get_engine, session_scope
    from bizq_app.core.queue import get_redis
    from bizq_app.integrations.payments.registry import payment_provider
    from bizq_app.sales import checkout

    with session_scope() as session:
        email = f"cpu-{time.time_ns()}@example.com"
        user = accounts.sign_up(session=session, email=email, password="bench-password-1")
        store = stores.create_store(session=session, user_id=user.id, name="Bench").store
        ids = [
            products.create_product(
                session=session,
                user_id=user.id,
                store_id=store.id,
                fields={
                    "title": f"Candle {i}",
                    "price": "24.00",
                    "inventory_quantity": 1_000_000,
                    "status": "active",
                },
            ).id
            for i in range(20)
        ]
        slug = store.slug
    counts = {"statements": 0, "commits": 0}
    engine = get_engine()
    event.listen(engine, "before_cursor_execute", lambda *a: _bump(counts, "statements"))
    event.listen(engine, "commit", lambda *a: _bump(counts, "commits"))
    redis_calls = _redis_calls(get_redis())
    provider = payment_provider()

    def one(i: int) -> None:
        checkout.place_order(
            open_session=session_scope,
            store_slug=slug,
            fields={
                "email": f"buyer-{i}@example.com",
                "name": "Bench Buyer",
                "address": {
                    "line1": "1 Wick Lane",
                    "city": "Portland",
                    "postal_code": "97201",
                    "country": "US",
                },
                "lines": [{"product_id": str(ids[i % len(ids)]), "quantity": 1}],
                "payment_method": "4242424242424242",
            },
            provider=provider,
            client="127.0.0.1",
        )

    for i in range(20):  # warm caches (compiled statements, connections)
        one(-i - 1)
    counts.update(statements=0, commits=0)
    redis_calls = _redis_calls(get_redis())
    profile = cProfile.Profile() if args.profile else None
    cpu, wall = time.process_time(), time.perf_counter()
    if profile:
        profile.enable()
    for i in range(args.orders):
        one(i)
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    redis_used = _redis_calls(get_redis()) - redis_calls
    n = Decimal(args.orders)
    print(
        json.dumps(
            {
                "benchmark": "checkout without HTTP, one thread (PostgreSQL + Redis)",
                "machine": machine(),
                "orders": args.orders,
                "cpu_ms_per_order": float(round(Decimal(cpu * 1000) / n, 2)),
                "wall_ms_per_order": float(round(Decimal(wall * 1000) / n, 2)),
                "sql_statements_per_order": float(round(counts["statements"] / n, 2)),
                "commits_per_order": float(round(counts["commits"] / n, 2)),
                "redis_commands_per_order": float(round(redis_used / n, 2)),
            },
            indent=2,
        )
    )


def _bump(counts: dict[str, int], key: str) -> None:
    counts[key] += 1


def _redis_calls(redis) -> int:  # type: ignore[no-untyped-def]
    stats = redis.info("commandstats")
    return sum(int(v["calls"]) for k, v in stats.items() if k != "cmdstat_info")


if __name__ == "__main__":
    main()
