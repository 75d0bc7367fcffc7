"""The approvals queue and BizQ's suggestions (progressive MOQ, low stock) over REST."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from bizq_app.accounts.models import Role, Store
from bizq_app.accounts.stores import StoreView
from bizq_app.catalog.models import Product
from bizq_app.core.db import get_engine
from bizq_app.setup.seed import load_seed
from tests.factories import make_sale
from tests.integration.conftest import signup, start_rq_worker, stop, wait_for


def shop_selling(
    client: TestClient,
    per_day: int,
    stock: int,
    title: str = "Soy wax candle 8oz",
    cost: str = "8.90",
    price: str = "24.99",
    per_month: int | None = None,
) -> tuple[dict[str, str], str, str]:
    """An owner whose store sold ``per_day`` a day (or ``per_month`` over 30 days) of one
    product; ``stock`` left."""
    with Session(get_engine()) as session:
        load_seed(session=session)
        session.commit()
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store_id = client.post("/api/stores", json={"name": "Wick"}, headers=auth).json()["id"]
    with Session(get_engine()) as session:
        store = session.get(Store, uuid.UUID(store_id))
        assert store is not None
        product = Product(
            store_id=store.id,
            title=title,
            price=Decimal(price),
            cost=Decimal(cost),
            inventory_quantity=stock,
            status="active",
        )
        session.add(product)
        session.flush()
        view = StoreView(store=store, role=Role.OWNER)
        if per_month is not None:  # spread over the month, a few a day
            for day in range(30):
                share = per_month // 30 + (1 if day < per_month % 30 else 0)
                if share:
                    make_sale(session, view, product, share, day)
        else:
            for day in range(30):  # today and the 29 days before
                make_sale(session, view, product, per_day, day)
        session.commit()
        return auth, store_id, str(product.id)


def price_review(client: TestClient, auth: dict[str, str], store_id: str, product_id: str) -> str:
    """A price optimisation run by a real worker, now waiting for the owner's review."""
    worker = start_rq_worker()
    try:
        task_id = str(
            client.post(
                "/api/tasks",
                headers=auth,
                json={
                    "store_id": store_id,
                    "type": "product.price_optimization",
                    "input": {"product_id": product_id, "competitor_prices": [28, 30]},
                },
            ).json()["id"]
        )
        wait_for(lambda: len(queue(client, auth, store_id)) == 1, what="the price review")
    finally:
        stop(worker)
    return task_id


def queue(client: TestClient, auth: dict[str, str], store_id: str) -> list[dict[str, Any]]:
    return list(client.get(f"/api/approvals?store_id={store_id}", headers=auth).json()["items"])


def scan(client: TestClient, auth: dict[str, str], store_id: str) -> int:
    response = client.post(f"/api/stores/{store_id}/suggestions/scan", headers=auth)
    return int(response.json()["suggested"])


def test_growing_sales_suggest_a_bulk_supplier_with_the_margin_gain(client: TestClient) -> None:
    auth, store_id, _ = shop_selling(client, per_day=9, stock=400)  # 270 a month

    made = scan(client, auth, store_id)

    items = queue(client, auth, store_id)
    assert made == 1 and [i["label"] for i in items] == ["Supplier transition"]
    assert "bulk supplier" in items[0]["title"]
    assert "270 sold in the last 30 days" in items[0]["summary"]
    assert "margin 64.4% →" in items[0]["summary"]
    assert scan(client, auth, store_id) == 0  # an open suggestion is not made twice


@pytest.mark.parametrize(
    ("per_month", "expected"),
    [
        (40, None),  # under 50 a month: the zero-MOQ supplier still fits best
        (60, "a low-MOQ supplier: US supplement contract manufacturers"),  # over 50
        (270, "a bulk supplier: Alibaba GMP supplement factories"),  # over 200
    ],
)
def test_sales_crossing_50_and_200_a_month_move_up_the_moq_ladder(
    client: TestClient, per_month: int, expected: str | None
) -> None:
    auth, store_id, _ = shop_selling(
        client, 0, 1000, "Ashwagandha capsules 60ct", "9.80", "29.99", per_month=per_month
    )

    scan(client, auth, store_id)

    moves = [i for i in queue(client, auth, store_id) if i["label"] == "Supplier transition"]
    if expected is None:
        assert moves == []
    else:
        assert len(moves) == 1 and expected in moves[0]["title"]
        assert f"{per_month} sold in the last 30 days" in moves[0]["summary"]


def test_slow_sellers_get_no_supplier_suggestion(client: TestClient) -> None:
    auth, store_id, _ = shop_selling(client, per_day=1, stock=400)  # 30 a month

    assert scan(client, auth, store_id) == 0
    assert queue(client, auth, store_id) == []


def test_approving_a_transition_starts_its_follow_ups_and_keeps_the_margin_before(
    client: TestClient,
) -> None:
    auth, store_id, product_id = shop_selling(client, per_day=9, stock=400)
    scan(client, auth, store_id)
    item = queue(client, auth, store_id)[0]

    decided = client.post(
        "/api/approvals/decide",
        headers=auth,
        json={"items": [{"kind": "suggestion", "id": item["id"]}], "decision": "approve"},
    )

    assert decided.json() == {"decided": 1}
    tasks = client.get(f"/api/tasks?store_id={store_id}", headers=auth).json()["items"]
    assert sorted(t["type"] for t in tasks) == [
        "growth.plan_supplier_transition",
        "operations.reorder_stock",
        "product.price_optimization",
    ]
    assert all(t["input"].get("product_id", product_id) == product_id for t in tasks)
    assert queue(client, auth, store_id) == []
    client.put(f"/api/products/{product_id}", headers=auth, json={"cost": "2.15"})  # moved
    history = client.get(f"/api/products/{product_id}/margin-history", headers=auth).json()
    assert [(h["margin_before"], h["margin_now"]) for h in history] == [("64.4", "91.4")]


def test_low_stock_suggests_a_reorder_and_bulk_rejection_needs_a_reason(
    client: TestClient,
) -> None:
    auth, store_id, _ = shop_selling(client, per_day=1, stock=3)
    scan(client, auth, store_id)
    item = queue(client, auth, store_id)[0]
    choice = {"items": [{"kind": "suggestion", "id": item["id"]}], "decision": "reject"}

    no_reason = client.post("/api/approvals/decide", headers=auth, json=choice)
    rejected = client.post(
        "/api/approvals/decide", headers=auth, json={**choice, "reason": "Discontinuing it"}
    )
    again = client.post(
        "/api/approvals/decide", headers=auth, json={**choice, "reason": "Discontinuing it"}
    )

    assert item["label"] == "Reorder" and "3 left" in item["title"]
    assert "Suggested: 42 units" in item["summary"]  # 1 a day for 45 days, minus 3 in stock
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["path"] == "$.reason"
    assert rejected.json() == {"decided": 1}
    assert again.status_code == 409  # decided already: one card, its own answer
    assert "already rejected" in again.json()["detail"]
    assert scan(client, auth, store_id) == 0  # not suggested again for 30 days


def test_tasks_waiting_for_review_are_approved_in_bulk_with_suggestions(
    client: TestClient,
) -> None:
    auth, store_id, product_id = shop_selling(client, per_day=1, stock=3)
    task_id = price_review(client, auth, store_id, product_id)
    scan(client, auth, store_id)
    items = queue(client, auth, store_id)

    decided = client.post(
        "/api/approvals/decide",
        headers=auth,
        json={"items": [{"kind": i["kind"], "id": i["id"]} for i in items], "decision": "approve"},
    )

    assert [i["label"] for i in items] == ["Price change", "Reorder"]
    assert "Soy wax candle 8oz" in items[0]["title"] and items[0]["cost"] == "3.00"
    assert decided.json() == {"decided": 2}
    assert client.get(f"/api/tasks/{task_id}", headers=auth).json()["status"] == "completed"
    price = client.get(f"/api/products/{product_id}", headers=auth).json()["price"]
    assert price != "24.99"  # the approved price change was applied
