"""Buyers review what they received through the link in their e-mail; the store's rules
hear ``review.received``; the owner reads the reviews."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.integration.automations.test_automations import log
from tests.integration.conftest import wait_for
from tests.integration.sales.test_order_pipeline import mails, seeded, settled, worker
from tests.integration.sales.test_orders import cart, shop

__all__ = ["seeded", "worker"]  # fixtures used by this module's tests

UNHAPPY_BUYERS: dict[str, Any] = {
    "id": "answer_unhappy_buyers",
    "trigger": {"event": "review.received"},
    "enabled": True,  # it spends credits: on, as the seller said
    "conditions": [{"field": "rating", "op": "lte", "value": 2}],
    "action": {
        "execute": "task://customer.respond_to_review",
        "params": {"review_text": "{{text}}", "rating": "{{rating}}"},
    },
}


def delivered_order(client: TestClient) -> tuple[dict[str, str], str, str, str, str]:
    """A paid, shipped and delivered order: (auth, store id, slug, product id, the
    buyer's link token from the review-request e-mail)."""
    auth, store_id, slug, product_id = shop(client)
    placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id)).json()
    settled(client, auth, placed["id"])
    shipped = client.post(
        f"/api/orders/{placed['id']}/fulfill", json={"tracking_number": "1Z1"}, headers=auth
    )
    assert shipped.status_code == 200, shipped.text
    delivered = client.post(f"/api/orders/{placed['id']}/deliver", headers=auth)
    assert delivered.status_code == 200, delivered.text
    request = next(m for m in mails(client, auth, store_id) if m["kind"] == "review_request")
    link = re.search(r"/order\?t=(\S+)", request["body"])
    assert link, request["body"]
    return auth, store_id, slug, product_id, link[1]


def review(client: TestClient, slug: str, token: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/storefront/{slug}/order/reviews?t={token}", json=body)


def test_the_buyer_reviews_a_delivered_product_once(client: TestClient, worker: None) -> None:
    auth, store_id, slug, product_id, token = delivered_order(client)

    offered = client.get(f"/api/storefront/{slug}/order/reviews?t={token}").json()
    left = review(client, slug, token, {"product_id": product_id, "rating": 4, "text": "Lovely"})
    again = review(client, slug, token, {"product_id": product_id, "rating": 1})

    assert [(r["product_id"], r["rating"]) for r in offered] == [(product_id, "")]
    assert left.status_code == 201, left.text
    assert left.json()["author"] == "Ada"  # the first name only
    assert again.status_code == 409
    assert "already reviewed" in again.json()["detail"]
    listed = client.get(f"/api/reviews?store_id={store_id}", headers=auth).json()
    assert [(r["rating"], r["text"]) for r in listed["items"]] == [(4, "Lovely")]
    now = client.get(f"/api/storefront/{slug}/order/reviews?t={token}").json()
    assert (now[0]["rating"], now[0]["text"]) == ("4", "Lovely")
    order = client.get(f"/api/orders/{left.json()['order_id']}", headers=auth).json()
    assert order["timeline"][-1]["note"].endswith("4/5.")


def test_bad_reviews_are_refused_with_where_and_nothing_is_saved(
    client: TestClient, worker: None
) -> None:
    auth, store_id, slug, product_id, token = delivered_order(client)

    too_high = review(client, slug, token, {"product_id": product_id, "rating": 6})
    foreign = review(client, slug, token, {"product_id": store_id, "rating": 3})
    forged = review(client, slug, token[:-4] + "abcd", {"product_id": product_id, "rating": 3})
    long = review(client, slug, token, {"product_id": product_id, "rating": 3, "text": "x" * 2001})

    assert too_high.status_code == 422
    assert too_high.json()["errors"][0]["path"] == "$.rating"
    assert foreign.status_code == 422
    assert foreign.json()["errors"][0]["path"] == "$.product_id"
    assert forged.status_code == 401
    assert long.status_code == 422
    assert client.get(f"/api/reviews?store_id={store_id}", headers=auth).json()["total"] == 0


def test_an_order_not_yet_delivered_cannot_be_reviewed(client: TestClient, worker: None) -> None:
    auth, store_id, slug, product_id = shop(client)
    placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id)).json()
    settled(client, auth, placed["id"])
    confirmation = mails(client, auth, store_id)[0]
    token = re.search(r"/order\?t=(\S+)", confirmation["body"])
    assert token

    early = review(client, slug, token[1], {"product_id": product_id, "rating": 5})

    assert early.status_code == 409
    assert "once the order has been delivered" in early.json()["detail"]
    assert client.get(f"/api/storefront/{slug}/order/reviews?t={token[1]}").json() == []


def test_an_unhappy_review_fires_the_store_rule_that_answers_it(
    client: TestClient, worker: None
) -> None:
    auth, store_id, slug, product_id, token = delivered_order(client)
    added = client.post(f"/api/stores/{store_id}/automations", json=UNHAPPY_BUYERS, headers=auth)
    assert added.status_code == 201, added.text

    review(client, slug, token, {"product_id": product_id, "rating": 1, "text": "Arrived broken"})

    wait_for(lambda: len(log(client, auth, store_id)) == 1, what="the rule to fire")
    firing = log(client, auth, store_id)[0]
    assert (firing["rule"], firing["event"], firing["fired"]) == (
        "answer_unhappy_buyers",
        "review.received",
        True,
    )
    task = client.get(f"/api/tasks/{firing['task_id']}", headers=auth).json()
    assert task["type"] == "customer.respond_to_review"
    assert task["input"]["review_text"] == "Arrived broken"
    assert task["input"]["rating"] == 1
