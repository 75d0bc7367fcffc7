"""The ceiling this machine puts on checkout throughput: the same HTTP server (Granian,
as many workers as BizQ's production start gives it), the same client as
``checkout_throughput.py`` (8 threads, one item per order), and an endpoint that does
only the database floor of a checkout in raw psycopg — take the stock with a
conditional ``UPDATE``, number the order from a counter row, insert the order, its
line and its stock movement, then mark it paid and write its event: two transactions
and seven statements, without BizQ's validation, customer record, rate limits,
timeline, pipeline, events or ORM. Prints JSON.

Usage: ``python bench/checkout_floor.py [--seconds 20] [--clients 8]`` (started by
itself, it also serves the endpoint when Granian imports this module as ``floor:app``).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Annotated, Any

import httpx
import psycopg
from fastapi import Body, FastAPI
from sqlalchemy.engine import make_url

HERE = Path(__file__).resolve().parent
DATABASE = os.environ.get("BIZQ_FLOOR_DATABASE", "postgresql://postgres@127.0.0.1:5432/bizq_floor")
SCHEMA = """
CREATE TABLE products (id int PRIMARY KEY, stock int NOT NULL);
INSERT INTO products SELECT g, 1000000 FROM generate_series(0, 19) g;
CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL);
INSERT INTO counters VALUES (1, 1000);
CREATE TABLE orders (id uuid PRIMARY KEY, number int, email text, status text);
CREATE TABLE items (id serial PRIMARY KEY, order_id uuid, product_id int, qty int);
CREATE TABLE moves (id serial PRIMARY KEY, product_id int, qty int, order_id uuid);
CREATE TABLE events (id serial PRIMARY KEY, order_id uuid, kind text);
"""

app = FastAPI()
_pool: queue.Queue[psycopg.Connection] = queue.Queue()


def _connection() -> psycopg.Connection:
    try:
        return _pool.get_nowait()
    except queue.Empty:
        return psycopg.connect(DATABASE, autocommit=True)


@app.post("/checkout", status_code=201)
def checkout(body: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
    product, order = int(body["lines"][0]["product_id"]), uuid.uuid4()
    connection = _connection()
    try:
        with connection.transaction():
            connection.execute(
                "UPDATE products SET stock = stock - 1 WHERE id = %s AND stock >= 1", (product,)
            )
            row = connection.execute("UPDATE counters SET n = n + 1 WHERE id = 1 RETURNING n")
            number = row.fetchone()[0]  # type: ignore[index]
            connection.execute(
                "INSERT INTO orders VALUES (%s, %s, %s, 'pending')", (order, number, body["email"])
            )
            connection.execute(
                "INSERT INTO items (order_id, product_id, qty) VALUES (%s, %s, 1)", (order, product)
            )
            connection.execute(
                "INSERT INTO moves (product_id, qty, order_id) VALUES (%s, -1, %s)",
                (product, order),
            )
        with connection.transaction():
            connection.execute(
                "UPDATE orders SET status = 'paid' WHERE id = %s AND status = 'pending'", (order,)
            )
            connection.execute(
                "INSERT INTO events (order_id, kind) VALUES (%s, 'order.created')", (order,)
            )
    finally:
        _pool.put(connection)
    return {"id": str(order), "number": number, "status": "paid"}


def _fresh_database() -> None:
    target = make_url(DATABASE)
    admin = target.set(database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{target.database}"')
    with psycopg.connect(DATABASE, autocommit=True) as connection:
        connection.execute(SCHEMA)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 1) * 2 + 1)
    args = parser.parse_args()
    _fresh_database()
    port = 8000 + os.getpid() % 1000
    granian = Path(sys.executable).with_name("granian")
    server = subprocess.Popen(
        [str(granian), "--interface", "asgi", "--workers", str(args.workers)]
        + ["--port", str(port), "--log-level", "warning", "checkout_floor:app"],
        cwd=HERE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{url}/docs", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        timings: list[float] = []
        failures: list[int] = []
        deadline = time.monotonic() + args.seconds

        def buyer(n: int) -> None:
            with httpx.Client(base_url=url, timeout=30) as client:
                i = 0
                while time.monotonic() < deadline:
                    body = {
                        "email": f"b{n}-{i}@example.com",
                        "lines": [{"product_id": (n + i) % 20}],
                    }
                    started = time.perf_counter()
                    response = client.post("/checkout", json=body)
                    timings.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 201:
                        failures.append(response.status_code)
                    i += 1

        started = time.monotonic()
        threads = [threading.Thread(target=buyer, args=(n,)) for n in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    sys.path.insert(0, str(HERE))
    from common import machine, percentile

    print(
        json.dumps(
            {
                "benchmark": "checkout floor: raw SQL of a checkout behind the same HTTP server",
                "machine": machine(),
                "clients": args.clients,
                "server_workers": args.workers,
                "seconds": round(elapsed, 1),
                "orders_per_second": round((len(timings) - len(failures)) / elapsed, 1),
                "failures": len(failures),
                "p50_ms": percentile(timings, 50),
                "p99_ms": percentile(timings, 99),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
