"""After payment a real worker routes each order (warehouse, digital, dropship), e-mails
the buyer (SMTP or the outbox) and, once delivered, starts the follow-up tasks."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from bizq_app.catalog.models import Product, Supplier
from bizq_app.core.db import get_engine
from bizq_app.setup.seed import load_seed
from tests.integration.conftest import start_rq_worker, stop, wait_for
from tests.integration.sales.test_orders import cart, shop
from tests.standins.printful_server import TOKEN, PrintfulStandIn
from tests.standins.smtp_server import smtp_inbox


def order_of(client: TestClient, auth: dict[str, str], order_id: str) -> dict[str, Any]:
    return dict(client.get(f"/api/orders/{order_id}", headers=auth).json())


def settled(client: TestClient, auth: dict[str, str], order_id: str) -> dict[str, Any]:
    """The order once the worker has finished with it (done or failed)."""
    wait_for(lambda: order_of(client, auth, order_id)["pipeline"] != "waiting", what="the pipeline")
    return order_of(client, auth, order_id)


def mails(client: TestClient, auth: dict[str, str], store_id: str) -> list[dict[str, Any]]:
    """The store's e-mails, oldest first, once the worker has delivered every one."""

    def listed() -> list[dict[str, Any]]:
        response = client.get(f"/api/notifications?store_id={store_id}", headers=auth)
        assert response.status_code == 200
        return list(reversed(response.json()["items"]))

    wait_for(lambda: all(m["status"] != "queued" for m in listed()), what="e-mail delivery")
    return listed()


def steps(order: dict[str, Any]) -> list[str]:
    return [s["step"] for s in order["timeline"]]


def edit(client: TestClient, auth: dict[str, str], product_id: str, json: Any) -> None:
    response = client.put(f"/api/products/{product_id}", json=json, headers=auth)
    assert response.status_code == 200, response.text


def supplier(**fields: Any) -> str:
    with Session(get_engine()) as session:
        row = Supplier(**fields)
        session.add(row)
        session.commit()
        return str(row.id)


@pytest.fixture(autouse=True)
def seeded(clean_db: object) -> None:
    """The bundled task types, workers and suppliers, as ``make run`` prepares them."""
    with Session(get_engine()) as session:
        load_seed(session=session)
        session.commit()


@pytest.fixture
def worker(redis_db: object) -> Iterator[None]:
    process = start_rq_worker()
    yield
    stop(process)


def test_a_warehouse_order_gets_a_pick_list_a_label_task_and_a_confirmation(
    client: TestClient, worker: None
) -> None:
    auth, store_id, slug, product_id = shop(client)
    edit(client, auth, product_id, json={"sku": "SOY-1"})

    placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, 2)).json()
    order = settled(client, auth, placed["id"])

    assert (order["status"], order["pipeline"], order["fulfilment_route"]) == (
        "fulfilling",
        "done",
        "warehouse",
    ), order["timeline"]
    assert steps(order)[-2:] == ["fulfil:warehouse", "notified"]
    assert "Pick list: 2 × Soy candle (SKU SOY-1)" in order["timeline"][-2]["note"]
    tasks = client.get(f"/api/tasks?store_id={store_id}", headers=auth).json()["items"]
    label = next(t for t in tasks if t["type"] == "operations.create_shipping_label")
    assert label["input"]["destination_country"] == "US"
    assert label["input"]["items"] == [{"title": "Soy candle", "quantity": 2, "sku": "SOY-1"}]
    [confirmation] = mails(client, auth, store_id)
    assert (confirmation["kind"], confirmation["to"], confirmation["status"]) == (
        "order_confirmation",
        "buyer@example.com",
        "outbox",  # no SMTP server configured: kept in the app
    )
    assert "2 × Soy candle" in confirmation["body"]
    assert "test mode: no real money was taken" in confirmation["body"]

    link = confirmation["body"].split("Follow your order here: ")[1].split()[0]
    token = link.split("?t=")[1]
    seen = client.get(f"/api/storefront/{slug}/order", params={"t": token})
    forged = client.get(f"/api/storefront/{slug}/order", params={"t": token[:-3] + "abc"})
    assert seen.status_code == 200
    assert seen.json()["status"] == "fulfilling"
    assert "fulfil:warehouse" not in steps(seen.json())  # the store's workings stay inside
    assert forged.status_code == 401


def test_a_digital_order_without_its_file_fails_clearly_and_a_retry_sends_the_links(
    client: TestClient, worker: None
) -> None:
    auth, store_id, slug, product_id = shop(client)
    edit(client, auth, product_id, json={"fulfilment": "digital"})

    placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id)).json()
    failed = settled(client, auth, placed["id"])

    assert failed["pipeline"] == "failed"
    assert failed["status"] == "paid"  # paid and kept; nothing half-done
    assert failed["timeline"][-1]["note"].startswith("fulfil:digital: No file uploaded for")
    assert mails(client, auth, store_id) == []

    uploaded = client.put(
        f"/api/products/{product_id}/file",
        files={"file": ("candle-guide.pdf", b"%PDF-1.4 how to burn a candle", "application/pdf")},
        headers=auth,
    )
    assert uploaded.status_code == 200, uploaded.text
    assert uploaded.json()["digital_file"] == "candle-guide.pdf"
    with Session(get_engine()) as session:  # the store's own key, never a public address
        key = session.get(Product, uuid.UUID(product_id)).digital_file  # type: ignore[union-attr]
    assert key.startswith(f"{store_id}/private/")
    assert client.get(f"/api/media/{store_id}/private").status_code == 404
    assert client.get(f"/api/media/{key}").status_code == 404
    assert client.post(f"/api/orders/{placed['id']}/retry", headers=auth).status_code == 200
    done = settled(client, auth, placed["id"])

    assert done["pipeline"] == "done"
    assert steps(done)[-3:] == ["retried", "fulfil:digital", "notified"]
    download, confirmation = mails(client, auth, store_id)
    assert download["kind"] == "digital_download" and confirmation["kind"] == "order_confirmation"
    url = download["body"].split("Soy candle: ")[1].split()[0]
    token = url.rsplit("/", 1)[1]
    got = client.get(f"/api/downloads/{token}")
    assert got.status_code == 200
    assert got.content == b"%PDF-1.4 how to burn a candle"
    assert 'filename="candle-guide.pdf"' in got.headers["content-disposition"]
    assert client.get(f"/api/downloads/{token[:-2]}xx").status_code == 401
    access_token = auth["Authorization"].split()[1]
    assert client.get(f"/api/downloads/{access_token}").status_code == 401  # not a link

    client.post(f"/api/orders/{placed['id']}/refund", json={}, headers=auth)
    closed = client.get(f"/api/downloads/{token}")
    assert closed.status_code == 409
    assert "refunded" in closed.json()["detail"]


def test_a_printful_product_is_ordered_from_printful_once(
    client: TestClient, redis_db: object
) -> None:
    printful = PrintfulStandIn()
    process = start_rq_worker({"PRINTFUL_API_TOKEN": TOKEN, "BIZQ_PRINTFUL_BASE_URL": printful.url})
    try:
        auth, store_id, slug, product_id = shop(client)
        printful_id = supplier(name="Printful", kind="print_on_demand", source="printful")
        edit(
            client,
            auth,
            product_id,
            json={"supplier_id": printful_id, "supplier_sku": "4012"},
        )

        placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id)).json()
        order = settled(client, auth, placed["id"])
        client.post(f"/api/orders/{placed['id']}/retry", headers=auth)  # nothing failed

        assert order["pipeline"] == "done", order["timeline"]
        assert order["fulfilment_route"] == "dropship"
        [sent] = printful.orders.values()
        assert sent["external_id"].startswith("bizq-")
        assert [(i["variant_id"], i["quantity"]) for i in sent["items"]] == [(4012, 1)]
        assert sent["recipient"]["city"] == "Portland"
        note = next(s["note"] for s in order["timeline"] if s["step"].startswith("fulfil:"))
        assert f"Placed with Printful as order {sent['id']}" in note
    finally:
        stop(process)
        printful.close()


def test_a_supplier_without_an_api_gets_a_purchase_order_through_the_owner(
    client: TestClient, worker: None
) -> None:
    auth, store_id, slug, product_id = shop(client)
    maker = supplier(name="Wick & Co", kind="dropship", website="https://wick.example")
    edit(
        client,
        auth,
        product_id,
        json={"supplier_id": maker, "supplier_sku": "WK-9"},
    )

    placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, 3)).json()
    order = settled(client, auth, placed["id"])

    assert order["pipeline"] == "done"
    purchase = next(m for m in mails(client, auth, store_id) if m["kind"] == "purchase_order")
    assert purchase["to"].startswith("owner-")  # the owner passes it on
    assert "3 × Soy candle (SKU WK-9)" in purchase["body"]
    assert "https://wick.example" in purchase["body"]
    assert "1 Wick Lane" in purchase["body"]


def test_with_smtp_set_the_e_mails_are_sent_and_marked_sent(
    client: TestClient, redis_db: object
) -> None:
    with smtp_inbox() as (inbox, port):
        process = start_rq_worker({"BIZQ_SMTP_HOST": "127.0.0.1", "BIZQ_SMTP_PORT": str(port)})
        try:
            auth, store_id, slug, product_id = shop(client)
            placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id)).json()
            settled(client, auth, placed["id"])
            wait_for(lambda: inbox.messages, what="the e-mail")
            wait_for(lambda: mails(client, auth, store_id)[0]["status"] == "sent", what="sent")

            [envelope] = inbox.messages
            assert envelope.rcpt_tos == ["buyer@example.com"]
            text = envelope.content.decode()
            assert f"Subject: Your order #{placed['number']} at Shop" in text
            assert "/order?t=" in text
        finally:
            stop(process)


def test_delivery_starts_the_review_request_and_e_mails_follow_each_step(
    client: TestClient, worker: None
) -> None:
    auth, store_id, slug, product_id = shop(client)
    placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id)).json()
    settled(client, auth, placed["id"])
    early = client.post(f"/api/orders/{placed['id']}/deliver", headers=auth)

    client.post(
        f"/api/orders/{placed['id']}/fulfill", json={"tracking_number": "1Z999"}, headers=auth
    )
    delivered = client.post(f"/api/orders/{placed['id']}/deliver", headers=auth)
    client.post(
        f"/api/orders/{placed['id']}/refund", json={"amount": "5", "reason": "Late"}, headers=auth
    )

    assert early.status_code == 409  # not shipped yet
    assert delivered.status_code == 200
    follow_up = next(s for s in delivered.json()["timeline"] if s["step"] == "follow_up")
    assert follow_up["note"].startswith("Review request started")
    tasks = client.get(f"/api/tasks?store_id={store_id}", headers=auth).json()["items"]
    review = next(t for t in tasks if t["type"] == "marketing.review_generation")
    assert review["input"]["product_ids"] == [product_id]
    kinds = [m["kind"] for m in mails(client, auth, store_id)]
    assert kinds == ["order_confirmation", "order_shipped", "review_request", "order_refunded"]
    shipped, asked, refunded = mails(client, auth, store_id)[1:]
    assert "rate each product" in asked["body"] and "/order?t=" in asked["body"]
    kept = client.get(f"/api/notifications?store_id={store_id}&status=outbox", headers=auth)
    bogus = client.get(f"/api/notifications?store_id={store_id}&status=lost", headers=auth)
    assert kept.json()["total"] == 4 and bogus.status_code == 422
    assert "Tracking number: 1Z999" in shipped["body"]
    assert "We refunded 5.00 USD" in refunded["body"] and "Reason: Late." in refunded["body"]
