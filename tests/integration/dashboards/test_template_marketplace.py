"""The template marketplace shows a buyer enough to choose a template, never the document
itself (that comes only with applying it), and counts every application."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient

from tests.integration.conftest import THREADS, at_once
from tests.integration.dashboards.test_api_templates import seeded_owner

SECRET = "Hand-tuned prompt: the author's own recipe"
CRAFTED: dict[str, Any] = {
    "schemaVersion": 2,
    "name": "Candle seller's cockpit",
    "category": "custom",
    "description": "Orders and revenue at a glance.",
    "layouts": {"desktop": [{"i": "sales", "x": 0, "y": 0, "w": 4, "h": 2}]},
    "blocks": [{"id": "sales", "component": "metric_orders", "props": {"title": "Orders today"}}],
    "automations": [
        {
            "id": "daily_sentiment",
            "trigger": {"schedule": "hourly"},
            "action": {
                "execute": "task://customer.analyze_review_sentiment",
                "params": {"reviews": [{"text": SECRET, "rating": 5}]},
            },
        }
    ],
}


def published(client: TestClient, price: str) -> tuple[dict[str, str], str, str]:
    """An author's store that published CRAFTED at ``price``: its auth, store and template."""
    author, store = seeded_owner(client)
    saved = client.post(
        "/api/templates", headers=author, json={"store_id": store} | {"template": CRAFTED}
    )
    assert saved.status_code == 201, saved.text
    template = saved.json()["id"]
    listed = client.post(
        f"/api/templates/{template}/publish",
        headers=author,
        json={"store_id": store, "price": price},
    )
    assert listed.status_code == 200, listed.text
    return author, store, template


def test_another_stores_listing_and_preview_carry_no_template_document(
    client: TestClient,
) -> None:
    author, author_store, template = published(client, "10")
    buyer, buyer_store = seeded_owner(client)

    listed = client.get(f"/api/templates/marketplace?store_id={buyer_store}", headers=buyer)
    previewed = client.get(
        f"/api/templates/{template}/preview?store_id={buyer_store}", headers=buyer
    )
    own = client.get(f"/api/templates?store_id={author_store}", headers=author).json()["items"]

    assert listed.status_code == 200 and previewed.status_code == 200
    [item] = listed.json()["items"]
    for shown in (item, previewed.json()):
        assert "content" not in shown and SECRET not in str(shown)
        assert shown["name"] == "Candle seller's cockpit"
        assert shown["description"] == "Orders and revenue at a glance."
        assert Decimal(shown["price"]) == 10
        assert [(b["label"], b["category"]) for b in shown["blocks"]] == [
            ("Orders today", "metric")
        ]
        assert shown["rules"] == 1
    mine = next(t for t in own if t["id"] == template)
    assert SECRET in str(mine["content"])  # the author's own


def test_a_bought_template_brings_its_document_into_the_buyers_store(
    client: TestClient,
) -> None:
    _author, _store, template = published(client, "10")
    buyer, buyer_store = seeded_owner(client)

    bought = client.post(
        f"/api/templates/{template}/apply",
        headers=buyer,
        json={"store_id": buyer_store, "accept_rules": ["daily_sentiment"]},
    )

    assert bought.status_code == 200, bought.text
    assert SECRET in str(bought.json()["content"])


def test_applications_made_at_once_are_each_counted(any_client: TestClient) -> None:
    _author, _store, template = published(any_client, "1")
    buyer, _first = seeded_owner(any_client)
    stores = [
        any_client.post("/api/stores", json={"name": f"Glow {n}"}, headers=buyer).json()["id"]
        for n in range(THREADS)
    ]

    responses = at_once(
        THREADS,
        lambda n: any_client.post(
            f"/api/templates/{template}/apply",
            headers=buyer,
            json={"store_id": stores[n], "accept_rules": []},
        ),
    )

    assert [r.status_code for r in responses] == [200] * THREADS, [r.text for r in responses]
    listed = any_client.get(f"/api/templates/marketplace?store_id={stores[0]}", headers=buyer)
    assert listed.json()["items"][0]["applications"] == THREADS
