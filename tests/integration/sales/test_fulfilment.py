"""An order's page over REST: its items grouped by how they reach the buyer, the seller
shipping the groups from their stock (never one a supplier ships), the payment panel and
the timeline in plain words."""

from __future__ import annotations

import re
import uuid
from collections import Counter
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from bizq_app.core.db import get_engine, session_scope
from bizq_app.sales import fulfilment, order_pipeline
from bizq_app.setup.seed import load_seed
from tests.integration.conftest import at_once, codes
from tests.integration.sales.test_order_pipeline import edit, supplier
from tests.integration.sales.test_orders import cart, shop

UPS = "1Z999AA10123456784"
INTERNAL = re.compile(r"fulfil:|placing:|testpay_|bizq-[0-9a-f]{8}|[0-9a-f]{8}-[0-9a-f]{4}-")


def seed() -> None:
    """The bundled task types and workers (a warehouse group starts a label task)."""
    with Session(get_engine()) as session:
        load_seed(session=session)
        session.commit()


def two_kinds(client: TestClient) -> tuple[dict[str, str], str, dict[str, Any], str]:
    """A paid order of one candle from the seller's stock and two mugs Wick & Co ships,
    routed by the pipeline; the owner's auth, the store id, the order and the supplier."""
    seed()
    auth, store_id, slug, candle = shop(client)
    mug = client.post(
        "/api/products",
        headers=auth,
        json={
            "store_id": store_id,
            "title": "Wick mug",
            "price": "12.00",
            "inventory_quantity": 10,
            "status": "active",
        },
    ).json()["id"]
    maker = supplier(name="Wick & Co", kind="dropship", website="https://wick.example")
    edit(client, auth, mug, json={"supplier_id": maker, "supplier_sku": "WK-9"})
    lines = [{"product_id": candle, "quantity": 1}, {"product_id": mug, "quantity": 2}]
    placed = client.post(f"/api/storefront/{slug}/checkout", json={**cart(candle), "lines": lines})
    assert placed.status_code == 201, placed.text
    assert order_pipeline.process(uuid.UUID(placed.json()["id"]), session_scope) == "done"
    return auth, store_id, placed.json(), maker


def page_of(client: TestClient, auth: dict[str, str], store_id: str, number: int) -> Any:
    response = client.get(f"/api/orders/by-number/{number}?store_id={store_id}", headers=auth)
    assert response.status_code == 200, response.text
    return response.json()


def ship(client: TestClient, auth: dict[str, str], order_id: str, key: str, **body: str) -> Any:
    return client.post(f"/api/orders/{order_id}/groups/{key}/ship", json=body, headers=auth)


def test_an_order_is_grouped_by_how_its_items_reach_the_buyer(client: TestClient) -> None:
    auth, store_id, placed, maker = two_kinds(client)

    page = page_of(client, auth, store_id, placed["number"])

    groups = {g["key"]: g for g in page["groups"]}
    assert set(groups) == {"warehouse", f"dropship:{maker}"}
    dropship, stock = groups[f"dropship:{maker}"], groups["warehouse"]
    assert (dropship["title"], dropship["state_label"], dropship["seller_ships"]) == (
        "Dropshipped by Wick & Co",
        "Sent to Wick & Co",
        False,
    )
    assert dropship["lines"] == [{"title": "Wick mug", "quantity": 2}]
    assert (stock["title"], stock["state_label"], stock["seller_ships"]) == (
        "From your stock",
        "Unfulfilled",
        True,
    )
    assert (page["payment_status"], page["fulfilment_status"]) == ("Paid", "Unfulfilled")
    assert page["payment"] == {
        "subtotal": "$48.00",
        "shipping": "$4.99",
        "tax": "$0.00",
        "total": "$52.99",
        "refunded": "$0.00",
        "net": "$52.99",
    }


def test_the_timeline_speaks_plain_words_with_references_behind_details(
    client: TestClient,
) -> None:
    auth, store_id, placed, _maker = two_kinds(client)

    timeline = page_of(client, auth, store_id, placed["number"])["timeline"]

    labels = [t["label"] for t in timeline]
    assert labels[-3:] == ["Paid", "Stock set aside", "Order placed"]  # newest first
    assert {"Sent to the supplier", "Ready to pack", "Confirmation e-mailed"} <= set(labels)
    for step in timeline:
        assert not INTERNAL.search(step["label"] + step["note"]), step
        assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d", step["at"]), step
    paid = next(t for t in timeline if t["label"] == "Paid")
    assert paid["note"] == "Paid $52.99."
    assert paid["details"].startswith("testpay_")  # the payment's reference, on request


def test_the_seller_cannot_ship_what_the_supplier_ships(client: TestClient) -> None:
    auth, store_id, placed, maker = two_kinds(client)
    order_id = placed["id"]

    refused = ship(client, auth, order_id, f"dropship:{maker}", tracking_number=UPS)
    whole = client.post(f"/api/orders/{order_id}/fulfill", json={}, headers=auth)
    shipped = ship(client, auth, order_id, "warehouse", tracking_number=UPS)
    cancel = client.post(f"/api/orders/{order_id}/cancel", headers=auth)

    assert refused.status_code == 409
    assert "the supplier ships these items" in refused.json()["detail"]
    assert whole.status_code == 409 and "Wick & Co" in whole.json()["detail"]
    assert shipped.status_code == 200, shipped.text
    page = shipped.json()
    groups = {g["key"]: g for g in page["groups"]}
    assert (groups["warehouse"]["state_label"], groups["warehouse"]["tracking_number"]) == (
        "Shipped with UPS",
        UPS,
    )
    assert groups[f"dropship:{maker}"]["state_label"] == "Sent to Wick & Co"
    assert (page["order"]["status"], page["fulfilment_status"]) == (
        "fulfilling",
        "Partially fulfilled",
    )
    assert page["timeline"][0]["note"] == f"Shipped 1 × Soy candle (UPS, tracking {UPS})."
    assert cancel.status_code == 409  # part of it is on its way

    with session_scope() as session:  # the supplier answers with its tracking
        answered = fulfilment.record_supplier_shipment(
            session,
            order_id=uuid.UUID(order_id),
            supplier_id=uuid.UUID(maker),
            tracking_number="9400111899223100001234",
        )
    page = page_of(client, auth, store_id, placed["number"])
    assert answered
    assert (page["order"]["status"], page["fulfilment_status"]) == ("shipped", "Fulfilled")
    assert {g["state_label"] for g in page["groups"]} == {"Shipped with UPS", "Shipped with USPS"}
    assert page["timeline"][0]["by"] == "Wick & Co"


def test_an_unknown_group_or_order_number_is_not_found(client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(client)
    placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id)).json()

    group = ship(client, auth, placed["id"], "dropship:none")
    number = client.get(f"/api/orders/by-number/9999?store_id={store_id}", headers=auth)

    assert (group.status_code, number.status_code) == (404, 404)


def test_the_payment_panel_follows_refunds(client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(client)
    placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, 2)).json()

    refunded = client.post(
        f"/api/orders/{placed['id']}/refund", json={"amount": "10.50"}, headers=auth
    )
    page = page_of(client, auth, store_id, placed["number"])

    assert refunded.status_code == 200, refunded.text
    assert page["payment_status"] == "Partially refunded"
    assert (page["payment"]["total"], page["payment"]["refunded"], page["payment"]["net"]) == (
        "$52.99",
        "$10.50",
        "$42.49",
    )
    assert page["timeline"][0]["label"] == "Refunded"


def test_two_people_shipping_one_group_at_once_ship_it_once(any_client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(any_client)
    placed = any_client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id)).json()

    responses = at_once(
        2, lambda n: ship(any_client, auth, placed["id"], "warehouse", tracking_number=f"TRK{n}")
    )

    assert codes(responses) == Counter({200: 1, 409: 1}), [r.text for r in responses]
    page = page_of(any_client, auth, store_id, placed["number"])
    shipped = [t for t in page["timeline"] if t["label"] == "Shipped"]
    assert len(shipped) == 1 and page["order"]["status"] == "shipped"
    [group] = page["groups"]
    winner = next(r for r in responses if r.status_code == 200).json()
    assert group["tracking_number"] == winner["groups"][0]["tracking_number"]
