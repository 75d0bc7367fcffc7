"""The storefront sells products by variant (each with its price and stock) and counts
visits, so the dashboard's conversion rate is measured."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from bizq_app.core.db import get_engine
from bizq_app.dashboards import dashboard_data
from tests.integration.sales.test_orders import DECLINED, cart, shop

SIZES = [
    {"options": {"size": "S"}, "price": "20.00", "sku": "TEE-S", "stock": 2},
    {"options": {"size": "L"}, "price": "24.50", "sku": "TEE-L", "stock": 0},
]


def tee(client: TestClient) -> tuple[dict[str, str], str, str, str]:
    auth, store_id, slug, _ = shop(client)
    created = client.post(
        "/api/products",
        headers=auth,
        json={
            "store_id": store_id,
            "title": "Linen tee",
            "price": "22.00",
            "cost": "8.00",
            "status": "active",
            "variants": SIZES,
        },
    )
    assert created.status_code == 201, created.text
    return auth, store_id, slug, created.json()["id"]


def variant_stock(client: TestClient, auth: dict[str, str], product_id: str) -> dict[str, int]:
    product = client.get(f"/api/products/{product_id}", headers=auth).json()
    return {
        "total": product["inventory_quantity"],
        **{v["options"]["size"]: v["stock"] for v in product["variants"]},
    }


def tee_cart(product_id: str, size: str | None, card: str = "4242424242424242") -> dict[str, Any]:
    body = cart(product_id, card=card)
    if size is not None:
        body["lines"][0]["options"] = {"size": size}
    return body


def test_the_product_page_shows_each_variant_with_its_price_and_availability(
    client: TestClient,
) -> None:
    auth, _, slug, product_id = tee(client)

    page = client.get(f"/api/storefront/{slug}/products/{product_id}").json()
    listed = client.get(f"/api/storefront/{slug}?q=linen").json()["products"]
    missing = client.get(f"/api/storefront/{slug}/products/{uuid.uuid4()}")

    assert [(c["label"], c["price"], c["availability"]) for c in page["choices"]] == [
        ("S", "20.00", "Only 2 left"),
        ("L", "24.50", "Sold out"),
    ]
    assert (page["price"], page["option_names"], page["in_stock"]) == ("20.00", ["size"], 2)
    assert "cost" not in page and "supplier_id" not in page
    assert [(p["title"], p["price"], p["options"]) for p in listed] == [
        ("Linen tee", "20.00", "size")
    ]
    assert missing.status_code == 404


def test_a_variant_is_bought_at_its_own_price_and_its_own_stock_goes_down(
    client: TestClient,
) -> None:
    auth, _, slug, product_id = tee(client)

    unchosen = client.post(f"/api/storefront/{slug}/checkout", json=tee_cart(product_id, None))
    unknown = client.post(f"/api/storefront/{slug}/checkout", json=tee_cart(product_id, "XL"))
    sold_out = client.post(f"/api/storefront/{slug}/checkout", json=tee_cart(product_id, "L"))
    paid = client.post(f"/api/storefront/{slug}/checkout", json=tee_cart(product_id, "S"))

    assert unchosen.status_code == 422
    assert unchosen.json()["errors"] == [
        {"path": "$.lines[0].options", "message": "choose one of: S, L"}
    ]
    assert unknown.status_code == 422
    assert sold_out.status_code == 409
    assert sold_out.json()["errors"][0]["path"] == "$.lines[0].quantity"
    assert paid.status_code == 201, paid.text
    order = client.get(f"/api/orders/{paid.json()['id']}", headers=auth).json()
    [item] = order["items"]
    assert (item["title"], item["unit_price"]) == ("Linen tee (S)", "20.00")
    assert order["subtotal"] == "20.00"
    assert variant_stock(client, auth, product_id) == {"total": 1, "S": 1, "L": 0}


def test_a_declined_card_and_a_restocking_refund_put_the_variant_back(
    client: TestClient,
) -> None:
    auth, _, slug, product_id = tee(client)

    declined = client.post(
        f"/api/storefront/{slug}/checkout", json=tee_cart(product_id, "S", DECLINED)
    )
    after_decline = variant_stock(client, auth, product_id)
    paid = client.post(f"/api/storefront/{slug}/checkout", json=tee_cart(product_id, "S"))
    after_sale = variant_stock(client, auth, product_id)
    refund = client.post(
        f"/api/orders/{paid.json()['id']}/refund", json={"restock": True}, headers=auth
    )

    assert declined.status_code == 402
    assert after_decline == {"total": 2, "S": 2, "L": 0}
    assert after_sale == {"total": 1, "S": 1, "L": 0}
    assert refund.status_code == 200, refund.text
    assert variant_stock(client, auth, product_id) == {"total": 2, "S": 2, "L": 0}


def test_visits_make_the_dashboard_conversion_rate(client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(client)
    owner = client.get("/api/auth/me", headers=auth).json()["id"]

    def metrics() -> dashboard_data.Metrics:
        with Session(get_engine()) as session:
            return dashboard_data.metrics(
                session=session, user_id=uuid.UUID(owner), store_id=uuid.UUID(store_id)
            )

    before = metrics()
    for visitor in ("visitor-aaaa1111", "visitor-aaaa1111", "visitor-bbbb2222"):
        seen = client.post(
            f"/api/storefront/{slug}/events", json={"kind": "view", "visitor": visitor}
        )
        assert seen.status_code == 204
    added = client.post(
        f"/api/storefront/{slug}/events",
        json={"kind": "add_to_cart", "visitor": "visitor-bbbb2222", "product_id": product_id},
    )
    bad_kind = client.post(
        f"/api/storefront/{slug}/events", json={"kind": "purchase", "visitor": "visitor-c1"}
    )
    bad_visitor = client.post(
        f"/api/storefront/{slug}/events", json={"kind": "view", "visitor": "<script>"}
    )
    client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id))

    assert before.conversion_percent is None  # nobody visited yet
    assert added.status_code == 204
    assert bad_kind.status_code == 422 and bad_kind.json()["errors"][0]["path"] == "$.kind"
    assert bad_visitor.status_code == 422
    assert metrics().conversion_percent == 50  # one order from two distinct visitors
