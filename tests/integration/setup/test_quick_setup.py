"""Quick setup through the REST API: five answers → a ready store, on a real worker."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from bizq_app.core.db import get_engine
from bizq_app.setup.seed import load_seed
from tests.integration.conftest import signup, start_rq_worker, stop, wait_for

ANSWERS = {
    "businessName": "Calm Candle Co",
    "niche": "soy candles",
    "targetAudience": "people who love a cosy home",
    "startingBudget": "500",
    "experience": "beginner",
}


def seeded_owner(client: TestClient) -> dict[str, str]:
    with Session(get_engine()) as session:
        load_seed(session=session)
        session.commit()
    return signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")


def progress(client: TestClient, auth: dict[str, str], store_id: str) -> dict[str, Any]:
    return dict(client.get(f"/api/stores/{store_id}/setup", headers=auth).json())


def test_five_answers_give_a_store_with_brand_catalog_and_next_steps(client: TestClient) -> None:
    auth = seeded_owner(client)
    worker = start_rq_worker()
    try:
        started = client.post("/api/stores/quick-setup", headers=auth, json=ANSWERS)
        store_id = started.json()["store"]["id"]
        wait_for(lambda: progress(client, auth, store_id)["ready"], what="the store to be ready")
    finally:
        stop(worker)

    assert started.status_code == 201, started.text
    assert started.json()["store"]["name"] == "Calm Candle Co"
    template = client.get(f"/api/stores/{store_id}/template", headers=auth).json()
    assert template["name"] == "Starter"  # a beginner's dashboard
    assert len(started.json()["taskIds"]) == 4
    done = progress(client, auth, store_id)
    assert [s["type"] for s in done["steps"]] == [
        "market.research_niche",
        "supplier.find",
        "product.generate_catalog",
        "brand.create_identity",
    ]
    assert {s["status"] for s in done["steps"]} == {"completed"}
    assert done["brand"]["name"] == "Calm Candle Co"
    assert done["brand"]["colors"][0].startswith("#")
    assert done["draftProducts"] == 10
    # the guide ticks nothing the seller has not done; its one next step is the first
    assert [c["done"] for c in done["checklist"]] == [False] * 5
    assert done["next"]["key"] == "brand"
    catalog = client.get(f"/api/products?store_id={store_id}&limit=50", headers=auth).json()
    assert catalog["total"] == 10
    for product in catalog["items"]:
        assert product["status"] == "draft"
        assert product["inventory_quantity"] >= 10  # sellable once activated, not sold out
        assert float(product["price"]) > float(product["cost"]) > 0
        assert product["sku"].startswith("CAN-")
    assert sum(p["supplier_id"] is not None for p in catalog["items"]) >= 5
    assert any("candle" in p["title"].lower() for p in catalog["items"])


def test_bad_answers_are_all_reported_and_no_store_is_created(client: TestClient) -> None:
    auth = seeded_owner(client)

    response = client.post(
        "/api/stores/quick-setup",
        headers=auth,
        json={**ANSWERS, "businessName": " ", "startingBudget": "-50", "experience": "guru"},
    )

    assert response.status_code == 422
    assert {e["path"]: e["message"] for e in response.json()["errors"]} == {
        "$.businessName": "is required",
        "$.startingBudget": "must be 0 or more",
        "$.experience": "must be beginner, intermediate or advanced",
    }
    assert client.get("/api/stores", headers=auth).json()["total"] == 0


def test_an_unknown_niche_still_gets_a_store_and_an_honest_generic_catalog(
    client: TestClient,
) -> None:
    auth = seeded_owner(client)
    worker = start_rq_worker()
    try:
        started = client.post(
            "/api/stores/quick-setup", headers=auth, json={**ANSWERS, "niche": "zorbing helmets"}
        ).json()
        store_id = started["store"]["id"]
        wait_for(lambda: progress(client, auth, store_id)["ready"], what="the store to be ready")
    finally:
        stop(worker)

    report = client.get(f"/api/tasks/{started['taskIds'][0]}", headers=auth).json()["output"]
    assert "no bundled data" in report["summary"].lower()
    assert report["verdict"] != "go"
    assert progress(client, auth, store_id)["draftProducts"] >= 3


def test_the_dashboard_template_follows_the_sellers_experience(client: TestClient) -> None:
    auth = seeded_owner(client)

    names = []
    for experience in ("beginner", "intermediate", "advanced"):
        store = client.post(
            "/api/stores/quick-setup", headers=auth, json={**ANSWERS, "experience": experience}
        ).json()["store"]
        names.append(client.get(f"/api/stores/{store['id']}/template", headers=auth).json()["name"])

    assert names == ["Starter", "Growth", "Scale"]


def test_the_seller_ticks_what_bizq_cannot_see_and_bizq_ticks_what_it_can(
    client: TestClient,
) -> None:
    auth = seeded_owner(client)
    store_id = client.post("/api/stores", headers=auth, json={"name": "Guide"}).json()["id"]
    steps = f"/api/stores/{store_id}/setup/steps"
    product = {"store_id": store_id, "title": "Mat", "price": "30", "inventory_quantity": 4}

    ticked = client.put(f"{steps}/brand", headers=auth, json={"done": True})
    refused = client.put(f"{steps}/activate", headers=auth, json={"done": True})
    stranger = signup(client, f"stranger-{uuid.uuid4().hex[:6]}@example.com")
    foreign = client.put(f"{steps}/niche", headers=stranger, json={"done": True})
    client.post("/api/products", headers=auth, json={**product, "status": "active"})
    done = progress(client, auth, store_id)

    assert ticked.status_code == 200, ticked.text
    assert refused.status_code == 422  # BizQ sees for itself whether products are active
    assert foreign.status_code in (403, 404)
    assert {c["key"]: c["done"] for c in done["checklist"]} == {
        "brand": True,  # ticked by the seller
        "niche": False,  # not by a stranger
        "activate": True,  # seen: a product is active
        "sample": False,
        "first_order": False,
    }
    assert done["next"]["key"] == "niche"
    untick = client.put(f"{steps}/brand", headers=auth, json={"done": False}).json()
    assert untick["next"]["key"] == "brand"
