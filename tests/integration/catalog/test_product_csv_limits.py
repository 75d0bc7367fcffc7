"""``POST /api/products/import``: a cell too long to read is the file's fault, named by line
and column, and nothing is imported."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.catalog.test_api_products import import_csv, owner_with_store

HUGE = "Soft wax. " * 20_000  # 200,000 characters: over the CSV reader's 131,072


def test_a_cell_too_long_to_read_is_a_422_naming_its_line_and_column(client: TestClient) -> None:
    auth, store_id = owner_with_store(client)
    text = (
        "title,description,price,sku\n"
        "Lavender candle,Burns 40 hours,24.00,CAN-1\n"
        f'Oat soap,"{HUGE}",9.00,SOAP-1\n'
        "Cedar candle,Woody,26.00,CAN-2\n"
    )

    refused = import_csv(client, auth, store_id, text)
    skipping = import_csv(client, auth, store_id, text, skip_bad_rows="true")

    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["errors"] == [
        {
            "path": "$.rows[3].description",
            "message": "is longer than 131,072 characters (a spreadsheet cell holds 32,767)",
        }
    ]
    assert skipping.status_code == 422  # the rows after it cannot be read either
    listed = client.get(f"/api/products?store_id={store_id}", headers=auth).json()
    assert listed["items"] == []
