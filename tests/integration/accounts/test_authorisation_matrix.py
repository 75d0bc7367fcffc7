"""Every API route that names a store or one of its records, called by a stranger (a
signed-in user of another store) with the first store's real ids, answers 403 or 404.

The routes come from the app's own OpenAPI table, so a route added later is checked
the day it appears: it must either refuse the stranger or be listed in ``PUBLIC`` with
the reason anyone may call it.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from bizq_app.api.app import build_api
from tests.integration.automations.test_api_automation_rules import BIG_ORDERS
from tests.integration.catalog.test_product_images import PNG
from tests.integration.conftest import signup
from tests.integration.dashboards.test_api_templates import seeded_owner
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
NOWHERE = "00000000-0000-4000-8000-000000000000"
IDS = (
    "store_id",
    "product_id",
    "order_id",
    "task_id",
    "customer_id",
    "template_id",
    "rule_id",
    "member_id",
    "recurring_id",
    "supplier_id",
    "worker_id",
    "connection_id",
)


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


def sample(
    schema: dict[str, Any], spec: dict[str, Any], ids: dict[str, str], name: str = ""
) -> Any:  # noqa: E501
    """A body the route accepts as well-formed, naming the first store's records."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if name in ids:
        return ids[name]
    if name.endswith("_ids") and name[:-1] in ids:  # product_ids: [the first store's product]
        return [ids[name[:-1]]]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        wanted = set(schema.get("required", [])) | set(ids)
        return {k: sample(v, spec, ids, k) for k, v in props.items() if k in wanted}
    if kind == "array":
        return [sample(schema.get("items", {}), spec, ids)] if schema.get("minItems") else []
    if kind in ("integer", "number"):
        return 1
    if kind == "boolean":
        return False
    if "anyOf" in schema:
        return sample(schema["anyOf"][0], spec, ids, name)
    return "x"


def _payload(content: dict[str, Any], body: Any) -> dict[str, Any]:
    """The request's body in the form the route takes (JSON, a file, CSV or bytes)."""
    if "multipart/form-data" in content:
        return {"files": {"file": ("mug.png", PNG, "image/png")}}
    if "text/csv" in content:
        return {"content": b"title\nCandle\n"}
    if "application/octet-stream" in content:
        return {"content": b"a file"}
    return {"json": body} if body is not None else {}


def test_a_stranger_reaches_nothing_of_another_store(client: TestClient) -> None:
    _, ids = first_store(client)
    stranger = signup(client, "stranger@example.com")
    client.post("/api/stores", json={"name": "Second Shop"}, headers=stranger)
    spec = build_api().openapi()

    leaks, checked = [], 0
    for path, operations in spec["paths"].items():
        if path in PUBLIC:
            continue
        for method, operation in operations.items():
            params = {p["name"]: p for p in operation.get("parameters", [])}
            content = operation.get("requestBody", {}).get("content", {})
            body_schema = content.get("application/json", {}).get("schema", {})
            body = sample(body_schema, spec, ids) if body_schema else None
            named = [n for n in params if n in IDS]
            in_body = isinstance(body, dict) and any(k in IDS for k in body)
            if not named and not in_body:
                continue
            values = {
                n: ids[n] if n in ids else sample(p.get("schema", {}), spec, ids, n)
                for n, p in params.items()
                if n in ids or p.get("required")
            }
            url = path.format(**{n: v for n, v in values.items() if params[n]["in"] == "path"})
            query = {n: v for n, v in values.items() if params[n]["in"] == "query"}
            kind = {"Content-Type": "text/csv"} if "text/csv" in content else {}
            answer = client.request(
                method.upper(),
                url,
                params=query,
                headers={**stranger, **kind},
                **_payload(content, body),
            )
            checked += 1
            if answer.status_code not in (403, 404):
                leaks.append(f"{method.upper()} {path} → {answer.status_code} {answer.text[-200:]}")

    assert checked >= 60
    assert leaks == [], "\n".join(leaks)
