"""A product that has been sold keeps its place in the order history: once its order is
closed (cancelled, refunded), deleting it is refused with a 409 that says to archive
it, never a 500, and the product and the order's line are still there."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.sales.test_orders import cart, shop


def test_a_product_on_a_cancelled_order_is_kept_and_can_be_archived(
    any_client: TestClient,
) -> None:
    auth, _, slug, product_id = shop(any_client)
    order = any_client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, 2)).json()
    cancelled = any_client.post(f"/api/orders/{order['id']}/cancel", headers=auth)

    deleted = any_client.delete(f"/api/products/{product_id}", headers=auth)
    archived = any_client.put(
        f"/api/products/{product_id}", headers=auth, json={"status": "archived"}
    )

    assert cancelled.json()["status"] == "cancelled"
    assert deleted.status_code == 409
    assert deleted.headers["content-type"].startswith("application/problem+json")
    assert deleted.json()["code"] == "conflict"
    assert "archive the product instead" in deleted.json()["detail"]
    assert archived.json()["status"] == "archived"
    lines = any_client.get(f"/api/orders/{order['id']}", headers=auth).json()["items"]
    assert [(line["product_id"], line["quantity"]) for line in lines] == [(product_id, 2)]
