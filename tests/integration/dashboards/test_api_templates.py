"""``/api/templates`` and ``/api/components``: the schema, versions, applying, variants, roles."""

from __future__ import annotations

import copy
import uuid
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from bizq_app.core.db import get_engine
from bizq_app.dashboards import template_market
from bizq_app.setup.seed import load_seed
from tests.integration.conftest import signup

MINE: dict[str, Any] = {
    "schemaVersion": 2,
    "name": "My dashboard",
    "category": "custom",
    "layouts": {"desktop": [{"i": "sales", "x": 0, "y": 0, "w": 4, "h": 2}]},
    "blocks": [{"id": "sales", "component": "metric_orders", "props": {"period": "day"}}],
}


def seeded_owner(client: TestClient) -> tuple[dict[str, str], str]:
    with Session(get_engine()) as session:
        load_seed(session=session)
        session.commit()
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store_id = client.post("/api/stores", json={"name": "Glow"}, headers=auth).json()["id"]
    return auth, store_id


def shipped_id(client: TestClient, auth: dict[str, str], store_id: str, name: str) -> str:
    listed = client.get(f"/api/templates?store_id={store_id}", headers=auth).json()["items"]
    return next(t["id"] for t in listed if t["name"] == name and t["store_id"] is None)


def test_the_schema_is_public_json_schema(client: TestClient) -> None:
    response = client.get("/api/templates/schema")

    assert response.status_code == 200
    assert response.json()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert response.json()["properties"]["schemaVersion"] == {"const": 2}


def test_a_new_store_lists_the_shipped_templates_and_shows_the_starter(client: TestClient) -> None:
    auth, store_id = seeded_owner(client)

    listed = client.get(f"/api/templates?store_id={store_id}", headers=auth)
    active = client.get(f"/api/stores/{store_id}/template", headers=auth)

    assert listed.status_code == 200
    assert [(t["name"], t["store_id"]) for t in listed.json()["items"]] == [
        ("Growth", None),
        ("Scale", None),
        ("Starter", None),
    ]
    assert active.json()["name"] == "Starter" and active.json()["store_id"] is None


def test_saving_the_same_name_adds_versions(client: TestClient) -> None:
    auth, store_id = seeded_owner(client)
    second = copy.deepcopy(MINE)
    second["blocks"][0]["props"]["period"] = "week"

    first = client.post(
        "/api/templates", json={"store_id": store_id, "template": MINE}, headers=auth
    )
    again = client.post(
        "/api/templates", json={"store_id": store_id, "template": second}, headers=auth
    )

    assert first.status_code == 201, first.text
    assert (first.json()["version"], again.json()["version"]) == (1, 2)
    assert again.json()["content"]["layouts"]["mobile"] == [
        {"i": "sales", "x": 0, "y": 0, "w": 4, "h": 2}
    ]
    listed = client.get(f"/api/templates?store_id={store_id}", headers=auth).json()["items"]
    assert [t["version"] for t in listed if t["name"] == "My dashboard"] == [2, 1]


def test_a_bad_template_is_refused_with_the_path_of_each_problem(client: TestClient) -> None:
    auth, store_id = seeded_owner(client)
    bad = copy.deepcopy(MINE)
    bad["blocks"][0]["props"]["period"] = "<script>x</script>"
    bad["blocks"][0]["actions"] = [{"label": "Go", "execute": "task://no.such_task"}]

    response = client.post(
        "/api/templates", json={"store_id": store_id, "template": bad}, headers=auth
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    paths = {e["path"] for e in response.json()["errors"]}
    assert {"$.blocks[0].props.period", "$.blocks[0].actions[0].execute"} <= paths


def test_applying_leaves_exactly_one_active_template(client: TestClient) -> None:
    auth, store_id = seeded_owner(client)
    mine = client.post(
        "/api/templates", json={"store_id": store_id, "template": MINE}, headers=auth
    )

    growth = client.post(
        f"/api/templates/{shipped_id(client, auth, store_id, 'Growth')}/apply",
        json={"store_id": store_id},
        headers=auth,
    )
    back = client.post(
        f"/api/templates/{mine.json()['id']}/apply", json={"store_id": store_id}, headers=auth
    )

    assert growth.status_code == 200, growth.text
    assert growth.json()["store_id"] == store_id and growth.json()["is_active"]
    assert back.json()["id"] == mine.json()["id"]
    listed = client.get(f"/api/templates?store_id={store_id}", headers=auth).json()["items"]
    assert [t["name"] for t in listed if t["is_active"]] == ["My dashboard"]
    active = client.get(f"/api/stores/{store_id}/template", headers=auth).json()
    assert active["id"] == mine.json()["id"]


def test_restoring_an_old_version_makes_it_the_newest_and_active(client: TestClient) -> None:
    auth, store_id = seeded_owner(client)
    first = client.post(
        "/api/templates", json={"store_id": store_id, "template": MINE}, headers=auth
    )
    client.post(
        "/api/templates",
        json={"store_id": store_id, "template": {**MINE, "category": "growth"}},
        headers=auth,
    )

    restored = client.post(
        f"/api/templates/{first.json()['id']}/restore", json={"store_id": store_id}, headers=auth
    )

    assert restored.status_code == 200, restored.text
    assert restored.json()["version"] == 3 and restored.json()["category"] == "custom"
    assert client.get(f"/api/stores/{store_id}/template", headers=auth).json()["version"] == 3


def test_another_stores_template_cannot_be_applied(client: TestClient) -> None:
    auth, store_id = seeded_owner(client)
    other_auth, other_store = seeded_owner(client)
    theirs = client.post(
        "/api/templates", json={"store_id": other_store, "template": MINE}, headers=other_auth
    )

    response = client.post(
        f"/api/templates/{theirs.json()['id']}/apply", json={"store_id": store_id}, headers=auth
    )

    assert response.status_code == 404


def test_components_are_listed_and_variants_registered(client: TestClient) -> None:
    auth, store_id = seeded_owner(client)

    builtins = client.get("/api/components/available", headers=auth)
    registered = client.post(
        "/api/components/register",
        json={
            "store_id": store_id,
            "name": "monthly_chart",
            "base": "chart_revenue",
            "props": {"bucket": "month", "days": 365},
            "description": "A year of revenue by month",
        },
        headers=auth,
    )
    refused = client.post(
        "/api/components/register",
        json={
            "store_id": store_id,
            "name": "tiny_chart",
            "base": "chart_revenue",
            "props": {"days": 2},
        },
        headers=auth,
    )

    assert builtins.status_code == 200 and len(builtins.json()) >= 25
    image = next(c for c in builtins.json() if c["name"] == "image")
    assert image["props_schema"]["additionalProperties"] is False
    assert registered.status_code == 201, registered.text
    assert registered.json()["base"] == "chart_revenue"
    assert refused.status_code == 422
    assert [e["path"] for e in refused.json()["errors"]] == ["$.props.days"]
    with_store = client.get(f"/api/components/available?store_id={store_id}", headers=auth).json()
    assert with_store[-1]["name"] == "monthly_chart"
    uses_it = {**MINE, "blocks": [{"id": "sales", "component": "monthly_chart"}]}
    saved = client.post(
        "/api/templates", json={"store_id": store_id, "template": uses_it}, headers=auth
    )
    assert saved.status_code == 201, saved.text


def test_a_viewer_sees_the_template_but_cannot_apply_or_save(client: TestClient) -> None:
    auth, store_id = seeded_owner(client)
    viewer = signup(client, "viewer@example.com")
    client.post(
        f"/api/stores/{store_id}/members",
        json={"email": "viewer@example.com", "role": "viewer"},
        headers=auth,
    )
    growth = shipped_id(client, auth, store_id, "Growth")

    seen = client.get(f"/api/stores/{store_id}/template", headers=viewer)
    applied = client.post(
        f"/api/templates/{growth}/apply", json={"store_id": store_id}, headers=viewer
    )
    saved = client.post(
        "/api/templates", json={"store_id": store_id, "template": MINE}, headers=viewer
    )
    stranger = client.get(
        f"/api/stores/{store_id}/template", headers=signup(client, "x@example.com")
    )

    assert seen.status_code == 200
    assert applied.status_code == 403 and applied.json()["code"] == "permission_denied"
    assert saved.status_code == 403
    assert stranger.status_code == 403


def test_a_published_template_earns_its_author_a_royalty_when_applied(
    client: TestClient,
) -> None:
    author, author_store = seeded_owner(client)
    buyer, buyer_store = seeded_owner(client)
    starter = shipped_id(client, author, author_store, "Starter")
    mine = client.post(
        f"/api/templates/{starter}/apply", headers=author, json={"store_id": author_store}
    ).json()

    bad_price = client.post(
        f"/api/templates/{mine['id']}/publish",
        headers=author,
        json={"store_id": author_store, "price": "500"},
    )
    published = client.post(
        f"/api/templates/{mine['id']}/publish",
        headers=author,
        json={"store_id": author_store, "price": "10"},
    )
    listed = client.get(f"/api/templates/marketplace?store_id={buyer_store}", headers=buyer).json()[
        "items"
    ]
    applied = client.post(
        f"/api/templates/{mine['id']}/apply",
        headers=buyer,
        json={"store_id": buyer_store, "accept_rules": []},
    )

    assert bad_price.status_code == 422 and bad_price.json()["errors"][0]["path"] == "$.price"
    assert published.json()["is_public"] is True and published.json()["price"] == "10"
    assert [t["id"] for t in listed] == [mine["id"]]
    assert applied.status_code == 200 and applied.json()["store_id"] == buyer_store
    buyer_credits = client.get(f"/api/stores/{buyer_store}/credits", headers=buyer).json()
    assert buyer_credits["balance"] == "90.00"  # 100 starting credits minus the price
    with Session(get_engine()) as session:
        author_id = uuid.UUID(client.get("/api/auth/me", headers=author).json()["id"])
        assert template_market.royalties(session=session, user_id=author_id) == Decimal("8.0000")
    own_listing = client.get(
        f"/api/templates/marketplace?store_id={author_store}", headers=author
    ).json()["items"]
    assert own_listing == []  # a store does not see (or pay for) its own listing


def test_a_bought_templates_rules_come_only_with_the_buyers_consent(client: TestClient) -> None:
    author, author_store = seeded_owner(client)
    buyer, buyer_store = seeded_owner(client)
    starter = shipped_id(client, author, author_store, "Starter")
    client.post(f"/api/templates/{starter}/apply", headers=author, json={"store_id": author_store})
    daily = {
        "id": "daily_sentiment",
        "trigger": {"schedule": "hourly"},
        "action": {
            "execute": "task://customer.analyze_review_sentiment",
            "params": {"reviews": [{"text": "Lovely", "rating": 5}]},
        },
    }
    mine = client.post(
        f"/api/stores/{author_store}/automations", headers=author, json=daily
    ).json()["template_id"]
    sell = {"store_id": author_store, "price": "10"}
    client.post(f"/api/templates/{mine}/publish", headers=author, json=sell)

    offered = client.get(f"/api/templates/{mine}/rules?store_id={buyer_store}", headers=buyer)
    only_store = {"store_id": buyer_store}
    unasked = client.post(f"/api/templates/{mine}/apply", headers=buyer, json=only_store)
    unknown = client.post(
        f"/api/templates/{mine}/apply",
        headers=buyer,
        json={"store_id": buyer_store, "accept_rules": ["mine_bitcoin"]},
    )
    credits_before = client.get(f"/api/stores/{buyer_store}/credits", headers=buyer).json()
    applied = client.post(
        f"/api/templates/{mine}/apply",
        headers=buyer,
        json={"store_id": buyer_store, "accept_rules": ["reorder_when_low"]},
    )

    rules = {r["id"]: r for r in offered.json()}
    assert set(rules) == {"reorder_when_low", "daily_sentiment"}
    hourly = rules["daily_sentiment"]
    assert hourly["when"] == "every hour"
    assert hourly["task_type"] == "customer.analyze_review_sentiment"
    assert Decimal(hourly["most_per_day"]) == Decimal(hourly["cost_per_run"]) * 24
    assert rules["reorder_when_low"]["most_per_day"] is None  # runs on inventory.low
    assert unasked.status_code == unknown.status_code == 422
    assert unasked.json()["errors"][0]["path"] == "$.accept_rules"
    assert credits_before["balance"] == "100.00"  # refusing changed nothing, paid nothing
    assert applied.status_code == 200
    kept = client.get(f"/api/stores/{buyer_store}/automations", headers=buyer).json()
    assert [r["id"] for r in kept] == ["reorder_when_low"]
