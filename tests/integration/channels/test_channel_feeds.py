"""File-based sync without credentials: the store's products as Shopify's product CSV,
Amazon's Inventory Loader, eBay's drafts CSV and Etsy's listings CSV."""

from __future__ import annotations

import csv
import io
import uuid

from fastapi.testclient import TestClient

from bizq_app.channels.feeds import AMAZON_COLUMNS, EBAY_COLUMNS, ETSY_COLUMNS, SHOPIFY_COLUMNS
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


def shop_with_a_tee_and_a_candle(client: TestClient) -> tuple[dict[str, str], str]:
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store_id = client.post("/api/stores", json={"name": "Wick & Co"}, headers=auth).json()["id"]
    client.post(
        "/api/products",
        headers=auth,
        json={
            "store_id": store_id,
            "title": "Wick tee",
            "description": "Soft\tcotton,\nprinted",
            "price": "20.00",
            "status": "active",
            "images": ["https://cdn.example.com/tee.png"],
            "variants": [
                {"options": {"size": "M"}, "price": "20.00", "sku": "TEE-M", "stock": 3},
                {"options": {"size": "L"}, "price": "22.00", "sku": "TEE-L", "stock": 0},
            ],
        },
    )
    for title, status in (("=SUM(A1)", "active"), ("Secret candle", "draft")):
        client.post(
            "/api/products",
            headers=auth,
            json={"store_id": store_id, "title": title, "price": "5.00", "status": status}
            | {"inventory_quantity": 4, "sku": "CANDLE-1" if status == "active" else "X-9"},
        )
    return auth, store_id


def test_the_amazon_inventory_loader_has_a_tab_delimited_row_per_sku(client: TestClient) -> None:
    auth, store_id = shop_with_a_tee_and_a_candle(client)
    stranger = signup(client, "stranger@example.com")
    url = f"/api/stores/{store_id}/channels/feeds/amazon-inventory-loader.txt"

    answer, refused = client.get(url, headers=auth), client.get(url, headers=stranger)

    assert answer.headers["content-type"].startswith("text/tab-separated-values")
    rows = list(csv.DictReader(io.StringIO(answer.text), delimiter="\t"))
    assert tuple(rows[0]) == AMAZON_COLUMNS
    assert [(r["sku"], r["price"], r["quantity"], r["item-condition"]) for r in rows] == [
        ("CANDLE-1", "5.00", "4", "11"),  # by title: "=SUM(A1)" first
        ("TEE-M", "20.00", "3", "11"),
        ("TEE-L", "22.00", "0", "11"),
    ]
    assert {r["add-delete"] for r in rows} == {"a"}
    assert "X-9" not in answer.text  # a draft is not offered on Amazon
    assert refused.status_code == 403


def test_the_ebay_drafts_csv_has_a_draft_per_sku(client: TestClient) -> None:
    auth, store_id = shop_with_a_tee_and_a_candle(client)

    answer = client.get(f"/api/stores/{store_id}/channels/feeds/ebay-drafts.csv", headers=auth)

    header, *rows = list(csv.reader(io.StringIO(answer.text)))
    assert header[0] == "Action(SiteID=US|Country=US|Currency=USD|Version=1193|CC=UTF-8)"
    assert tuple(header[1:]) == EBAY_COLUMNS
    drafts = {r[1]: r for r in rows}
    assert set(drafts) == {"TEE-M", "TEE-L", "CANDLE-1"}
    assert drafts["TEE-L"][0] == "Draft" and drafts["TEE-L"][3] == "Wick tee (L)"
    assert (drafts["TEE-L"][5], drafts["TEE-L"][6]) == ("22.00", "0")
    assert drafts["TEE-M"][7] == "https://cdn.example.com/tee.png"
    assert drafts["CANDLE-1"][3] == "'=SUM(A1)"  # never a formula in a spreadsheet
    assert {r[8] for r in rows} == {"1000"} and {r[10] for r in rows} == {"FixedPrice"}


def test_the_etsy_csv_has_a_row_per_product_with_its_variations(client: TestClient) -> None:
    auth, store_id = shop_with_a_tee_and_a_candle(client)

    answer = client.get(f"/api/stores/{store_id}/channels/feeds/etsy-listings.csv", headers=auth)

    rows = {r["TITLE"]: r for r in csv.DictReader(io.StringIO(answer.text))}
    assert tuple(next(iter(rows.values()))) == ETSY_COLUMNS
    tee = rows["Wick tee"]
    assert (tee["PRICE"], tee["QUANTITY"], tee["CURRENCY_CODE"]) == ("20.00", "3", "USD")
    assert (tee["VARIATION 1 NAME"], tee["VARIATION 1 VALUES"]) == ("size", "M,L")
    assert tee["IMAGE1"] == "https://cdn.example.com/tee.png" and tee["SKU"] == "TEE-M"
    assert set(rows) == {"Wick tee", "'=SUM(A1)"}
