"""File-based order import: the order reports of Shopify, Amazon, Etsy, eBay, Walmart and
TikTok Shop (their documented columns, an order over several rows) become BizQ orders
through the stock ledger, each once whichever way it came; orders BizQ cannot record are
skipped with the reason; a malformed file imports nothing."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from fastapi.testclient import TestClient

from bizq_app.channels import order_reports
from tests.integration.channels.conftest import fig_candle_store
from tests.integration.channels.test_amazon_channel import FIELDS, store_on_amazon
from tests.integration.channels.test_ebay_channel import FIELDS as EBAY
from tests.integration.channels.test_ebay_channel import store as ebay_store
from tests.integration.channels.test_etsy_channel import FIELDS as ETSY
from tests.integration.channels.test_shopify_orders import (
    orders_of,
    selling_on_shopify,
    stock_of,
    webhook,
)
from tests.integration.channels.test_tiktok_channel import FIELDS as TIKTOK
from tests.integration.conftest import at_once, signup
from tests.standins.amazon_server import AmazonStandIn
from tests.standins.ebay_server import EbayStandIn
from tests.standins.etsy_server import EtsyStandIn
from tests.standins.shopify_server import ShopifyStandIn
from tests.standins.tiktok_server import TikTokStandIn

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


AMAZON_COLUMNS = (
    "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status\t"
    "fulfillment-channel\tsales-channel\tproduct-name\tsku\tasin\titem-status\tquantity\t"
    "currency\titem-price\titem-tax\tshipping-price\tshipping-tax\tship-service-level\t"
    "ship-city\tship-state\tship-postal-code\tship-country"
).split("\t")


def all_orders_report(*rows: tuple[str, str, str, str, int, str]) -> bytes:
    """Amazon's All Orders flat file: (order id, status, sku, item status, quantity, line
    total) per item row, tab-delimited."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=AMAZON_COLUMNS, delimiter="\t")
    writer.writeheader()
    for order_id, status, sku, item_status, quantity, price in rows:
        row = dict.fromkeys(AMAZON_COLUMNS, "")
        row |= {"amazon-order-id": order_id, "order-status": status, "sku": sku}
        row |= {"item-status": item_status, "quantity": str(quantity), "item-price": price}
        row |= {"currency": "USD", "product-name": f"Item {sku}", "shipping-price": "3.99"}
        row |= {"ship-city": "Seattle", "ship-postal-code": "98101", "ship-country": "US"}
        writer.writerow(row)
    return out.getvalue().encode()


def test_amazons_all_orders_report_imports_charged_orders_once_as_the_api_would(
    client: TestClient, amazon: AmazonStandIn
) -> None:
    auth, store_id, product = store_on_amazon(client, amazon)  # FIG-1, 5 in stock
    connection = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS)
    cid = connection.json()["id"]
    client.post(f"/api/channels/{cid}/listings", headers=auth, json={"product_id": product})
    came = amazon.place_order([("FIG-1", 1)])  # imported by the connection first
    pulled = client.post(f"/api/channels/{cid}/orders/import", headers=auth)
    assert pulled.json()["imported"] == 1, pulled.text
    report = all_orders_report(
        ("111-0000001-0000001", "Unshipped", "FIG-1", "Unshipped", 2, "48.00"),
        ("111-0000001-0000001", "Unshipped", "FIG-1", "Cancelled", 0, ""),  # left out
        (came, "Shipped", "FIG-1", "Shipped", 1, "24.00"),
        ("111-0000002-0000002", "Pending", "FIG-1", "Unshipped", 1, "24.00"),
        ("111-0000003-0000003", "Canceled", "FIG-1", "Cancelled", 0, ""),
    )

    first = client.post(
        f"/api/stores/{store_id}/channels/order-reports/amazon",
        headers={**auth, "Content-Type": "text/csv"},
        content=report,
    )
    wrong = client.post(
        f"/api/stores/{store_id}/channels/order-reports/amazon",
        headers={**auth, "Content-Type": "text/csv"},
        content=export(("#2001", "9001", "paid", "USD", [("FIG-1", 1, "24.00")])),
    )

    assert first.status_code == 200, first.text
    assert first.json()["imported"] == ["111-0000001-0000001"]
    assert first.json()["known"] == [came]  # the connection brought it: not twice
    reasons = {s["name"]: s["reason"] for s in first.json()["skipped"]}
    assert "Pending on Amazon" in reasons["111-0000002-0000002"]
    assert "Canceled on Amazon" in reasons["111-0000003-0000003"]
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 2
    orders = client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
    imported = next(o for o in orders if o["total"] == "51.99")  # 2 × 24.00 + 3.99
    assert imported["channel"] == "amazon"
    assert wrong.status_code == 422
    assert "is not Amazon's All Orders report" in wrong.json()["errors"][0]["message"]


ETSY_COLUMNS = (
    "Sale Date,Item Name,Buyer,Quantity,Price,Coupon Code,Coupon Details,Discount Amount,"
    "Shipping Discount,Order Shipping,Order Sales Tax,Item Total,Currency,Transaction ID,"
    "Listing ID,Date Paid,Date Shipped,Ship Name,Ship Address1,Ship Address2,Ship City,"
    "Ship State,Ship Zipcode,Ship Country,Order ID,Variations,Order Type,Listings Type,"
    "Payment Type,SKU"
).split(",")


def etsy_items(*rows: tuple[str, str, str, int, str]) -> bytes:
    """Etsy's sold order items CSV: (order id, date paid, sku, quantity, price) per item."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ETSY_COLUMNS)
    writer.writeheader()
    for order_id, paid, sku, quantity, price in rows:
        row = dict.fromkeys(ETSY_COLUMNS, "")
        row |= {"Order ID": order_id, "Date Paid": paid, "SKU": sku, "Quantity": str(quantity)}
        row |= {"Price": price, "Currency": "USD", "Item Name": f"Item {sku}"}
        row |= {"Ship Name": "Ada", "Ship City": "Hudson", "Ship Country": "United States"}
        writer.writerow(row)
    return out.getvalue().encode()


def test_etsys_order_items_csv_imports_paid_orders_once_as_the_api_would(
    client: TestClient, etsy: EtsyStandIn
) -> None:
    auth, store_id, product, connection = store_on_etsy(client, etsy)  # FIG-1, 5 in stock
    came = etsy.place_order([("FIG-1", 1)])
    pulled = client.post(f"/api/channels/{connection}/orders/import", headers=auth)
    assert pulled.json()["imported"] == 1, pulled.text  # the connection brought it first
    file = etsy_items(
        ("3200000001", "12/02/26", "FIG-1", 1, "24.00"),
        ("3200000001", "12/02/26", "FIG-1", 1, "24.00"),  # a second item of the same order
        (str(came), "12/02/26", "FIG-1", 1, "24.00"),
        ("3200000002", "", "FIG-1", 1, "24.00"),  # not paid
    )

    first = client.post(
        f"/api/stores/{store_id}/channels/order-reports/etsy",
        headers={**auth, "Content-Type": "text/csv"},
        content=file,
    )

    assert first.status_code == 200, first.text
    assert first.json()["imported"] == ["3200000001"]
    assert first.json()["known"] == [str(came)]  # the connection brought it: not twice
    assert "not paid" in first.json()["skipped"][0]["reason"]
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 2


def store_on_etsy(client: TestClient, etsy: EtsyStandIn) -> tuple[dict[str, str], str, str, str]:
    """A store selling FIG-1 (5 in stock) on a connected Etsy shop; the connection's id."""
    auth, store_id, product = fig_candle_store(client)
    etsy.listing("Fig candle", {"FIG-1": 5})
    cid = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=ETSY).json()["id"]
    client.post(f"/api/channels/{cid}/listings", headers=auth, json={"product_id": product})
    return auth, store_id, product, cid


def test_one_report_uploaded_five_times_at_once_beside_the_webhook_records_each_order_once(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, product, connection = selling_on_shopify(client)  # FIG-1, 5 in stock
    came = shopify.place_order([("FIG-1", 1)])  # its webhook arrives with the uploads
    report = export(
        ("#3001", "9101", "paid", "USD", [("FIG-1", 2, "24.00")]),
        (str(came["name"]), str(came["id"]), "paid", "USD", [("FIG-1", 1, "24.00")]),
    )

    def send(n: int) -> int:
        if n == 5:
            return int(webhook(client, connection, came).status_code)
        return int(upload(client, auth, store_id, report).status_code)

    answers = at_once(6, send)

    assert all(code < 500 for code in answers), answers
    orders = client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
    assert len(orders) == 2  # #3001 and the webhook's order, each once
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 2


EBAY_COLUMNS = (
    "Sales Record Number,Order Number,Buyer Username,Buyer Name,Buyer Email,Ship To Name,"
    "Ship To Address 1,Ship To City,Ship To Zip,Ship To Country,Item Number,Item Title,"
    "Custom Label,Quantity,Sold For,Shipping And Handling,Total Price,Sale Date,"
    "Paid On Date,Shipping Service"
).split(",")


def ebay_report(*orders: tuple[str, str, list[tuple[str, int, str]]]) -> bytes:
    """eBay's orders report: (order number, paid on, [(sku, quantity, sold for)]) each. It
    opens with an empty row and closes with its summary; a multi-item order is led by a
    row of its own."""
    out = io.StringIO()
    out.write("," * (len(EBAY_COLUMNS) - 1) + "\n")
    writer = csv.DictWriter(out, fieldnames=EBAY_COLUMNS)
    writer.writeheader()
    for n, (order, paid, lines) in enumerate(orders, start=1):
        own = dict.fromkeys(EBAY_COLUMNS, "") | {"Sales Record Number": str(n)}
        own |= {"Order Number": order, "Buyer Username": f"buyer{n}", "Paid On Date": paid}
        own |= {"Ship To Name": "Ada", "Ship To City": "Hudson", "Shipping And Handling": "$3.50"}
        if len(lines) > 1:
            writer.writerow(own)
        for i, (sku, quantity, price) in enumerate(lines):
            item = (own if len(lines) == 1 else dict.fromkeys(EBAY_COLUMNS, "")) | {
                "Order Number": order,
                "Item Number": f"40000{n}{i}",
                "Item Title": f"Item {sku}",
            }
            writer.writerow(item | {"Custom Label": sku, "Quantity": quantity, "Sold For": price})
    out.write(f"{len(orders)} record(s) downloaded,from Nov-01-26 to Dec-01-26\n")
    out.write("Seller ID : wickandco\n")
    return out.getvalue().encode()


def test_ebays_orders_report_imports_paid_orders_once_as_the_api_would(
    client: TestClient, ebay: EbayStandIn
) -> None:
    auth, store_id, product = ebay_store(client)  # FIG-1, 5 in stock, in USD
    cid = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=EBAY).json()["id"]
    client.post(f"/api/channels/{cid}/listings", headers=auth, json={"product_id": product})
    came = ebay.place_order([("FIG-1", 1)])
    pulled = client.post(f"/api/channels/{cid}/orders/import", headers=auth)
    assert pulled.json()["imported"] == 1, pulled.text  # the connection brought it first
    report = ebay_report(
        ("12-01001-11111", "Dec-01-26", [("FIG-1", 1, "$24.00"), ("FIG-1", 1, "$24.00")]),
        (came, "Dec-01-26", [("FIG-1", 1, "$24.00")]),
        ("12-01002-22222", "", [("FIG-1", 1, "$24.00")]),  # not paid yet
        ("12-01003-33333", "Dec-01-26", [("FIG-1", 1, "£20.00")]),  # eBay UK's pounds
    )

    first = client.post(
        f"/api/stores/{store_id}/channels/order-reports/ebay",
        headers={**auth, "Content-Type": "text/csv"},
        content=report,
    )
    again = client.post(
        f"/api/stores/{store_id}/channels/order-reports/ebay",
        headers={**auth, "Content-Type": "text/csv"},
        content=report,
    )

    assert first.status_code == 200, first.text
    assert first.json()["imported"] == ["12-01001-11111"]
    assert first.json()["known"] == [came]  # the connection brought it: not twice
    reasons = {s["name"]: s["reason"] for s in first.json()["skipped"]}
    assert "not paid" in reasons["12-01002-22222"]
    assert "priced in £" in reasons["12-01003-33333"]
    assert again.json()["imported"] == [] and len(again.json()["known"]) == 2
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 2
    orders = client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
    assert sorted((o["channel"], o["total"]) for o in orders) == [
        ("ebay", "28.50"),  # the connection's: 24.00 + eBay's 4.50 shipping
        ("ebay", "51.50"),  # the report's two items: 2 × 24.00 + 3.50
    ]


WALMART_COLUMNS = (
    "PO#,Order#,Order Date,Ship By,Customer Name,Ship to Address 1,City,State,Zip,Line#,"
    "UPC,Status,Item Description,Shipping Method,Qty,SKU,Item Cost,Shipping Cost,Tax"
).split(",")


def walmart_export(*lines: tuple[str, str, str, int, str]) -> bytes:
    """Walmart's order export: (PO#, line status, sku, quantity, item cost) per line."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=WALMART_COLUMNS)
    writer.writeheader()
    for n, (po, status, sku, quantity, cost) in enumerate(lines, start=1):
        row = dict.fromkeys(WALMART_COLUMNS, "") | {"PO#": po, "Order#": f"2000{po}"}
        row |= {"Line#": str(n), "Status": status, "SKU": sku, "Qty": str(quantity)}
        row |= {"Item Cost": cost, "Shipping Cost": "0.00", "Item Description": f"Item {sku}"}
        row |= {"Customer Name": "Ada", "City": "Bentonville", "Shipping Method": "Standard"}
        writer.writerow(row)
    return out.getvalue().encode()


def test_walmarts_order_export_imports_each_purchase_order_once_without_cancelled_lines(
    client: TestClient,
) -> None:
    auth, store_id, product = ebay_store(client)  # FIG-1, 5 in stock
    report = walmart_export(
        ("108990000001", "Acknowledged", "FIG-1", 2, "48.00"),  # the line's total: 2 × 24.00
        ("108990000001", "Cancelled", "FIG-1", 1, "24.00"),  # cancelled by Walmart
        ("108990000002", "Cancelled", "FIG-1", 1, "24.00"),
        ("108990000003", "Created", "BOOK-9", 1, "9.00"),
    )

    def send() -> dict[str, object]:
        return dict(
            client.post(
                f"/api/stores/{store_id}/channels/order-reports/walmart",
                headers={**auth, "Content-Type": "text/csv"},
                content=report,
            ).json()
        )

    first, again = send(), send()

    assert first["imported"] == ["108990000001"], first
    reasons = {s["name"]: s["reason"] for s in first["skipped"]}  # type: ignore[attr-defined]
    assert "cancelled" in reasons["108990000002"]
    assert "'BOOK-9' is no product" in reasons["108990000003"]
    assert again["imported"] == [] and again["known"] == ["108990000001"]
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 3
    orders = client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
    assert [(o["channel"], o["total"]) for o in orders] == [("walmart", "48.00")]
    assert "order 2000108990000001" in str(orders[0]["timeline"])  # Walmart's order number


TIKTOK_COLUMNS = (
    "Order ID,Order Status,Order Substatus,Cancelation/Return Type,SKU ID,Seller SKU,"
    "Product Name,Variation,Quantity,SKU Unit Original Price,SKU Subtotal After Discount,"
    "Shipping Fee After Discount,Order Amount,Created Time,Paid Time,Delivery Option,"
    "Recipient,Country,City,Zipcode,Detail Address"
).split(",")


def tiktok_export(*rows: tuple[str, str, str, str, int, str]) -> bytes:
    """TikTok Shop's order export: (order id, status, paid time, sku, quantity, unit price)
    per SKU of an order."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TIKTOK_COLUMNS)
    writer.writeheader()
    for order_id, status, paid, sku, quantity, price in rows:
        row = dict.fromkeys(TIKTOK_COLUMNS, "") | {"Order ID": order_id, "Order Status": status}
        row |= {"Paid Time": paid, "Seller SKU": sku, "Quantity": str(quantity)}
        row |= {"SKU Unit Original Price": price, "Product Name": f"Item {sku}"}
        row |= {"SKU Subtotal After Discount": f"{quantity * Decimal(price):.2f}"}
        row |= {"Shipping Fee After Discount": "0", "Recipient": "Ada", "Country": "US"}
        writer.writerow(row)
    return out.getvalue().encode()


def test_tiktoks_order_export_imports_paid_orders_once_as_the_api_would(
    client: TestClient, tiktok: TikTokStandIn
) -> None:
    auth, store_id, product = ebay_store(client)  # FIG-1, 5 in stock
    tiktok.product("Fig candle", {"FIG-1": 0})  # TikTok lists products BizQ then stocks
    cid = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=TIKTOK).json()["id"]
    client.post(f"/api/channels/{cid}/listings", headers=auth, json={"product_id": product})
    came = tiktok.place_order([("FIG-1", 1)])
    pulled = client.post(f"/api/channels/{cid}/orders/import", headers=auth)
    assert pulled.json()["imported"] == 1, pulled.text
    report = tiktok_export(
        ("576900000000000101", "To ship", "12/01/2026 10:00:00", "FIG-1", 2, "24.00"),
        (came, "To ship", "12/01/2026 10:00:00", "FIG-1", 1, "24.00"),
        ("576900000000000102", "Unpaid", "", "FIG-1", 1, "24.00"),
    )

    first = client.post(
        f"/api/stores/{store_id}/channels/order-reports/tiktok_shop",
        headers={**auth, "Content-Type": "text/csv"},
        content=report,
    )

    assert first.status_code == 200, first.text
    assert first.json()["imported"] == ["576900000000000101"]
    assert first.json()["known"] == [came]
    assert "unpaid" in first.json()["skipped"][0]["reason"]
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 2
    orders = client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
    assert sorted(o["subtotal"] for o in orders) == ["24.00", "48.00"]


def test_each_channels_report_is_told_by_its_header() -> None:
    assert order_reports.channel_of(ebay_report().decode()) == "ebay"
    assert order_reports.channel_of(walmart_export().decode()) == "walmart"
    assert order_reports.channel_of(tiktok_export().decode()) == "tiktok_shop"
    assert order_reports.channel_of(etsy_items().decode()) == "etsy"
    assert order_reports.channel_of(export().decode()) == "shopify"


def test_a_malformed_ebay_row_is_named_by_its_line_in_the_file(client: TestClient) -> None:
    auth, store_id, product = ebay_store(client)
    report = ebay_report(("12-01001-11111", "Dec-01-26", [("FIG-1", 1, "twenty")]))

    refused = client.post(
        f"/api/stores/{store_id}/channels/order-reports/ebay",
        headers={**auth, "Content-Type": "text/csv"},
        content=report,
    )

    assert refused.status_code == 422
    assert refused.json()["errors"][0]["path"] == "$.rows[3].Sold For"  # line 3 of the file
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 5
