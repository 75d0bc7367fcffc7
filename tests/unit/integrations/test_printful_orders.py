"""Placing a Printful order once per external id, over real HTTP against the stand-in:
Printful refuses a second order under the same external id, and BizQ's adapter answers
with the order Printful already holds; a lost answer followed by another try orders once."""

from __future__ import annotations

import httpx
import pytest

from bizq_app.core.errors import IntegrationError, Unavailable
from bizq_app.integrations.suppliers import SupplierOrderItem
from bizq_app.integrations.suppliers.printful import PrintfulClient
from tests.standins.printful_server import TOKEN, PrintfulStandIn
from tests.unit.integrations.test_printful import shirt_order


def orders_sent(stand_in: PrintfulStandIn) -> int:
    """How many times an order was sent to Printful (made or refused)."""
    return sum(1 for r in stand_in.requests if (r["method"], r["path"]) == ("POST", "/orders"))


def test_the_stand_in_refuses_a_second_order_under_one_external_id_as_printful_does(
    printful_stand_in: PrintfulStandIn,
) -> None:
    body = {
        "external_id": "bizq-1001",
        "recipient": {
            "name": "Ada",
            "address1": "1 Lane",
            "city": "Oslo",
            "country_code": "NO",
            "zip": "0150",
        },
        "items": [{"variant_id": 4012, "quantity": 1}],
    }
    headers = {"Authorization": f"Bearer {TOKEN}"}

    first = httpx.post(f"{printful_stand_in.url}/orders", json=body, headers=headers)
    second = httpx.post(f"{printful_stand_in.url}/orders", json=body, headers=headers)
    found = httpx.get(f"{printful_stand_in.url}/orders/@bizq-1001", headers=headers)

    assert first.status_code == 200
    assert second.status_code == 400
    assert second.json()["error"] == {
        "reason": "BadRequest",
        "message": "Order with external ID bizq-1001 already exists.",
    }
    assert found.json()["result"]["id"] == first.json()["result"]["id"]
    assert len(printful_stand_in.orders) == 1


def test_placing_again_under_the_same_external_id_answers_with_the_first_order(
    printful: PrintfulClient, printful_stand_in: PrintfulStandIn
) -> None:
    first = printful.place_order(shirt_order(external_id="bizq-1001"))
    again = printful.place_order(shirt_order(external_id="bizq-1001"))

    assert again == first
    assert len(printful_stand_in.orders) == 1
    assert [r["path"] for r in printful_stand_in.requests] == [
        "/orders",
        "/orders",
        "/orders/@bizq-1001",
    ]


def test_after_a_lost_answer_the_next_try_gets_the_order_printful_made(
    printful: PrintfulClient, printful_stand_in: PrintfulStandIn
) -> None:
    printful_stand_in.then("lost")  # Printful makes the order, then answers 500

    with pytest.raises(Unavailable):
        printful.place_order(shirt_order(external_id="bizq-1002"))
    found = printful.find_order("bizq-1002")
    placed = printful.place_order(shirt_order(external_id="bizq-1002"))

    [made] = printful_stand_in.orders.values()
    assert found is not None and found.reference == str(made["id"]) == placed.reference
    assert orders_sent(printful_stand_in) == 2  # the second was refused, not made


def test_an_external_id_printful_does_not_know_is_not_found(printful: PrintfulClient) -> None:
    assert printful.find_order("bizq-never-sent") is None


def test_a_refusal_for_another_reason_stays_a_refusal(
    printful: PrintfulClient, printful_stand_in: PrintfulStandIn
) -> None:
    bad = shirt_order(external_id="bizq-1003", items=(SupplierOrderItem("4999", 1),))

    with pytest.raises(IntegrationError, match=r"\(400\): Item 0: Product variant 4999"):
        printful.place_order(bad)
    assert printful_stand_in.orders == {}
