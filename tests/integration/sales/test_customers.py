"""The owner's customers over REST: the list, one buyer's orders, the export of everything
BizQ holds about them, and erasing their personal data (GDPR)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Session, select

from bizq_app.accounts.models import AuditEvent
from bizq_app.core.db import get_engine
from bizq_app.sales.models import Review
from bizq_app.setup.seed import load_seed
from tests.integration.conftest import signup, start_rq_worker, stop, wait_for
from tests.integration.sales.test_order_pipeline import mails, order_of, settled
from tests.integration.sales.test_orders import ADDRESS, cart, shop

ADA = "buyer@example.com"
ELSEWHERE = {"line1": "9 Elm Road", "city": "Salem", "postal_code": "97301", "country": "US"}
# Tables that could hold a buyer's e-mail; after erasure none of their rows may.
PERSONAL_TABLES = ("customers", "orders", "notifications", "refunds", "reviews", "tasks")


@pytest.fixture(autouse=True)
def seeded(clean_db: object) -> None:
    """The bundled task types and workers (orders start a shipping-label task)."""
    with Session(get_engine()) as session:
        load_seed(session=session)
        session.commit()


@pytest.fixture
def worker(redis_db: object) -> Iterator[None]:
    process = start_rq_worker()
    yield
    stop(process)


def buy(client: TestClient, slug: str, product_id: str, email: str, name: str, n: int = 1) -> Any:
    """``name`` buys ``n`` candles; buyers other than Ada live elsewhere."""
    address = ADDRESS if email == ADA else ELSEWHERE
    placed = client.post(
        f"/api/storefront/{slug}/checkout",
        json={**cart(product_id, n), "email": email, "name": name, "address": address},
    )
    assert placed.status_code == 201, placed.text
    return placed.json()


def customers(client: TestClient, auth: dict[str, str], store_id: str, **params: Any) -> Any:
    listed = client.get("/api/customers", params={"store_id": store_id, **params}, headers=auth)
    assert listed.status_code == 200, listed.text
    return listed.json()


def customer_id(client: TestClient, auth: dict[str, str], store_id: str, email: str) -> str:
    found = customers(client, auth, store_id, q=email)["items"]
    return str(next(c["id"] for c in found if c["email"] == email))


def erase(client: TestClient, auth: dict[str, str], cid: str, confirm: str = ADA) -> Any:
    return client.post(f"/api/customers/{cid}/erase", json={"confirm": confirm}, headers=auth)


def add_review(order: dict[str, Any], product_id: str, cid: str) -> None:
    with Session(get_engine()) as session:
        session.add(
            Review(
                store_id=uuid.UUID(order["store_id"]),
                order_id=uuid.UUID(order["id"]),
                product_id=uuid.UUID(product_id),
                customer_id=uuid.UUID(cid),
                author="Ada Buyer",
                rating=4,
                text="Lovely scent. Ada from 1 Wick Lane",
            )
        )
        session.commit()


def rows_mentioning(value: str) -> dict[str, int]:
    """How many rows of each personal table hold ``value`` anywhere (any case)."""
    with get_engine().connect() as conn:
        counts = {
            table: conn.execute(
                text(f"SELECT count(*) FROM {table} t WHERE t::text ILIKE :v"),
                {"v": f"%{value}%"},
            ).scalar_one()
            for table in PERSONAL_TABLES
        }
    return {table: n for table, n in counts.items() if n}


def test_customers_are_listed_searched_sorted_and_paged(client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(client, stock=20)
    buy(client, slug, product_id, ADA, "Ada Buyer")
    buy(client, slug, product_id, "bo@example.com", "Bo Second", n=3)
    buy(client, slug, product_id, "cy@example.com", "Cy Third")
    buy(client, slug, product_id, ADA, "Ada Buyer")  # a returning buyer: still one customer

    newest = customers(client, auth, store_id)
    richest = customers(client, auth, store_id, sort="-lifetime_value")
    by_name = customers(client, auth, store_id, q="SECOND")
    by_email = customers(client, auth, store_id, q="cy@")
    second_page = customers(client, auth, store_id, limit=2, offset=2)
    bad_sort = client.get(f"/api/customers?store_id={store_id}&sort=name", headers=auth)

    assert newest["total"] == 3
    assert [c["email"] for c in newest["items"]] == ["cy@example.com", "bo@example.com", ADA]
    assert [c["display_name"] for c in richest["items"]] == ["Bo Second", "Ada Buyer", "Cy Third"]
    assert [(c["orders_count"], c["lifetime_value"]) for c in richest["items"]] == [
        (1, "76.99"),  # 3 × 24.00 + 4.99 shipping
        (2, "57.98"),
        (1, "28.99"),
    ]
    assert [c["email"] for c in by_name["items"]] == ["bo@example.com"]
    assert [c["email"] for c in by_email["items"]] == ["cy@example.com"]
    assert (second_page["total"], len(second_page["items"])) == (3, 1)
    assert second_page["items"][0]["email"] == ADA
    assert all(c["last_order_at"] for c in newest["items"])
    assert bad_sort.status_code == 422
    assert bad_sort.json()["errors"] == [
        {"path": "$.sort", "message": "must be one of: newest, -lifetime_value"}
    ]


def test_one_customer_shows_their_orders_and_lifetime_value(client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(client)
    first = buy(client, slug, product_id, ADA, "Ada Buyer")
    second = buy(client, slug, product_id, ADA, "Ada Buyer", n=2)
    buy(client, slug, product_id, "bo@example.com", "Bo Second")
    cid = customer_id(client, auth, store_id, ADA)

    found = client.get(f"/api/customers/{cid}", headers=auth).json()
    stranger = signup(client, "nosy@example.com")

    assert (found["name"], found["orders_count"], found["lifetime_value"]) == (
        "Ada Buyer",
        2,
        "81.98",
    )
    assert [o["number"] for o in found["orders"]] == [second["number"], first["number"]]
    assert found["last_order_at"] == found["orders"][0]["created_at"]
    assert client.get(f"/api/customers/{cid}", headers=stranger).status_code == 403
    missing = client.get(f"/api/customers/{uuid.uuid4()}", headers=auth)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_the_export_holds_their_orders_addresses_emails_and_reviews(
    client: TestClient, worker: None
) -> None:
    auth, store_id, slug, product_id = shop(client)
    placed = buy(client, slug, product_id, ADA, "Ada Buyer", n=2)
    buy(client, slug, product_id, "bo@example.com", "Bo Second")
    settled(client, auth, placed["id"])
    client.post(
        f"/api/orders/{placed['id']}/fulfill", json={"tracking_number": "1Z9"}, headers=auth
    )
    cid = customer_id(client, auth, store_id, ADA)
    add_review(placed, product_id, cid)
    mails(client, auth, store_id)  # every e-mail delivered to the outbox

    exported = client.get(f"/api/customers/{cid}/export", headers=auth)

    assert exported.status_code == 200
    assert exported.headers["content-type"] == "application/json"
    assert exported.headers["content-disposition"] == (
        f'attachment; filename="customer-{cid.replace("-", "")[:8]}.json"'
    )
    data = exported.json()
    assert data["format"] == "bizq.customer-export/1"
    assert (data["customer"]["email"], data["customer"]["name"]) == (ADA, "Ada Buyer")
    [order] = data["orders"]
    assert (order["number"], order["total"], order["tracking_number"]) == (
        placed["number"],
        "52.99",
        "1Z9",
    )
    assert order["items"] == [{"title": "Soy candle", "quantity": 2, "unit_price": "24.00"}]
    assert data["addresses"] == [
        {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201", "country": "US"}
    ]
    subjects = sorted(m["subject"] for m in data["emails"])
    assert len(subjects) == 2 and all(m["to"] == ADA for m in data["emails"])
    assert subjects[0].startswith("Order #") and "is on its way" in subjects[0]
    assert subjects[1].startswith("Your order #")
    assert [(r["author"], r["rating"]) for r in data["reviews"]] == [("Ada Buyer", 4)]
    assert "bo@example.com" not in exported.text  # nobody else's data
    with Session(get_engine()) as session:
        exports = select(AuditEvent.subject_id).where(AuditEvent.action == "customer.exported")
        audited = session.exec(exports).all()
    assert [str(subject) for subject in audited] == [cid]


def test_erasure_replaces_their_personal_data_everywhere_and_keeps_the_money(
    client: TestClient, worker: None
) -> None:
    auth, store_id, slug, product_id = shop(client)
    placed = buy(client, slug, product_id, ADA, "Ada Buyer", n=2)
    other = buy(client, slug, product_id, "bo@example.com", "Bo Second")
    settled(client, auth, placed["id"])
    oid = placed["id"]
    client.post(f"/api/orders/{oid}/fulfill", json={"tracking_number": "1Z9"}, headers=auth)
    client.post(
        f"/api/orders/{oid}/refund",
        json={"amount": "10.00", "reason": "Ada Buyer found a chip"},
        headers=auth,
    )
    cid = customer_id(client, auth, store_id, ADA)
    add_review(placed, product_id, cid)
    task = client.post(
        "/api/tasks",
        headers=auth,
        json={
            "store_id": store_id,
            "type": "customer.analyze_review_sentiment",
            "input": {"reviews": [{"text": f"From {ADA}: love the scent", "rating": 5}]},
        },
    )
    assert task.status_code in (201, 202), task.text
    wait_for(
        lambda: client.get(f"/api/tasks/{task.json()['id']}", headers=auth).json()["output"],
        what="the task's output",
    )
    mails(client, auth, store_id)
    before = order_of(client, auth, oid)

    erased = erase(client, auth, cid, confirm=" Buyer@Example.com ")  # any case, trimmed

    assert erased.status_code == 200, erased.text
    placeholder = f"erased-{cid.replace('-', '')[:8]}@invalid"
    assert erased.json()["erased"] == {"orders": 1, "emails": 3, "reviews": 1, "tasks": 1}
    assert erased.json()["message"] == (
        "Personal data erased from the customer record, 1 order, 3 e-mails, 1 review and 1 task."
    )
    customer = client.get(f"/api/customers/{cid}", headers=auth).json()
    assert (customer["email"], customer["name"], customer["display_name"]) == (
        None,
        "",
        "Erased customer",
    )
    assert customer["erased_at"] and customer["lifetime_value"] == "42.99"  # 52.99 paid, 10.00 back
    order = order_of(client, auth, oid)
    assert (order["customer_email"], order["customer_name"]) == (placeholder, "Erased customer")
    kept = ("number", "status", "payment_status", "subtotal", "total", "refunded", "items")
    assert {k: order[k] for k in kept} == {k: before[k] for k in kept}
    assert order["tracking_number"] is None
    assert order["timeline"][-1]["note"] == "The buyer's personal data was erased on request."
    assert f"Order confirmation e-mailed to {placeholder}." in [
        s["note"] for s in order["timeline"]
    ]
    assert order_of(client, auth, other["id"])["customer_email"] == "bo@example.com"
    to_her = [m for m in mails(client, auth, store_id) if m["order_id"] == oid]
    assert {(m["to"], m["body"]) for m in to_her} == {(placeholder, "")}
    assert rows_mentioning(ADA) == {}
    assert rows_mentioning("Ada Buyer") == {}
    assert rows_mentioning("Wick Lane") == {}
    assert rows_mentioning("1Z9") == {}
    with Session(get_engine()) as session:
        review = session.exec(select(Review)).one()
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "customer.erased"))
        [event] = events.all()
    assert (review.author, review.text, review.rating) == ("", "", 4)
    assert (str(event.subject_id), event.data["orders"]) == (cid, 1)
    assert customers(client, auth, store_id, q="ada")["total"] == 0
    listed = customers(client, auth, store_id)["items"]
    assert [c["display_name"] for c in listed] == ["Bo Second", "Erased customer"]
    assert ADA not in client.get(f"/api/customers/{cid}/export", headers=auth).text


def test_a_second_erasure_is_refused_and_changes_nothing(client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(client)
    buy(client, slug, product_id, ADA, "Ada Buyer")
    cid = customer_id(client, auth, store_id, ADA)
    assert erase(client, auth, cid).status_code == 200
    first = client.get(f"/api/customers/{cid}", headers=auth).json()

    again = erase(client, auth, cid)

    assert again.status_code == 409
    assert again.json()["code"] == "conflict"
    assert "already erased" in again.json()["detail"]
    assert client.get(f"/api/customers/{cid}", headers=auth).json() == first


def test_a_wrong_confirmation_is_refused_and_changes_nothing(client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(client)
    placed = buy(client, slug, product_id, ADA, "Ada Buyer")
    cid = customer_id(client, auth, store_id, ADA)
    before = client.get(f"/api/orders/{placed['id']}", headers=auth).json()

    wrong = erase(client, auth, cid, confirm="someone@example.com")
    empty = client.post(f"/api/customers/{cid}/erase", json={}, headers=auth)

    assert wrong.status_code == 422
    assert wrong.json()["errors"] == [
        {"path": "$.confirm", "message": "must be the customer's e-mail address"}
    ]
    assert empty.status_code == 422 and empty.json()["errors"][0]["path"] == "$.confirm"
    customer = client.get(f"/api/customers/{cid}", headers=auth).json()
    assert (customer["email"], customer["erased_at"]) == (ADA, None)
    assert client.get(f"/api/orders/{placed['id']}", headers=auth).json() == before


def test_only_owners_and_managers_export_or_erase(client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(client)
    buy(client, slug, product_id, ADA, "Ada Buyer")
    cid = customer_id(client, auth, store_id, ADA)
    viewer = signup(client, "viewer@example.com")
    manager = signup(client, "manager@example.com")
    for email, role in (("viewer@example.com", "viewer"), ("manager@example.com", "manager")):
        added = client.post(
            f"/api/stores/{store_id}/members", json={"email": email, "role": role}, headers=auth
        )
        assert added.status_code == 201, added.text

    seen = client.get(f"/api/customers?store_id={store_id}", headers=viewer)
    viewer_export = client.get(f"/api/customers/{cid}/export", headers=viewer)
    viewer_erase = erase(client, viewer, cid)
    manager_export = client.get(f"/api/customers/{cid}/export", headers=manager)

    assert seen.status_code == 200 and seen.json()["total"] == 1
    assert viewer_export.status_code == 403 and viewer_erase.status_code == 403
    assert viewer_erase.json()["detail"] == "A viewer cannot change this store."
    assert manager_export.status_code == 200
    assert client.get(f"/api/customers/{cid}", headers=auth).json()["email"] == ADA
    assert erase(client, manager, cid).status_code == 200


def test_a_new_order_after_erasure_makes_a_new_customer(client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(client)
    first = buy(client, slug, product_id, ADA, "Ada Buyer")
    old = customer_id(client, auth, store_id, ADA)
    assert erase(client, auth, old).status_code == 200

    again = buy(client, slug, product_id, ADA, "Ada Buyer")

    new = customer_id(client, auth, store_id, ADA)
    assert new != old
    fresh = client.get(f"/api/customers/{new}", headers=auth).json()
    assert (fresh["orders_count"], [o["number"] for o in fresh["orders"]]) == (
        1,
        [again["number"]],
    )
    erased = client.get(f"/api/customers/{old}", headers=auth).json()
    assert (erased["email"], [o["number"] for o in erased["orders"]]) == (None, [first["number"]])
    assert customers(client, auth, store_id)["total"] == 2


def test_an_email_still_waiting_is_never_sent_after_erasure(client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(client)  # no worker: e-mails stay queued
    placed = buy(client, slug, product_id, ADA, "Ada Buyer")
    oid = placed["id"]
    client.post(f"/api/orders/{oid}/fulfill", json={"tracking_number": "1Z9"}, headers=auth)
    cid = customer_id(client, auth, store_id, ADA)

    assert erase(client, auth, cid).status_code == 200
    client.post(f"/api/orders/{oid}/refund", json={}, headers=auth)  # after the erasure

    listed = client.get(f"/api/notifications?store_id={store_id}", headers=auth).json()["items"]
    assert [(m["kind"], m["status"]) for m in listed] == [
        ("order_refunded", "cancelled"),
        ("order_shipped", "cancelled"),
    ]
    assert all(m["error"] == "Not sent: the buyer's personal data was erased." for m in listed)
