"""The export document and what lists say about customers, built from rows in memory."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal

from bizq_app.accounts.models import Store
from bizq_app.sales import customer_export, customers
from bizq_app.sales.models import Customer, Notification, Order, OrderItem, Refund, Review

AT = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
HOME = {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201", "country": "US"}


def holdings() -> customer_export.Holdings:
    store = Store(name="Ember", slug="ember", created_by_id=uuid.uuid4())
    ada = Customer(store_id=store.id, email="ada@example.com", name="Ada", created_at=AT)
    ada.orders_count, ada.lifetime_value = 2, Decimal("81.98")
    orders = [
        Order(
            store_id=store.id,
            number=n,
            customer_email="ada@example.com",
            customer_name="Ada",
            total=total,
            shipping_address={**HOME, "method": method},
            status_history=[
                {"at": "2026-03-01T12:30:00+00:00", "step": "charged", "note": "Paid."},
                {"at": "2026-03-01T12:31:00+00:00", "step": "fulfil:warehouse", "note": "Pick"},
            ],
            created_at=AT,
        )
        for n, total, method in ((1002, Decimal("52.99"), "express"), (1001, Decimal("28.99"), ""))
    ]
    first = orders[1].id
    return customer_export.Holdings(
        store=store,
        customer=ada,
        orders=orders,
        items={
            first: [
                OrderItem(order_id=first, title="Candle", quantity=1, unit_price=Decimal("24.00"))
            ]
        },
        refunds={first: [Refund(order_id=first, amount=Decimal("5.00"), reference="re_1")]},
        emails=[
            Notification(
                store_id=store.id, kind="order_shipped", to="ada@example.com", subject="S", body="B"
            )
        ],
        reviews=[Review(store_id=store.id, order_id=first, author="Ada", rating=5, text="Nice")],
    )


def test_the_export_is_plain_json_with_money_as_text() -> None:
    document = customer_export.document(holdings(), exported_at=AT)

    assert json.loads(json.dumps(document)) == document
    assert document["format"] == "bizq.customer-export/1"
    assert document["exported_at"] == "2026-03-01T12:30:00+00:00"
    assert document["customer"]["lifetime_value"] == "81.98"
    assert [o["number"] for o in document["orders"]] == [1002, 1001]
    older = document["orders"][1]
    assert older["items"] == [{"title": "Candle", "quantity": 1, "unit_price": "24.00"}]
    assert [r["amount"] for r in older["refunds"]] == ["5.00"]
    assert [s["step"] for s in older["timeline"]] == ["charged"]  # not the store's workings
    assert document["addresses"] == [HOME]  # the same address once, without the method
    assert [(m["to"], m["body"]) for m in document["emails"]] == [("ada@example.com", "B")]
    assert [(r["author"], r["rating"]) for r in document["reviews"]] == [("Ada", 5)]


def test_an_erased_customer_is_shown_as_such() -> None:
    ada = Customer(store_id=uuid.uuid4(), email="ada@example.com", name="Ada")
    nameless = Customer(store_id=uuid.uuid4(), email="bo@example.com")

    assert customers.display_name(ada) == "Ada"
    assert customers.display_name(nameless) == "bo@example.com"
    ada.email, ada.name, ada.erased_at = None, "", AT
    assert customers.display_name(ada) == "Erased customer"


def test_the_erasure_message_counts_what_changed() -> None:
    ada = Customer(store_id=uuid.uuid4())
    one = customers.Erasure(ada, orders=1, emails=3, reviews=0, tasks=0, last_order_at=None)
    many = customers.Erasure(ada, orders=2, emails=1, reviews=1, tasks=2, last_order_at=None)

    assert customers.erasure_message(one) == (
        "Personal data erased from the customer record, 1 order, 3 e-mails and 0 reviews."
    )
    assert customers.erasure_message(many) == (
        "Personal data erased from the customer record, 2 orders, 1 e-mail, 1 review and 2 tasks."
    )
