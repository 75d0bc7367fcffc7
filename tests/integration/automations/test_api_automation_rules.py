"""``/api/stores/{id}/automations``: rules added, changed and removed as template versions."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.integration.dashboards.test_api_templates import seeded_owner

BIG_ORDERS: dict[str, Any] = {
    "id": "thank_big_buyers",
    "trigger": {"event": "order.created"},
    "conditions": [{"field": "total", "op": "gte", "value": 100}],
    "action": {
        "execute": "task://customer.win_back",
        "params": {"customer_email": "{{email}}"},
    },
}


def rule_ids(client: TestClient, auth: dict[str, str], store_id: str) -> list[str]:
    response = client.get(f"/api/stores/{store_id}/automations", headers=auth)
    assert response.status_code == 200
    return [r["id"] for r in response.json()]


def test_adding_a_rule_saves_and_applies_a_new_version(client: TestClient) -> None:
    auth, store_id = seeded_owner(client)
    before = client.get(f"/api/stores/{store_id}/template", headers=auth).json()

    added = client.post(f"/api/stores/{store_id}/automations", json=BIG_ORDERS, headers=auth)

    assert added.status_code == 201, added.text
    assert added.json()["template_id"] != before["id"]
    assert rule_ids(client, auth, store_id) == ["reorder_when_low", "thank_big_buyers"]
    active = client.get(f"/api/stores/{store_id}/template", headers=auth).json()
    assert active["id"] == added.json()["template_id"]
    assert active["store_id"] == store_id  # the shipped Starter is untouched
    assert [b["id"] for b in active["content"]["blocks"]] == [
        b["id"] for b in before["content"]["blocks"]
    ]


def test_a_rule_on_a_field_the_event_lacks_is_refused_with_its_path(client: TestClient) -> None:
    auth, store_id = seeded_owner(client)
    bad = {
        **BIG_ORDERS,
        "conditions": [{"field": "totl", "op": "gte", "value": 100}],
        "action": {"execute": "task://customer.win_back", "params": {"customer_email": "{{mail}}"}},
    }

    response = client.post(f"/api/stores/{store_id}/automations", json=bad, headers=auth)

    assert response.status_code == 422
    paths = {e["path"]: e["message"] for e in response.json()["errors"]}
    assert "no field 'totl'" in paths["$.conditions[0].field"]
    assert "order_id, number, total, email" in paths["$.conditions[0].field"]
    assert "no field 'mail'" in paths["$.action.params.customer_email"]
    assert rule_ids(client, auth, store_id) == ["reorder_when_low"]  # nothing changed


def test_a_second_rule_of_the_same_name_is_refused(client: TestClient) -> None:
    auth, store_id = seeded_owner(client)
    client.post(f"/api/stores/{store_id}/automations", json=BIG_ORDERS, headers=auth)

    again = client.post(f"/api/stores/{store_id}/automations", json=BIG_ORDERS, headers=auth)

    assert again.status_code == 422
    assert again.json()["errors"][0]["path"] == "$.id"
    assert rule_ids(client, auth, store_id) == ["reorder_when_low", "thank_big_buyers"]


def test_a_rule_is_replaced_in_place_and_deleted(client: TestClient) -> None:
    auth, store_id = seeded_owner(client)
    client.post(f"/api/stores/{store_id}/automations", json=BIG_ORDERS, headers=auth)
    weekly = {
        "id": "weekly_profit",
        "trigger": {"schedule": "weekly"},
        "action": {"execute": "task://finance.analyze_profit", "params": {"period_days": 7}},
    }

    replaced = client.put(
        f"/api/stores/{store_id}/automations/reorder_when_low", json=weekly, headers=auth
    )
    deleted = client.delete(f"/api/stores/{store_id}/automations/thank_big_buyers", headers=auth)
    missing = client.delete(f"/api/stores/{store_id}/automations/thank_big_buyers", headers=auth)

    assert replaced.status_code == 200, replaced.text
    assert deleted.status_code == 200
    assert missing.status_code == 404
    assert rule_ids(client, auth, store_id) == ["weekly_profit"]


def test_params_of_the_wrong_type_are_named(client: TestClient) -> None:
    auth, store_id = seeded_owner(client)
    bad = {
        "id": "stock_check",
        "trigger": {"event": "order.created"},
        "action": {
            "execute": "task://operations.check_stock_levels",
            "params": {"low_stock_days": "soon"},
        },
    }

    response = client.post(f"/api/stores/{store_id}/automations", json=bad, headers=auth)

    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "$.action.params.low_stock_days"
