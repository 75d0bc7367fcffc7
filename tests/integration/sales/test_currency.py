"""Amounts a currency cannot carry are refused where they are typed: a yen shop's prices,
costs, variant prices, imported rows and refunds are whole yen; a price set before the
shop changed its currency is refused at checkout before any stock is taken."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.integration.catalog.test_api_products import import_csv
from tests.integration.sales.test_orders import cart, shop, stock
from tests.integration.sales.test_races import ledger

WHOLE_YEN = "must be a whole amount in JPY"


def yen_shop(client: TestClient) -> tuple[dict[str, str], str, str, str]:
    auth, store_id, slug, product_id = shop(client, stock=5, price="24.00")
    assert client.put(f"/api/stores/{store_id}", headers=auth, json={"currency": "JPY"}).is_success
    return auth, store_id, slug, product_id


def new_product(client: TestClient, auth: dict[str, str], store_id: str, **fields: Any) -> Any:
    body = {"store_id": store_id, "title": "Tenugui", "inventory_quantity": 5, **fields}
    return client.post("/api/products", headers=auth, json={"status": "active", **body})


def test_a_yen_shop_refuses_prices_in_fractions_of_a_yen(client: TestClient) -> None:
    auth, store_id, _, product_id = yen_shop(client)
    variants = [
        {"options": {"colour": "indigo"}, "price": "1200", "stock": 2},
        {"options": {"colour": "red"}, "price": "1200.5", "stock": 2},
    ]

    fractional = new_product(client, auth, store_id, price="1200.50", cost="300.25")
    by_variant = new_product(client, auth, store_id, price="1200", variants=variants)
    edited = client.put(f"/api/products/{product_id}", headers=auth, json={"price": "24.50"})
    imported = import_csv(client, auth, store_id, "title,price\nFan,980.5\nBowl,1500\n")
    whole = new_product(client, auth, store_id, price="1200")

    assert fractional.status_code == by_variant.status_code == edited.status_code == 422
    assert {(e["path"], e["message"]) for e in fractional.json()["errors"]} == {
        ("$.price", WHOLE_YEN),
        ("$.cost", WHOLE_YEN),
    }
    assert by_variant.json()["errors"] == [{"path": "$.variants[1].price", "message": WHOLE_YEN}]
    assert imported.status_code == 422
    assert imported.json()["errors"] == [{"path": "$.rows[2].price", "message": WHOLE_YEN}]
    assert whole.status_code == 201 and whole.json()["price"] == "1200.00"
    titles = {
        p["title"]
        for p in client.get(f"/api/products?store_id={store_id}", headers=auth).json()["items"]
    }
    assert titles == {"Soy candle", "Tenugui"}  # nothing half-written


def test_a_price_left_from_another_currency_is_refused_at_checkout_before_stock_moves(
    client: TestClient,
) -> None:
    auth, store_id, slug, _ = shop(client, stock=5)
    cents = new_product(client, auth, store_id, price="24.50").json()["id"]
    assert client.put(f"/api/stores/{store_id}", headers=auth, json={"currency": "JPY"}).is_success

    refused = client.post(f"/api/storefront/{slug}/checkout", json=cart(cents, 1))

    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {"path": "$.lines[0].product_id", "message": f"its price {WHOLE_YEN}; ask the shop"}
    ]
    assert stock(client, auth, cents) == 5 == ledger(cents)
    assert client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["total"] == 0


def test_a_refund_in_fractions_of_a_yen_is_refused_and_changes_nothing(client: TestClient) -> None:
    auth, store_id, slug, _ = shop(client, stock=5)
    assert client.put(f"/api/stores/{store_id}", headers=auth, json={"currency": "JPY"}).is_success
    product_id = new_product(client, auth, store_id, price="1200").json()["id"]
    order = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, 1)).json()

    refused = client.post(
        f"/api/orders/{order['id']}/refund", headers=auth, json={"amount": "100.5"}
    )

    assert refused.status_code == 422
    assert refused.json()["errors"] == [{"path": "$.amount", "message": WHOLE_YEN}]
    assert client.get(f"/api/orders/{order['id']}", headers=auth).json()["refunded"] == "0.00"
