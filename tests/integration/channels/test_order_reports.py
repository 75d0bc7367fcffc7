"""File-based order import: Shopify's orders export (its documented columns, an order over
several rows) becomes BizQ orders through the stock ledger, each once whichever way it
came; orders BizQ cannot record are skipped with the reason; a malformed file imports
nothing."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient

from tests.integration.channels.test_shopify_orders import (
    orders_of,
    selling_on_shopify,
    stock_of,
    webhook,
)
from tests.integration.conftest import signup
from tests.standins.shopify_server import ShopifyStandIn

COLUMNS = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Currency,Subtotal,Shipping,Taxes,"
    "Total,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,"
    "Lineitem sku,Shipping Name,Shipping Address1,Shipping City,Shipping Zip,"
    "Shipping Country,Id"
).split(",")


def export(*orders: tuple[str, str, str, str, list[tuple[str, int, str]]]) -> bytes:
    """Shopify's orders CSV: (name, id, status, currency, [(sku, quantity, price)]) each."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for name, order_id, status, currency, lines in orders:
        for i, (sku, quantity, price) in enumerate(lines):
            row = dict.fromkeys(COLUMNS, "")
            row |= {"Name": name, "Lineitem quantity": str(quantity), "Lineitem sku": sku}
            row |= {"Lineitem price": price, "Lineitem name": f"Item {sku}"}
            if i == 0:  # the order's own fields: on its first row only
                row |= {"Email": "sam@example.com", "Financial Status": status, "Id": order_id}
                row |= {"Currency": currency, "Shipping": "4.99", "Shipping Name": "Sam"}
                row |= {"Shipping Method": "Standard", "Shipping City": "Bristol"}
            writer.writerow(row)
    return out.getvalue().encode()


def upload(client: TestClient, auth: dict[str, str], store_id: str, body: bytes):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/stores/{store_id}/channels/order-reports/shopify",
        headers={**auth, "Content-Type": "text/csv"},
        content=body,
    )


def test_the_paid_orders_of_a_shopify_export_are_imported_once(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, product, connection = selling_on_shopify(client)  # FIG-1, 5 in stock
    webhook(client, connection, shopify.place_order([("FIG-1", 1)]))  # already in BizQ
    came = shopify.orders[0]
    report = export(
        ("#2001", "9001", "paid", "USD", [("FIG-1", 1, "24.00"), ("FIG-1", 1, "24.00")]),
        (str(came["name"]), str(came["id"]), "paid", "USD", [("FIG-1", 1, "24.00")]),
        ("#2002", "9002", "pending", "USD", [("FIG-1", 1, "24.00")]),
        ("#2003", "9003", "paid", "USD", [("TOTE-9", 1, "12.00")]),
        ("#2004", "9004", "paid", "EUR", [("FIG-1", 1, "24.00")]),
        ("#2005", "9005", "paid", "USD", [("FIG-1", 7, "24.00")]),  # more than is left
    )

    first = upload(client, auth, store_id, report)
    again = upload(client, auth, store_id, report)

    assert first.status_code == 200, first.text
    assert first.json()["imported"] == ["#2001"]
    assert first.json()["known"] == [came["name"]]  # the webhook brought it: not twice
    reasons = {s["name"]: s["reason"] for s in first.json()["skipped"]}
    assert "only paid orders" in reasons["#2002"]
    assert "'TOTE-9' is no product of this store" in reasons["#2003"]
    assert "in EUR" in reasons["#2004"]
    assert "Only 2 of Fig candle left" in reasons["#2005"]
    assert again.json()["imported"] == [] and "#2001" in again.json()["known"]
    assert stock_of(client, auth, product) == 2  # 5 − 1 (webhook) − 2 (#2001)
    totals = sorted(o["total"] for o in orders_of(client, auth, store_id))
    assert totals == ["28.99", "52.99"]  # #2001: 2 × 24.00 + 4.99


def test_a_malformed_export_imports_nothing_and_names_each_row(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, product, _ = selling_on_shopify(client)
    bad = export(
        ("#3001", "9101", "paid", "USD", [("FIG-1", 1, "24.00")]),
        ("#3002", "not-an-id", "paid", "USD", [("FIG-1", 0, "lots")]),
    )
    stranger = signup(client, "stranger@example.com")

    refused = upload(client, auth, store_id, bad)
    not_shopify = upload(client, auth, store_id, b"title,price\nCandle,5\n")
    outsider = upload(client, stranger, store_id, export())

    assert refused.status_code == 422
    assert {e["path"] for e in refused.json()["errors"]} == {
        "$.rows[3].Lineitem quantity",
        "$.rows[3].Lineitem price",
        "$.rows[3].Id",
    }
    assert not_shopify.json()["errors"][0]["path"] == "$.file"
    assert "not a Shopify orders export" in not_shopify.json()["errors"][0]["message"]
    assert outsider.status_code == 403
    assert orders_of(client, auth, store_id) == [] and stock_of(client, auth, product) == 5
