"""Every event handler of every page, sent by a signed-in seller who is not a member of
another seller's store: with that store selected (a tampered browser can select any
store), with the ids of that store's records, and with ids that are not ids at all — on
the embedded default (SQLite), while a third seller keeps selling.

Each one answers with the page's own error message, never an exception; nothing of the
other store changes; and none waits on the database: SQLite gives a waiting writer 1 s
here instead of 30 before "database is locked", so a handler that waits on the write
lock longer fails loudly."""

from __future__ import annotations

import asyncio
import functools
import inspect
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import reflex as rx
from fastapi.testclient import TestClient
from sqlalchemy import inspect as schema
from sqlalchemy import text

from bizq_app.bizq_app import app
from bizq_app.core import db
from bizq_app.core.db import get_engine, session_scope
from bizq_app.core.errors import BizQError
from bizq_app.ui import errors, routes
from tests import own_loop
from tests.integration.accounts.test_authorisation_matrix import first_store
from tests.integration.catalog.test_product_images import PNG
from tests.integration.channels.conftest import selling_on, serving
from tests.integration.conftest import signup, sqlite_client
from tests.integration.core.test_units_of_work import Writer
from tests.integration.ui.pages import SWITCH_STORE, Browser, Handler, Tab, every_handler
from tests.standins.shopify_server import TOKEN, ShopifyStandIn

MALFORMED = "not-an-id"
SHOP = "standin-candles.myshopify.com"
# The visitor's own login sessions: ending them is the account's business, not a store's.
OWN_SESSION = {"log_out", "log_out_everywhere"}
# Each argument that names a record, and the record of the other store it names.
RECORD_OF = {
    "order_id": "order_id",
    "task_id": "task_id",
    "customer_id": "customer_id",
    "product_id": "product_id",
    "template_id": "template_id",
    "rule_id": "rule_id",
    "member_id": "member_id",
    "worker_id": "worker_id",
    "channel_id": "connection_id",
    "connection_id": "connection_id",
    "listing_id": "listing_id",
    "hold_id": "hold_id",
    "store_id": "store_id",
    "supplier_id": "supplier_id",
}
# Handlers whose ``value`` is a record's id (a filter or a choice from a list of them).
VALUE_NAMES = {"set_supplier_filter": "supplier_id", "set_publish_product": "product_id"}
# What a person types or picks, for the arguments that name no record.
TYPED = {
    "cost": "0",
    "role": "manager",
    "provider": "openai",
    "kind": "order_confirmation",
    "marketplace": "ebay",
    "category": "marketing",
    "name": "customer.analyze_review_sentiment",
    "label": "Default",
    "url": "/files/not-here.png",
    "path": "$.reviews",
    "method": "standard",
    "code": "US",
    "block_id": "orders",
}
FORM = {
    "name": "Taken over",
    "title": "Taken over",
    "description": "Changed by a stranger",
    "email": "friend-of-the-stranger@example.com",
    "role": "manager",
    "reason": "Not wanted",
    "retry": "on",
    "restock": "on",
    "tracking_number": "1Z999AA10123456784",
    "carrier": "UPS",
    "amount": "1.00",
    "notes": "Seen by a stranger",
    "credits": "10",
    "payment_method": "pm_card_visa",
    "daily_task_budget": "5",
    "price": "1.00",
    "inventory_quantity": "0",
    "status": "archived",
    "search": "candle",
    "customer": "Ada",
    "days": "30",
    "provider": "openai",
    "api_key": "sk-test-000000000000000000000000",
    "current_password": "not-the-password",
    "new_password": "another-password-123",
    "subject": "Hello",
    "body": "Hello {{ customer_name }}",
    "rating": "5",
    "text": "Lovely",
    "their_sku": "THEIRS-1",
    "our_sku": "FIG-1",
    "currency": "EUR",
    "confirm": "on",
}
VALUES = {"reviews": [{"text": "Lovely", "rating": 5}]}
CSV = b"title,price,sku\nTaken over,1.00,TAKEN-1\n"


@dataclass(frozen=True)
class Visit:
    """One way of calling a handler: which store the visitor has selected and what its
    arguments name."""

    name: str
    selected: str  # "theirs", "own" or "malformed"
    records: str  # "theirs" or "malformed"


VISITS = (
    Visit("with the other store selected", "theirs", "theirs"),
    Visit("with the other store's records", "own", "theirs"),
    Visit("with ids that are not ids", "own", "malformed"),
    Visit("with a store id that is not one", "malformed", "malformed"),
)


@dataclass
class Shops:
    """The other store (``theirs``: its owner's records), the visitor's own, and the
    visitor's login token."""

    theirs: dict[str, str]
    own_store: str
    own_slug: str
    visitor: str


@pytest.fixture
def shops(monkeypatch: pytest.MonkeyPatch, redis_db: object) -> Iterator[tuple[TestClient, Shops]]:
    monkeypatch.setattr(db, "SQLITE_BUSY_SECONDS", 1)
    with sqlite_client() as client, serving(ShopifyStandIn(), "BIZQ_SHOPIFY_BASE_URL"):
        owner, theirs = first_store(client)
        shopify = {"channel": "shopify", "shop": SHOP, "access_token": TOKEN}
        theirs["connection_id"] = selling_on(
            client, owner, theirs["store_id"], theirs["product_id"], shopify
        )
        listed = client.get(f"/api/channels/{theirs['connection_id']}/listings", headers=owner)
        theirs["listing_id"] = listed.json()[0]["id"]
        theirs["order_number"] = str(
            client.get(f"/api/orders/{theirs['order_id']}", headers=owner).json()["number"]
        )
        visitor = signup(client, "visitor@example.com")
        own = client.post("/api/stores", json={"name": "Visitor Shop"}, headers=visitor).json()
        yield (
            client,
            Shops(theirs, own["id"], own["slug"], visitor["Authorization"].removeprefix("Bearer ")),
        )


def test_no_event_acts_on_a_store_the_visitor_is_not_a_member_of(
    shops: tuple[TestClient, Shops],
) -> None:
    client, shop = shops
    seller, selling = a_selling_store(client)
    before = rows_of(shop.theirs["store_id"])
    assert all(before[t] for t in ("stores", "products", "orders", "customers", "tasks"))
    writer = Writer(client, seller, selling)
    writer.start()
    try:
        tabs = own_loop.run(visit_every_handler(list(every_handler()), shop))
    finally:
        writer.stop.set()
        writer.join(timeout=60)

    raised = [
        f"{t.label}: {s.name.rpartition('.')[2]} raised {e!r}"
        for t in tabs
        for s in t.steps
        for e in s.raised
        if not isinstance(e, BizQError)  # the app shows those as the page's error toast
    ]
    unsaid = [  # a refusal the handler left to the app: its message still on the page
        f"{t.label}: {e.message!r} not shown"
        for t in tabs
        for e in t.steps[-1].raised
        if isinstance(e, BizQError) and not any(e.message in str(shown) for shown in t.shown())
    ]
    changed = [f"{t.label} changed {diff}" for t in tabs if (diff := t.changed)]
    slowest = max(tabs, key=lambda t: t.steps[-1].seconds)
    print(f"{len(tabs)} events; slowest: {slowest.label}, {slowest.steps[-1].seconds:.2f} s")
    assert raised == [], "\n".join(raised)
    assert unsaid == [], "\n".join(unsaid)
    assert changed == [], "\n".join(changed)
    assert len(tabs) > 300
    assert app.backend_exception_handler is errors.shown
    assert rows_of(shop.theirs["store_id"]) == before
    assert len(writer.answers) >= 2
    assert [code for code in writer.answers if code >= 300] == []


async def visit_every_handler(handlers: list[Handler], shop: Shops) -> list[Tab]:
    tabs = []
    async with Browser() as browser:
        for handler in handlers:
            if handler.name in OWN_SESSION:
                continue
            for visit in VISITS:
                if visit.selected == "own" and not handler.params:
                    continue  # nothing of theirs to name: what the visitor's own store does
                tabs.append(await call(browser, shop, handler, visit))
    return tabs


async def call(browser: Browser, shop: Shops, handler: Handler, visit: Visit) -> Tab:
    """Open the handler's page as the visitor, select the visit's store, send the event;
    what changed in the other store while it ran is on the tab."""
    named = shop.theirs if visit.records == "theirs" else dict.fromkeys(shop.theirs, MALFORMED)
    tab = browser.tab(shop.visitor, address(handler.route, shop, named), handler.route)
    tab.label = f"{handler} {visit.name}"
    await tab.open()
    if visit.selected != "own":
        chosen = shop.theirs["store_id"] if visit.selected == "theirs" else MALFORMED
        await tab.send(SWITCH_STORE, {"store_id": chosen})
    before = await rows_now(shop.theirs["store_id"])
    await tab.send(handler.event, arguments(handler, named))
    tab.changed = diff(before, await rows_now(shop.theirs["store_id"]))
    return tab


def address(route: str, shop: Shops, named: dict[str, str]) -> str:
    """The page's address naming the visit's records (a shop's pages: the visitor's own
    shop); every id a page reads from its query, too."""
    path = (
        route.replace("[slug]", shop.own_slug)
        .replace("[product_id]", named["product_id"])
        .replace("[number]", named["order_number"])
    )
    if route == routes.PRODUCT and named["product_id"] == MALFORMED:
        path = f"{routes.PRODUCTS}/{MALFORMED}"
    query = f"order={named['order_id']}&customer={named['customer_id']}"
    return f"{path}?{query}&purchase={named['store_id']}&t={MALFORMED}"


def arguments(handler: Handler, named: dict[str, str]) -> dict[str, Any]:
    """Each argument of ``handler``: the visit's record where it names one, else what a
    person would type or pick."""
    return {name: _argument(handler, name, p, named) for name, p in handler.params.items()}


def _argument(handler: Handler, name: str, param: inspect.Parameter, named: dict[str, str]) -> Any:
    hint = str(param.annotation)
    if name in RECORD_OF:
        return named[RECORD_OF[name]]
    if name == "key":  # an approval card's "kind:id"; a cart line's or a block's key
        return f"task:{named['task_id']}"
    if name == "value" and handler.name in VALUE_NAMES:
        return named[VALUE_NAMES[handler.name]]
    if name in ("form",):
        return {**FORM, **{k: named[v] for k, v in RECORD_OF.items()}}
    if name == "values":
        return VALUES
    if name == "files":
        return [upload(PNG if "image" in handler.name else CSV, handler.name)]
    if name == "layout":
        return [{"i": "orders", "x": 0, "y": 0, "w": 4, "h": 2}]
    if "bool" in hint:
        return True
    if "int" in hint:
        return 1
    return TYPED.get(name, "all")


def upload(data: bytes, handler: str) -> rx.UploadFile:
    name = "image.png" if data == PNG else "upload.csv"
    return rx.UploadFile(file=io.BytesIO(data), path=Path(name), size=len(data))


def a_selling_store(client: TestClient) -> tuple[dict[str, str], dict[str, str]]:
    """A third seller's store whose candle sells while the test runs."""
    seller = signup(client, "seller@example.com")
    store = client.post("/api/stores", json={"name": "Busy Shop"}, headers=seller).json()
    product = client.post(
        "/api/products",
        headers=seller,
        json={
            "store_id": store["id"],
            "title": "Candle",
            "price": "9.00",
            "status": "active",
            "inventory_quantity": 100000,
        },
    ).json()
    return seller, {"store_id": store["id"], "product_id": product["id"]}


# The other store's rows, read straight from the database.


def rows_of(store_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row that belongs to the store: its own row, and each table's rows that name
    it in ``store_id``."""
    queries = _store_queries(get_engine().dialect.name)
    with session_scope(read_only=True) as session:  # a snapshot: waits on no writer
        connection = session.connection()
        stored = uuid.UUID(store_id).hex if connection.dialect.name == "sqlite" else store_id
        return {
            table: [tuple(r) for r in connection.execute(query, {"id": stored})]
            for table, query in queries.items()
        }


@functools.cache
def _store_queries(dialect: str) -> dict[str, Any]:
    """For each table that has a store's rows, the query of one store's."""
    with session_scope(read_only=True) as session:
        tables = schema(session.connection())
        queries = {}
        for table in tables.get_table_names():
            columns = {c["name"] for c in tables.get_columns(table)}
            key = "store_id" if "store_id" in columns else ("id" if table == "stores" else "")
            if key:
                queries[table] = text(f'SELECT * FROM "{table}" WHERE {key} = :id ORDER BY 1')
    return queries


async def rows_now(store_id: str) -> dict[str, list[tuple[Any, ...]]]:
    return await asyncio.to_thread(rows_of, store_id)


def diff(
    before: dict[str, list[tuple[Any, ...]]], after: dict[str, list[tuple[Any, ...]]]
) -> list[str]:
    return [
        f"{table}: {len(before.get(table, []))} → {len(rows)} rows"
        + (f" (was {sorted(set(before.get(table, [])) - set(rows))[:1]})" if rows else "")
        for table, rows in after.items()
        if rows != before.get(table, [])
    ]
