"""File-based sync without credentials: the store's products as Shopify's product CSV."""

from __future__ import annotations

import csv
import io
import uuid

from fastapi.testclient import TestClient

from bizq_app.channels.feeds import SHOPIFY_COLUMNS
from tests.integration.conftest import signup


def test_the_shopify_product_csv_has_a_row_per_variant_by_sku(client: TestClient) -> None:
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store_id = client.post("/api/stores", json={"name": "Wick & Co"}, headers=auth).json()["id"]
    tee = client.post(
        "/api/products",
        headers=auth,
        json={
            "store_id": store_id,
            "title": "Wick tee",
            "price": "20.00",
            "cost": "8.00",
            "status": "active",
            "variants": [
                {"options": {"size": "M"}, "price": "20.00", "sku": "TEE-M", "stock": 3},
                {"options": {"size": "L"}, "price": "22.00", "sku": "TEE-L", "stock": 0},
            ],
        },
    )
    odd = client.post(
        "/api/products",
        headers=auth,
        json={
            "store_id": store_id,
            "title": "=HYPERLINK(1)",
            "price": "5.00",
            "inventory_quantity": 4,
        },
    )
    stranger = signup(client, "stranger@example.com")

    answer = client.get(f"/api/stores/{store_id}/channels/feeds/shopify-products.csv", headers=auth)
    refused = client.get(
        f"/api/stores/{store_id}/channels/feeds/shopify-products.csv", headers=stranger
    )

    assert tee.status_code == 201 and odd.status_code == 201
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert tuple(rows[0]) == SHOPIFY_COLUMNS
    shirts = [r for r in rows if r["Handle"].startswith("wick-tee-")]
    assert [(r["Variant SKU"], r["Option1 Value"], r["Variant Price"]) for r in shirts] == [
        ("TEE-M", "M", "20.00"),
        ("TEE-L", "L", "22.00"),
    ]
    assert [r["Variant Inventory Qty"] for r in shirts] == ["3", "0"]
    assert shirts[0]["Title"] == "Wick tee" and shirts[1]["Title"] == ""  # first row only
    assert shirts[0]["Option1 Name"] == "size" and shirts[0]["Status"] == "active"
    draft = next(r for r in rows if r["Title"].endswith("HYPERLINK(1)"))
    assert draft["Title"] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet
    assert draft["Status"] == "draft" and draft["Published"] == "FALSE"
    assert draft["Option1 Name"] == "Title" and draft["Option1 Value"] == "Default Title"
    assert draft["Variant SKU"].startswith("BQ-") and draft["Variant Inventory Qty"] == "4"
    assert refused.status_code == 403
