"""A big store written straight into the embedded default's SQLite file: products with
their opening stock, customers, orders with their lines, the stock each line took,
shipments and refunds — rows shaped as checkout, shipping and refunds write them, so
every page reads them as it reads real ones. Bulk ``INSERT``s through SQLAlchemy core
into the tables the app migrated, in big batches: set-up, not the benchmark.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, bindparam, create_engine, insert, text
from sqlmodel import SQLModel

import bizq_app.tables  # noqa: F401 - every table in the metadata
from bizq_app.core.columns import utcnow

TABLES = SQLModel.metadata.tables
BATCH = 5000
FIRST_NUMBER = 1001  # a store's first order number
WORDS = ["Lavender", "Cedar", "Amber", "Fig", "Citrus", "Sandalwood", "Vanilla", "Sea salt"]
KINDS = ["soy candle", "wax melt", "reed diffuser", "room spray", "gift box"]
FIRST_NAMES = ["Ada", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hugo", "Isla", "Jay"]
LAST_NAMES = ["Smith", "Patel", "Jones", "Khan", "Brown", "Garcia", "Wilson", "Ng"]
CITIES = [("Leeds", "LS1 1AA", "GB"), ("Austin", "78701", "US"), ("Lyon", "69001", "FR")]
CARRIERS = ["Royal Mail", "USPS", "DHL", "UPS"]
# how the orders of a store that has sold for a year stand: most delivered
STATUSES = ["delivered"] * 12 + ["shipped"] * 3 + ["fulfilling"] * 2 + ["refunded", "cancelled"]


@dataclass
class Store:
    """What the rows need to know of the store, and what they add up to."""

    id: uuid.UUID
    owner_id: uuid.UUID
    rng: random.Random
    orders: int = 0
    now: datetime = field(default_factory=utcnow)
    products: list[dict[str, Any]] = field(default_factory=list)
    customers: list[dict[str, Any]] = field(default_factory=list)
    sold: dict[uuid.UUID, int] = field(default_factory=dict)  # units sold, by product


def fill(database: Path, store_id: str, owner_id: str, products: int, orders: int) -> None:
    """Add ``products`` products and ``orders`` orders (numbered from ``FIRST_NUMBER``)
    to the store in ``database``; the store's order counter continues after them."""
    store = Store(uuid.UUID(store_id), uuid.UUID(owner_id), random.Random(7), orders)
    store.products = [_product(store, i) for i in range(products)]
    store.customers = [_customer(store, i) for i in range(max(1, orders // 5))]
    engine = create_engine(f"sqlite:///{database}", connect_args={"timeout": 60})
    with engine.begin() as conn:
        conn.execute(text("PRAGMA foreign_keys=ON"))
        _write(conn, TABLES["products"], iter(store.products))
        _write(conn, TABLES["customers"], iter(store.customers))
        movements: list[dict[str, Any]] = []
        for start in range(0, orders, BATCH):
            _write_orders(conn, store, range(start, min(start + BATCH, orders)), movements)
        _write(conn, TABLES["stock_movements"], _ledger(store, movements))
        _settle(conn, store)
    engine.dispose()


def _write(conn: Connection, table: Table, rows: Iterator[dict[str, Any]]) -> None:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            conn.execute(insert(table), batch)
            batch = []
    if batch:
        conn.execute(insert(table), batch)


def _product(store: Store, i: int) -> dict[str, Any]:
    price = Decimal(900 + store.rng.randint(0, 3000)) / 100
    return {
        "id": uuid.uuid4(),
        "store_id": store.id,
        "title": f"{WORDS[i % len(WORDS)]} {KINDS[i % len(KINDS)]} no. {i + 1}",
        "description": "Hand-poured in small batches from soy wax and cotton wicks.",
        "price": price,
        "cost": (price * Decimal("0.35")).quantize(Decimal("0.01")),
        "currency": "USD",
        "inventory_quantity": (i * 7) % 60,  # left on the shelf after the year's sales
        "sku": f"SKU-{i + 1:05d}",
        "status": "draft" if i % 10 == 9 else "active",
        "images": [],
        "variants": [],
        "listings": {},
        "fulfilment": "warehouse",
        "created_at": store.now - timedelta(days=400, minutes=i),
    }


def _customer(store: Store, i: int) -> dict[str, Any]:
    first, last = FIRST_NAMES[i % len(FIRST_NAMES)], LAST_NAMES[i % len(LAST_NAMES)]
    return {
        "id": uuid.uuid4(),
        "store_id": store.id,
        "email": f"{first.lower()}.{last.lower()}.{i + 1}@example.com",
        "name": f"{first} {last}",
        "orders_count": 0,
        "lifetime_value": Decimal("0.00"),
        "created_at": store.now - timedelta(days=366, minutes=-i),
    }


def _write_orders(
    conn: Connection, store: Store, numbers: range, movements: list[dict[str, Any]]
) -> None:
    orders, items, fulfilments, refunds = [], [], [], []
    year = 365 * 24 * 60  # the orders are a year of sales, up to an hour ago
    for n in numbers:
        placed = store.now - timedelta(minutes=60 + year * (store.orders - n) // store.orders)
        order, lines = _order(store, n, placed)
        orders.append(order)
        items += lines
        movements += _sale_stock(store, order, lines)
        if order["status"] in ("shipped", "delivered"):
            fulfilments.append(_fulfilment(order))
        if order["status"] == "refunded":
            refunds.append(_refund(store, order))
    _write(conn, TABLES["orders"], iter(orders))
    _write(conn, TABLES["order_items"], iter(items))
    _write(conn, TABLES["fulfilments"], iter(fulfilments))
    _write(conn, TABLES["refunds"], iter(refunds))


def _order(store: Store, n: int, placed: datetime) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    rng, order_id = store.rng, uuid.uuid4()
    customer = store.customers[rng.randrange(len(store.customers))]
    lines = [_line(store, order_id) for _ in range(rng.choice((1, 1, 1, 2, 2, 3)))]
    subtotal = sum((line["unit_price"] * line["quantity"] for line in lines), Decimal(0))
    total, status = subtotal + Decimal("4.99"), STATUSES[n % len(STATUSES)]
    city, postcode, country = CITIES[n % len(CITIES)]
    order = {
        "id": order_id,
        "store_id": store.id,
        "number": FIRST_NUMBER + n,
        "customer_email": customer["email"],
        "customer_name": customer["name"],
        "customer_id": customer["id"],
        "status": status,
        "payment_status": "declined" if status == "cancelled" else "paid",
        "fulfilment_route": "warehouse",
        "channel": "storefront",
        "currency": "USD",
        "subtotal": subtotal,
        "shipping": Decimal("4.99"),
        "tax": Decimal("0.00"),
        "total": total,
        "refunded": total if status == "refunded" else Decimal("0.00"),
        "shipping_address": {
            "line1": f"{n % 200 + 1} High Street",
            "city": city,
            "postal_code": postcode,
            "country": country,
            "method": "standard",
        },
        "payment_provider": "test",
        "payment_reference": None if status == "cancelled" else f"testpay_{order_id.hex[:24]}",
        "tracking_number": f"TRK{n:09d}" if status in ("shipped", "delivered") else None,
        "pipeline": "done",
        "created_at": placed,
        "updated_at": placed + timedelta(days=2),
    }
    order["status_history"] = _timeline(order, lines)
    if status != "cancelled":
        customer["orders_count"] += 1
        customer["lifetime_value"] += total - order["refunded"]
    return order, lines


def _line(store: Store, order_id: uuid.UUID) -> dict[str, Any]:
    product = store.products[store.rng.randrange(len(store.products))]
    return {
        "id": uuid.uuid4(),
        "order_id": order_id,
        "product_id": product["id"],
        "title": product["title"],
        "options": {},
        "quantity": store.rng.choice((1, 1, 1, 2, 3)),
        "unit_price": product["price"],
        "unit_cost": product["cost"],
    }


def _timeline(order: dict[str, Any], lines: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The steps checkout, the pipeline, shipping and refunds write, in their words."""
    at, status = order["created_at"], order["status"]
    items = "; ".join(f"{line['quantity']} × {line['title']}" for line in lines)
    count = sum(line["quantity"] for line in lines)
    steps = [
        ("created", f"{count} item(s), total {order['total']}"),
        ("stock_allocated", "Stock set aside until payment."),
    ]
    if status == "cancelled":
        steps += [
            ("payment_failed", "The card was declined."),
            ("stock_released", "Stock put back."),
        ]
        return [_step(at, step, note) for step, note in steps]
    steps += [
        ("charged", f"Paid {order['total']} USD ({order['payment_reference']})."),
        ("fulfil:warehouse", f"Pick list: {items}."),
        ("notified", f"Order confirmation e-mailed to {order['customer_email']}."),
    ]
    if status in ("shipped", "delivered"):
        carrier = CARRIERS[order["number"] % len(CARRIERS)]
        shipped = f"Shipped {items} ({carrier}, tracking {order['tracking_number']})."
        steps.append(("shipped", shipped))
    if status == "delivered":
        steps.append(("delivered", "Delivered."))
    if status == "refunded":
        steps.append(("refunded", f"Refunded {order['total']} USD."))
    return [_step(at + timedelta(hours=i), step, note) for i, (step, note) in enumerate(steps)]


def _step(at: datetime, step: str, note: str) -> dict[str, str]:
    return {"at": at.isoformat(timespec="seconds"), "step": step, "note": note}


def _sale_stock(
    store: Store, order: dict[str, Any], lines: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Each line's units taken at checkout, and given back when the payment failed."""
    moves = []
    for line in lines:
        moves.append(_movement(store, order, line, -line["quantity"], "sale"))
        if order["status"] == "cancelled":
            moves.append(_movement(store, order, line, line["quantity"], "payment_failed"))
        else:
            product_id = line["product_id"]
            store.sold[product_id] = store.sold.get(product_id, 0) + line["quantity"]
    return moves


def _movement(
    store: Store, order: dict[str, Any], line: dict[str, Any], change: int, reason: str
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "store_id": store.id,
        "product_id": line["product_id"],
        "options": {},
        "change": change,
        "level": 0,  # the running level, set in order of time (_ledger)
        "reason": reason,
        "actor_id": None,
        "order_id": order["id"],
        "order_item_id": line["id"],
        "note": "",
        "created_at": order["created_at"],
    }


def _ledger(store: Store, sales: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Each product's opening stock (what it sold over the year and what is left on the
    shelf), then its sales in order of time, each with the level it left: a product's
    level is the sum of its movements."""
    level = {}
    for product in store.products:
        opening = store.sold.get(product["id"], 0) + product["inventory_quantity"]
        level[product["id"]] = opening
        yield {
            "id": uuid.uuid4(),
            "store_id": store.id,
            "product_id": product["id"],
            "options": {},
            "change": opening,
            "level": opening,
            "reason": "opening",
            "actor_id": store.owner_id,
            "order_id": None,
            "order_item_id": None,
            "note": "",
            "created_at": product["created_at"],
        }
    for move in sales:  # already in order of time
        level[move["product_id"]] += move["change"]
        yield {**move, "level": level[move["product_id"]]}


def _fulfilment(order: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "order_id": order["id"],
        "group_key": "warehouse",
        "status": order["status"],
        "carrier": CARRIERS[order["number"] % len(CARRIERS)],
        "tracking_number": order["tracking_number"],
        "shipped_at": order["created_at"] + timedelta(days=1),
        "created_at": order["created_at"] + timedelta(days=1),
    }


def _refund(store: Store, order: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "order_id": order["id"],
        "amount": order["total"],
        "reference": f"testrefund_{order['id'].hex[:24]}",
        "idempotency_key": f"refund-{order['id'].hex}",
        "reason": "Arrived damaged",
        "status": "succeeded",
        "actor_id": store.owner_id,
        "created_at": order["created_at"] + timedelta(days=3),
    }


def _settle(conn: Connection, store: Store) -> None:
    """What the orders add up to: each customer's orders and spend, the order counter."""
    customers = TABLES["customers"]
    conn.execute(
        customers.update()
        .where(customers.c.id == bindparam("customer"))
        .values(orders_count=bindparam("count"), lifetime_value=bindparam("value")),
        [
            {"customer": c["id"], "count": c["orders_count"], "value": c["lifetime_value"]}
            for c in store.customers
        ],
    )
    last = FIRST_NUMBER + store.orders - 1
    conn.execute(insert(TABLES["order_counters"]), {"store_id": store.id, "last_number": last})
