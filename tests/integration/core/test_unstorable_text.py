"""Text PostgreSQL cannot store (a NUL character) in a query or a body is the request's
fault: a 422 in the problem+json shape, and nothing is written."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.sales.test_orders import shop


def test_a_nul_character_in_a_search_or_a_product_is_a_422(client: TestClient) -> None:
    auth, store_id, slug, _ = shop(client)

    searched = client.get(f"/api/storefront/{slug}", params={"q": "soy\x00"})
    added = client.post(
        "/api/products",
        headers=auth,
        json={"store_id": store_id, "title": "Mug\x00", "price": "12.00"},
    )

    for answer in (searched, added):
        assert answer.status_code == 422
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.json()["code"] == "validation_failed"
        assert "NUL" in answer.json()["detail"]
    listed = client.get("/api/products", headers=auth, params={"store_id": store_id}).json()
    assert [p["title"] for p in listed["items"]] == ["Soy candle"]
