"""``POST /api/stores/{id}/channels/order-reports/{channel}``: a cell too long to read is
the report's fault, named by line and column, and no order is imported."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from tests.integration.channels.conftest import fig_candle_store
from tests.integration.channels.test_order_reports import COLUMNS, export, upload
from tests.integration.channels.test_shopify_orders import orders_of, stock_of

HUGE = "Flat 2, " * 25_000  # 200,000 characters: over the CSV reader's 131,072


def with_address(report: bytes, line: int, address: str) -> bytes:
    rows = list(csv.DictReader(io.StringIO(report.decode())))
    rows[line - 2]["Shipping Address1"] = address
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_a_cell_too_long_to_read_is_a_422_and_nothing_is_imported(client: TestClient) -> None:
    auth, store_id, product = fig_candle_store(client)  # FIG-1, 5 in stock
    report = export(
        ("#2001", "9001", "paid", "USD", [("FIG-1", 1, "24.00")]),
        ("#2002", "9002", "paid", "USD", [("FIG-1", 1, "24.00")]),
    )

    refused = upload(client, auth, store_id, with_address(report, 3, HUGE))
    accepted = upload(client, auth, store_id, with_address(report, 3, "Flat 2"))

    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {
            "path": "$.rows[3].Shipping Address1",
            "message": "is longer than 131,072 characters (a spreadsheet cell holds 32,767)",
        }
    ]
    assert accepted.status_code == 200, accepted.text  # the same report, read fine
    assert accepted.json()["imported"] == ["#2001", "#2002"]
    assert len(orders_of(client, auth, store_id)) == 2 and stock_of(client, auth, product) == 3
