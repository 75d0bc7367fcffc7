"""Many requests at once on the same stock and the same orders, over REST, on PostgreSQL and
on the embedded SQLite default: each act happens once, nothing answers 5xx, stock never
goes below zero and always equals the sum of its movements."""

from __future__ import annotations

import uuid
from collections import Counter

from fastapi.testclient import TestClient
from httpx import Response

from bizq_app.core.db import session_scope
from bizq_app.inventory import stock as inventory
from tests.integration.conftest import THREADS, at_once, codes
from tests.integration.sales.test_orders import cart, shop, stock


def ledger(product_id: str) -> int:
    with session_scope() as session:
        return inventory.level_from_movements(session, uuid.UUID(product_id))


def paid_order(client: TestClient, slug: str, product_id: str, quantity: int = 1) -> str:
    response = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id, quantity))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def buyers_at_once(client: TestClient, slug: str, product_id: str) -> list[Response]:
    """Twenty different buyers check out one unit each, all at once."""
    return at_once(
        THREADS,
        lambda n: client.post(
            f"/api/storefront/{slug}/checkout",
            json={**cart(product_id), "email": f"buyer{n}@example.com"},
        ),
    )


def test_twenty_buyers_for_the_last_unit_make_one_order(any_client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(any_client, stock=1)

    responses = buyers_at_once(any_client, slug, product_id)

    assert codes(responses) == Counter({201: 1, 409: THREADS - 1})
    assert stock(any_client, auth, product_id) == 0 == ledger(product_id)
    listed = any_client.get(f"/api/orders?store_id={store_id}", headers=auth).json()
    assert listed["total"] == 1


def test_one_checkout_key_sent_twenty_times_at_once_places_one_order(
    any_client: TestClient,
) -> None:
    auth, store_id, slug, product_id = shop(any_client, stock=50)

    responses = at_once(
        THREADS,
        lambda _n: any_client.post(
            f"/api/storefront/{slug}/checkout",
            json=cart(product_id, 2),
            headers={"Idempotency-Key": "cart-of-ada"},
        ),
    )

    assert codes(responses) == Counter({201: THREADS}), [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert stock(any_client, auth, product_id) == 48 == ledger(product_id)
    listed = any_client.get(f"/api/orders?store_id={store_id}", headers=auth).json()
    assert listed["total"] == 1


def test_order_numbers_never_collide(any_client: TestClient) -> None:
    auth, store_id, slug, product_id = shop(any_client, stock=100)

    responses = buyers_at_once(any_client, slug, product_id)

    assert codes(responses) == Counter({201: THREADS})
    numbers = sorted(r.json()["number"] for r in responses)
    assert numbers == list(range(numbers[0], numbers[0] + THREADS))


def test_a_cancel_sent_twenty_times_restocks_once(any_client: TestClient) -> None:
    auth, _, slug, product_id = shop(any_client, stock=5)
    order_id = paid_order(any_client, slug, product_id, quantity=3)

    responses = at_once(
        THREADS,
        lambda _n: any_client.post(f"/api/orders/{order_id}/cancel", headers=auth),
    )

    assert codes(responses) == Counter({200: 1, 409: THREADS - 1})
    assert stock(any_client, auth, product_id) == 5 == ledger(product_id)


def test_a_refund_with_restock_puts_the_units_back_once_whatever_follows(
    any_client: TestClient,
) -> None:
    auth, _, slug, product_id = shop(any_client, stock=5, price="10.00")
    order_id = paid_order(any_client, slug, product_id, quantity=2)

    responses = at_once(
        THREADS,
        lambda n: any_client.post(
            f"/api/orders/{order_id}/refund",
            json={"amount": "1.00", "restock": True},
            headers={**auth, "Idempotency-Key": f"refund-{n}"},
        ),
    )
    cancelled = any_client.post(f"/api/orders/{order_id}/cancel", headers=auth)

    assert codes(responses) == Counter({200: THREADS})  # twenty partial refunds of 1.00
    assert cancelled.status_code == 200
    assert stock(any_client, auth, product_id) == 5 == ledger(product_id)  # back once: 3 + 2
    moves = any_client.get(f"/api/products/{product_id}/stock", headers=auth).json()
    assert [(m["reason"], m["change"], m["level"]) for m in reversed(moves)] == [
        ("manual", 5, 5),
        ("sale", -2, 3),
        ("refund_restock", 2, 5),
    ]


def test_checkouts_cancels_and_refunds_racing_on_the_last_units_keep_the_ledger(
    any_client: TestClient,
) -> None:
    auth, store_id, slug, product_id = shop(any_client, stock=6, price="10.00")
    held = [paid_order(any_client, slug, product_id) for _ in range(6)]  # sold out

    def act(n: int) -> Response:
        if n < 6:
            return any_client.post(f"/api/orders/{held[n % 3]}/cancel", headers=auth)
        if n < 12:
            target = held[3 + n % 3]
            return any_client.post(
                f"/api/orders/{target}/refund",
                json={"restock": True},
                headers={**auth, "Idempotency-Key": f"full-{n}"},
            )
        return any_client.post(
            f"/api/storefront/{slug}/checkout",
            json={**cart(product_id), "email": f"late{n}@example.com"},
        )

    responses = at_once(THREADS, act)

    assert not [r.text for r in responses if r.status_code >= 500]
    orders = any_client.get(f"/api/orders?store_id={store_id}&limit=100", headers=auth).json()
    holding = [o for o in orders["items"] if o["status"] in ("paid", "fulfilling")]
    level = stock(any_client, auth, product_id)
    assert level >= 0
    assert level == ledger(product_id) == 6 - len(holding)


def test_bad_restocks_and_transitions_change_nothing(any_client: TestClient) -> None:
    auth, _, slug, product_id = shop(any_client, stock=5, price="10.00")
    order_id = paid_order(any_client, slug, product_id, quantity=2)
    assert any_client.post(f"/api/orders/{order_id}/fulfill", json={}, headers=auth).is_success

    cancel = any_client.post(f"/api/orders/{order_id}/cancel", headers=auth)
    refunded = any_client.post(
        f"/api/orders/{order_id}/refund", json={"restock": True}, headers=auth
    )
    again = any_client.post(f"/api/orders/{order_id}/refund", json={}, headers=auth)

    assert cancel.status_code == 409
    assert refunded.status_code == 200
    assert again.status_code == 409
    assert stock(any_client, auth, product_id) == 5 == ledger(product_id)


def test_one_refund_key_sent_twenty_times_at_once_refunds_once(any_client: TestClient) -> None:
    auth, _, slug, product_id = shop(any_client, stock=5, price="10.00")
    order_id = paid_order(any_client, slug, product_id, quantity=2)

    responses = at_once(
        THREADS,
        lambda _n: any_client.post(
            f"/api/orders/{order_id}/refund",
            json={"amount": "4.00", "restock": True},
            headers={**auth, "Idempotency-Key": "double-click"},
        ),
    )

    assert codes(responses) == Counter({200: THREADS}), [r.text for r in responses]
    order = any_client.get(f"/api/orders/{order_id}", headers=auth).json()
    assert order["refunded"] == "4.00"
    assert [s["step"] for s in order["timeline"]].count("refunded") == 1
    assert stock(any_client, auth, product_id) == 5 == ledger(product_id)


def test_a_refund_retried_without_a_key_refunds_once(any_client: TestClient) -> None:
    auth, _, slug, product_id = shop(any_client, stock=5, price="10.00")
    order_id = paid_order(any_client, slug, product_id, quantity=2)
    refund = {"amount": "4.00", "reason": "Scent too weak"}

    responses = at_once(
        THREADS,
        lambda _n: any_client.post(f"/api/orders/{order_id}/refund", json=refund, headers=auth),
    )
    another = any_client.post(
        f"/api/orders/{order_id}/refund", json=refund | {"reason": "Box dented"}, headers=auth
    )

    assert codes(responses) == Counter({200: THREADS}), [r.text for r in responses]
    assert another.status_code == 200
    order = any_client.get(f"/api/orders/{order_id}", headers=auth).json()
    assert order["refunded"] == "8.00"  # the retried one once, the other reason once more
    assert [s["step"] for s in order["timeline"]].count("refunded") == 2


def test_a_new_buyers_first_orders_at_once_make_one_customer(any_client: TestClient) -> None:
    auth, store_id, slug, _ = shop(any_client, stock=100)
    products = [
        any_client.post(
            "/api/products",
            headers=auth,
            json={"store_id": store_id, "title": f"Candle {n}", "price": "9", "status": "active"}
            | {"inventory_quantity": 5},
        ).json()["id"]
        for n in range(THREADS)
    ]

    responses = at_once(  # one buyer, twenty products: no row lock they share
        THREADS,
        lambda n: any_client.post(f"/api/storefront/{slug}/checkout", json=cart(products[n])),
    )

    assert codes(responses) == Counter({201: THREADS}), [r.text for r in responses]
    buyers = any_client.get(f"/api/customers?store_id={store_id}", headers=auth).json()["items"]
    assert [(b["email"], b["orders_count"]) for b in buyers] == [("buyer@example.com", THREADS)]
