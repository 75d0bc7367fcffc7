"""Every API route that names a store or one of its records, called by a stranger (a
signed-in user of another store) with the first store's real ids, answers 403 or 404.

The routes come from the app's own OpenAPI table, so a route added later is checked
the day it appears: it must either refuse the stranger or be listed in ``PUBLIC`` with
the reason anyone may call it.
"""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.automations.test_api_automation_rules import BIG_ORDERS
from tests.integration.conftest import signup
from tests.integration.dashboards.test_api_templates import seeded_owner
from tests.integration.routes import NOWHERE, every_route
from tests.integration.sales.test_orders import cart

# Routes anyone may call, and why; everything else that takes an id is in the matrix.
PUBLIC = {
    "/api/storefront/{slug}": "the shop's public catalogue",
    "/api/storefront/{slug}/products/{product_id}": "a product page of the public shop",
    "/api/storefront/{slug}/checkout": "buyers check out without an account",
    "/api/storefront/{slug}/events": "anonymous page-view counts",
    "/api/storefront/{slug}/order": "opened with the signed link a buyer was e-mailed",
    "/api/storefront/{slug}/order/reviews": "opened with the signed link a buyer was e-mailed",
    "/api/media/{store_id}/{name}": "product images, public like the shop they appear in",
    "/api/downloads/{token}": "opened with the signed link a buyer was e-mailed",
    "/api/task-definitions/{name}": "the public catalogue of task types",
    "/api/channels/{connection_id}/webhooks/shopify/orders": "Shopify's webhook, refused "
    "unless signed with the secret saved with the connection",
    "/api/channels/{connection_id}/webhooks/tiktok_shop/orders": "TikTok Shop's webhook, "
    "refused unless signed with the app key and secret saved with the connection",
    "/api/channels/{connection_id}/webhooks/walmart/orders": "Walmart's notification, "
    "refused unless signed with the secret BizQ made for the connection",
    "/api/channels/{connection_id}/webhooks/ebay/orders": "eBay's notification (signed with "
    "eBay's published key) and its challenge, answered only with the connection's token",
    "/api/channels/{connection_id}/webhooks/etsy/orders": "Etsy's webhook, refused unless "
    "signed with the signing secret saved with the connection",
}


def first_store(client: TestClient) -> tuple[dict[str, str], dict[str, str]]:
    """An owner's store with one of each record (its own template, a rule, an order, a
    customer, a task...); returns the owner's token and the records' ids."""
    auth, store_id = seeded_owner(client)
    slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]
    product = client.post(
        "/api/products",
        headers=auth,
        json={
            "store_id": store_id,
            "title": "Candle",
            "price": "20.00",
            "status": "active",
            "inventory_quantity": 5,
        },
    ).json()
    order = client.post(f"/api/storefront/{slug}/checkout", json=cart(product["id"], 1)).json()
    task = client.post(
        "/api/tasks",
        headers=auth,
        json={
            "store_id": store_id,
            "type": "customer.analyze_review_sentiment",
            "input": {"reviews": [{"text": "Lovely", "rating": 5}]},
        },
    ).json()
    added = client.post(f"/api/stores/{store_id}/automations", json=BIG_ORDERS, headers=auth)
    members = client.get(f"/api/stores/{store_id}/members", headers=auth).json()["items"]
    customers = client.get(f"/api/customers?store_id={store_id}", headers=auth).json()
    recurring = client.post(
        "/api/recurring-tasks",
        headers=auth,
        json={
            "store_id": store_id,
            "type": "customer.analyze_review_sentiment",
            "input": {"reviews": [{"text": "Lovely", "rating": 5}]},
            "every": 7,
            "unit": "days",
        },
    ).json()
    return auth, {
        "store_id": store_id,
        "product_id": product["id"],
        "order_id": order["id"],
        "task_id": task["id"],
        "customer_id": customers["items"][0]["id"],
        "rule_id": BIG_ORDERS["id"],
        "member_id": members[0]["user_id"],
        "template_id": added.json()["template_id"],
        "recurring_id": recurring.get("id", NOWHERE),
        "supplier_id": NOWHERE,
        "worker_id": client.get("/api/workers", headers=auth).json()["items"][0]["id"],
        "connection_id": NOWHERE,  # a real one: tests/integration/channels (a Shopify stand-in)
        "listing_id": NOWHERE,
        "hold_id": NOWHERE,
        "channel": "shopify",  # whose order report
    }


def test_a_stranger_reaches_nothing_of_another_store(client: TestClient) -> None:
    _, ids = first_store(client)
    stranger = signup(client, "stranger@example.com")
    client.post("/api/stores", json={"name": "Second Shop"}, headers=stranger)
    leaks, checked = [], 0
    for call in every_route(ids, skip=frozenset(PUBLIC)):
        if not call.names_a_record:
            continue
        answer = call.send(client, stranger)
        checked += 1
        if answer.status_code not in (403, 404):
            leaks.append(f"{call} → {answer.status_code} {answer.text[-200:]}")

    assert checked >= 60
    assert leaks == [], "\n".join(leaks)
