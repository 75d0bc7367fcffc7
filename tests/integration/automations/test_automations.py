"""Automation rules of an applied template, evaluated by a real RQ worker."""

from __future__ import annotations

import time
import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from bizq_app.core.db import get_engine
from bizq_app.setup.seed import load_seed
from tests.factories import REVIEWS_INPUT
from tests.integration.conftest import signup, start_rq_worker, stop, wait_for

NICHE = {"niche": "soy candles", "starting_budget": 300}


def store_with_rules(client: TestClient, rules: list[dict[str, Any]]) -> tuple[dict[str, str], str]:
    """A seeded store whose applied template has ``rules`` (and one metric block)."""
    with Session(get_engine()) as session:
        load_seed(session=session)
        session.commit()
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store_id = client.post("/api/stores", json={"name": "Rules"}, headers=auth).json()["id"]
    document = {
        "schemaVersion": 2,
        "name": "With rules",
        "category": "custom",
        "layouts": {"desktop": [{"i": "revenue", "x": 0, "y": 0, "w": 3, "h": 2}]},
        "blocks": [{"id": "revenue", "component": "metric_revenue", "props": {"title": "Sales"}}],
        "automations": [{"enabled": True, **r} for r in rules],  # the seller turned them on
    }
    saved = client.post(
        "/api/templates", headers=auth, json={"store_id": store_id, "template": document}
    )
    assert saved.status_code == 201, saved.text
    applied = client.post(
        f"/api/templates/{saved.json()['id']}/apply", headers=auth, json={"store_id": store_id}
    )
    assert applied.status_code == 200, applied.text
    return auth, store_id


def log(client: TestClient, auth: dict[str, str], store_id: str) -> list[dict[str, Any]]:
    return list(client.get(f"/api/stores/{store_id}/automations/log", headers=auth).json()["items"])


def test_low_stock_fires_a_reorder_with_the_products_id(client: TestClient) -> None:
    rule = {
        "id": "reorder_when_low",
        "trigger": {"event": "inventory.low"},
        "conditions": [{"field": "inventory_quantity", "op": "lte", "value": 5}],
        "action": {
            "execute": "task://operations.reorder_stock",
            "params": {"product_ids": ["{{product_id}}"], "lead_time_days": 10},
        },
    }
    auth, store_id = store_with_rules(client, [rule])
    product_id = client.post(
        "/api/products",
        headers=auth,
        json={"store_id": store_id, "title": "Candle", "price": "20", "inventory_quantity": 30},
    ).json()["id"]
    worker = start_rq_worker()
    try:
        client.put(f"/api/products/{product_id}", headers=auth, json={"inventory_quantity": 3})
        wait_for(lambda: len(log(client, auth, store_id)) == 1, what="the rule to fire")
    finally:
        stop(worker)

    firing = log(client, auth, store_id)[0]
    assert (firing["rule"], firing["event"], firing["fired"]) == (
        "reorder_when_low",
        "inventory.low",
        True,
    )
    task = client.get(f"/api/tasks/{firing['task_id']}", headers=auth).json()
    assert task["type"] == "operations.reorder_stock"
    assert task["input"] == {"product_ids": [product_id], "lead_time_days": 10}


def test_rules_that_feed_each_other_stop_instead_of_looping(client: TestClient) -> None:
    ping = {
        "id": "ping",
        "trigger": {"event": "task.completed"},
        "conditions": [{"field": "type", "op": "eq", "value": "customer.analyze_review_sentiment"}],
        "action": {"execute": "task://market.research_niche", "params": NICHE},
    }
    pong = {
        "id": "pong",
        "trigger": {"event": "task.completed"},
        "conditions": [{"field": "type", "op": "eq", "value": "market.research_niche"}],
        "action": {"execute": "task://customer.analyze_review_sentiment", "params": REVIEWS_INPUT},
    }
    auth, store_id = store_with_rules(client, [ping, pong])
    worker = start_rq_worker()
    try:
        client.post(
            "/api/tasks",
            headers=auth,
            json={
                "store_id": store_id,
                "type": "customer.analyze_review_sentiment",
                "input": REVIEWS_INPUT,
            },
        )
        wait_for(lambda: any(not f["fired"] for f in log(client, auth, store_id)), what="stop")
    finally:
        stop(worker)

    firings = list(reversed(log(client, auth, store_id)))
    assert [(f["rule"], f["fired"]) for f in firings] == [
        ("ping", True),
        ("pong", True),
        ("ping", True),
        ("pong", False),
    ]
    assert "Stopped" in firings[-1]["note"]


def test_a_rule_that_cannot_start_its_task_is_logged_with_the_reason(client: TestClient) -> None:
    rule = {
        "id": "bad_params",
        "trigger": {"event": "inventory.low"},
        "action": {
            "execute": "task://product.price_optimization",
            "params": {"product_id": "{{product_id}}", "min_margin_percent": "{{title}}"},
        },
    }
    auth, store_id = store_with_rules(client, [rule])
    product_id = client.post(
        "/api/products",
        headers=auth,
        json={"store_id": store_id, "title": "Soap", "price": "9", "inventory_quantity": 9},
    ).json()["id"]
    worker = start_rq_worker()
    try:
        client.put(f"/api/products/{product_id}", headers=auth, json={"inventory_quantity": 0})
        wait_for(lambda: len(log(client, auth, store_id)) == 1, what="the failure")
    finally:
        stop(worker)

    failure = log(client, auth, store_id)[0]
    assert failure["fired"] is False and failure["task_id"] is None
    assert "$.min_margin_percent" in failure["note"] or "min_margin_percent" in failure["note"]


def test_a_new_order_fires_the_rule_for_big_orders(client: TestClient) -> None:
    rule = {
        "id": "check_stock_after_big_order",
        "trigger": {"event": "order.created"},
        "conditions": [{"field": "total", "op": "gte", "value": 40}],
        "action": {"execute": "task://operations.check_stock_levels", "params": {}},
    }
    auth, store_id = store_with_rules(client, [rule])
    slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]
    product_id = client.post(
        "/api/products",
        headers=auth,
        json={
            "store_id": store_id,
            "title": "Candle",
            "price": "30",
            "inventory_quantity": 9,
            "status": "active",
        },
    ).json()["id"]
    order = {
        "email": "buyer@example.com",
        "name": "Ada",
        "address": {"line1": "1 Lane", "city": "Oslo", "postal_code": "0150", "country": "NO"},
        "payment_method": "4242424242424242",
    }
    worker = start_rq_worker()
    try:
        small = {**order, "lines": [{"product_id": product_id, "quantity": 1}]}
        big = {**order, "lines": [{"product_id": product_id, "quantity": 2}]}
        assert client.post(f"/api/storefront/{slug}/checkout", json=small).status_code == 201
        assert client.post(f"/api/storefront/{slug}/checkout", json=big).status_code == 201
        wait_for(lambda: len(log(client, auth, store_id)) == 1, what="the rule to fire")
    finally:
        stop(worker)

    firing = log(client, auth, store_id)[0]
    assert (firing["event"], firing["fired"]) == ("order.created", True)  # only the 64.99 one


def test_sales_crossing_the_low_stock_line_fire_the_rule_once(client: TestClient) -> None:
    rule = {
        "id": "reorder_when_low",
        "trigger": {"event": "inventory.low"},
        "action": {
            "execute": "task://operations.reorder_stock",
            "params": {"product_ids": ["{{product_id}}"], "lead_time_days": 10},
        },
    }
    auth, store_id = store_with_rules(client, [rule])
    slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]
    product_id = client.post(
        "/api/products",
        headers=auth,
        json={
            "store_id": store_id,
            "title": "Candle",
            "price": "20",
            "inventory_quantity": 8,
            "status": "active",
        },
    ).json()["id"]
    buyer = {
        "email": "buyer@example.com",
        "name": "Ada Buyer",
        "address": {"line1": "1 Lane", "city": "Portland", "postal_code": "97201", "country": "US"},
        "lines": [{"product_id": product_id, "quantity": 2}],
        "payment_method": "4242424242424242",
    }
    worker = start_rq_worker()
    try:
        for _ in range(4):  # 8 → 6 → 4 (crosses 5) → 2 → 0
            placed = client.post(f"/api/storefront/{slug}/checkout", json=buyer)
            assert placed.status_code == 201, placed.text
        wait_for(lambda: len(log(client, auth, store_id)) >= 1, what="the rule to fire")
        time.sleep(1)  # a second firing, if there were one, would land by now
    finally:
        stop(worker)

    firings = log(client, auth, store_id)
    assert [(f["rule"], f["event"], f["fired"]) for f in firings] == [
        ("reorder_when_low", "inventory.low", True)
    ]
    task = client.get(f"/api/tasks/{firings[0]['task_id']}", headers=auth).json()
    assert task["input"]["product_ids"] == [product_id]
