"""What an approval changes and costs, shown before the owner decides: a card's before and
after, its price, Reject that changes nothing, Approve that charges exactly the cost shown
— refused if the cost is another one now, and charged once however many approve at once."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from bizq_app.core.db import get_engine
from bizq_app.jobs.tasks import run_task
from bizq_app.tasks.task_definitions import get_definition
from tests.integration.approvals.test_approvals import queue, scan, shop_selling
from tests.integration.conftest import THREADS, at_once, codes


def price_review(client: TestClient, auth: dict[str, str], store_id: str, product_id: str) -> str:
    """A price review of the product, run by the job a worker runs, waiting for the owner."""
    created = client.post(
        "/api/tasks",
        headers=auth,
        json={
            "store_id": store_id,
            "type": "product.price_optimization",
            "input": {"product_id": product_id, "competitor_prices": [28, 30]},
        },
    )
    assert created.status_code == 201, created.text
    run_task(created.json()["id"])
    return str(created.json()["id"])


def balance(client: TestClient, auth: dict[str, str], store_id: str) -> Decimal:
    return Decimal(client.get(f"/api/stores/{store_id}/credits", headers=auth).json()["balance"])


def product(client: TestClient, auth: dict[str, str], product_id: str) -> dict[str, Any]:
    return dict(client.get(f"/api/products/{product_id}", headers=auth).json())


def decide(
    client: TestClient, auth: dict[str, str], item: dict[str, Any], decision: str, **extra: Any
) -> Any:
    choice = {"kind": item["kind"], "id": item["id"], **extra}
    return client.post(
        "/api/approvals/decide",
        headers=auth,
        json={"items": [choice], "decision": decision, "reason": "Not now"},
    )


def test_a_price_change_shows_its_before_and_after_and_the_credits_it_charges(
    client: TestClient,
) -> None:
    auth, store_id, product_id = shop_selling(client, per_day=1, stock=30)
    task_id = price_review(client, auth, store_id, product_id)

    [item] = queue(client, auth, store_id)

    task = client.get(f"/api/tasks/{task_id}", headers=auth).json()
    proposed = Decimal(str(task["output"]["recommended_price"])).quantize(Decimal("0.01"))
    assert item["changes"] == [{"field": "Price", "before": "$24.99", "after": f"${proposed}"}]
    with Session(get_engine()) as session:
        quote = get_definition(session=session, name="product.price_optimization").estimated_cost
    assert Decimal(item["cost"]) == quote == Decimal(task["cost"])


def test_reject_on_a_card_leaves_the_product_and_the_credits_as_they_were(
    client: TestClient,
) -> None:
    auth, store_id, product_id = shop_selling(client, per_day=1, stock=30)
    price_review(client, auth, store_id, product_id)
    [item] = queue(client, auth, store_id)
    before = balance(client, auth, store_id)

    rejected = decide(client, auth, item, "reject")

    assert rejected.status_code == 200, rejected.text
    assert balance(client, auth, store_id) == before
    assert product(client, auth, product_id)["price"] == "24.99"
    assert queue(client, auth, store_id) == []


def test_approval_at_another_cost_than_the_one_shown_is_refused_and_charges_nothing(
    client: TestClient,
) -> None:
    auth, store_id, product_id = shop_selling(client, per_day=1, stock=30)
    price_review(client, auth, store_id, product_id)
    [item] = queue(client, auth, store_id)
    before = balance(client, auth, store_id)

    stale = decide(client, auth, item, "approve", cost="1.00")

    assert stale.status_code == 409, stale.text
    assert f"1.00 credits then, {item['cost']} now" in stale.json()["detail"]
    assert balance(client, auth, store_id) == before
    assert product(client, auth, product_id)["price"] == "24.99"
    assert [i["id"] for i in queue(client, auth, store_id)] == [item["id"]]

    approved = decide(client, auth, item, "approve", cost=item["cost"])

    assert approved.status_code == 200, approved.text
    assert before - balance(client, auth, store_id) == Decimal(item["cost"])
    assert f"${product(client, auth, product_id)['price']}" == item["changes"][0]["after"]


def test_a_suggestion_shows_what_the_tasks_it_starts_cost(client: TestClient) -> None:
    auth, store_id, _ = shop_selling(client, per_day=1, stock=3)
    scan(client, auth, store_id)
    [item] = queue(client, auth, store_id)
    with Session(get_engine()) as session:
        quote = get_definition(session=session, name="operations.reorder_stock").estimated_cost

    stale = decide(client, auth, item, "approve", cost=str(quote + 1))
    approved = decide(client, auth, item, "approve", cost=item["cost"])

    assert item["label"] == "Reorder" and Decimal(item["cost"]) == quote
    assert stale.status_code == 409, stale.text
    assert approved.status_code == 200, approved.text


def test_a_card_approved_twenty_times_at_once_is_charged_once_at_its_shown_cost(
    any_client: TestClient,
) -> None:
    auth, store_id, product_id = shop_selling(any_client, per_day=1, stock=30)
    price_review(any_client, auth, store_id, product_id)
    [item] = queue(any_client, auth, store_id)
    before = balance(any_client, auth, store_id)

    responses = at_once(
        THREADS, lambda _n: decide(any_client, auth, item, "approve", cost=item["cost"])
    )

    assert codes(responses) == Counter({200: 1, 409: THREADS - 1}), [r.text for r in responses]
    assert before - balance(any_client, auth, store_id) == Decimal(item["cost"])
    assert queue(any_client, auth, store_id) == []
