"""The order pipeline and the automation rules act for the store as BizQ's own system
actors, not as the person who created it: once that person has left the store, a paid
order is still fulfilled and a rule still fires, and the audit log names who acted."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient

from bizq_app.accounts import audit
from bizq_app.core.db import session_scope
from tests.integration.automations.test_automations import log, store_with_rules
from tests.integration.conftest import signup, start_rq_worker, stop, wait_for
from tests.integration.sales.test_order_pipeline import settled
from tests.integration.sales.test_orders import cart

RULE = {
    "id": "check_stock_after_an_order",
    "trigger": {"event": "order.created"},
    "action": {"execute": "task://operations.check_stock_levels", "params": {}},
}


def hand_over(client: TestClient, creator: dict[str, str], store_id: str) -> dict[str, str]:
    """A partner becomes an owner, then removes the store's creator; the partner's header."""
    partner_email = f"partner-{uuid.uuid4().hex[:6]}@example.com"
    partner = signup(client, partner_email)
    members = f"/api/stores/{store_id}/members"
    [founder] = client.get(members, headers=creator).json()["items"]
    added = client.post(members, json={"email": partner_email, "role": "owner"}, headers=creator)
    assert added.status_code == 201, added.text
    removed = client.delete(f"{members}/{founder['user_id']}", headers=partner)
    assert removed.status_code == 204, removed.text
    assert client.get(f"/api/stores/{store_id}", headers=creator).status_code in (403, 404)
    return partner


def system_events(store_id: str) -> dict[str, str]:
    """The actor each pipeline or rule event of the store names, by action."""
    actions = ["order.fulfilling", "automation.fired", "automation.failed"]
    with session_scope() as session:
        found = audit.events(session=session, store_id=uuid.UUID(store_id), actions=actions)
        return {e.action: str(e.data.get("actor", e.actor_id)) for e in found}


def test_a_store_whose_creator_left_still_fulfils_orders_and_runs_its_rules(
    client: TestClient,
) -> None:
    creator, store_id = store_with_rules(client, [RULE])
    owner = hand_over(client, creator, store_id)
    slug = client.get(f"/api/stores/{store_id}", headers=owner).json()["slug"]
    product = {"store_id": store_id, "title": "Candle", "price": "30", "inventory_quantity": 9}
    product_id = client.post(
        "/api/products", headers=owner, json={**product, "status": "active"}
    ).json()["id"]
    worker = start_rq_worker()
    try:
        placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id))
        assert placed.status_code == 201, placed.text
        order: dict[str, Any] = settled(client, owner, placed.json()["id"])
        wait_for(lambda: log(client, owner, store_id), what="the rule to fire")
    finally:
        stop(worker)

    assert (order["status"], order["pipeline"]) == ("fulfilling", "done"), order["timeline"]
    [firing] = log(client, owner, store_id)
    assert firing["fired"] is True, firing["note"]
    tasks = client.get(f"/api/tasks?store_id={store_id}", headers=owner).json()["items"]
    assert {t["type"] for t in tasks} == {
        "operations.create_shipping_label",  # the pipeline's
        "operations.check_stock_levels",  # the rule's
    }
    assert system_events(store_id) == {
        "order.fulfilling": "system:order_pipeline",
        "automation.fired": "system:automations",
    }
