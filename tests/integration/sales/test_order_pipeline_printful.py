"""A paid order's Printful group, placed by a real worker against the Printful stand-in:
no lock is held while Printful is asked (a slow Printful holds up nobody else, on
PostgreSQL and on the embedded SQLite default), and an answer lost on the way back is
followed by one Printful order, never two."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from bizq_app.core.db import session_scope
from bizq_app.setup.seed import load_seed
from tests.integration.conftest import start_rq_worker, stop
from tests.integration.sales.test_order_pipeline import edit, order_of, settled, steps, supplier
from tests.integration.sales.test_orders import cart, shop
from tests.standins.printful_server import TOKEN, PrintfulStandIn

HELD_FOR = 30  # seconds the test waits for the worker to reach Printful (an event, not a sleep)


def seed() -> None:
    """The bundled task types, workers and suppliers, as ``make run`` prepares them."""
    with session_scope() as session:
        load_seed(session=session)


def printful_shop(client: TestClient) -> tuple[dict[str, str], str, str, str, str]:
    """A shop whose candle is made and shipped by Printful (variant 4012); its supplier id."""
    auth, store_id, slug, product_id = shop(client)
    printful_id = supplier(name="Printful", kind="print_on_demand", source="printful")
    edit(client, auth, product_id, json={"supplier_id": printful_id, "supplier_sku": "4012"})
    return auth, store_id, slug, product_id, printful_id


def printful_worker(printful: PrintfulStandIn) -> Any:
    return start_rq_worker({"PRINTFUL_API_TOKEN": TOKEN, "BIZQ_PRINTFUL_BASE_URL": printful.url})


def orders_sent(printful: PrintfulStandIn) -> int:
    return sum(1 for r in printful.requests if (r["method"], r["path"]) == ("POST", "/orders"))


def placed_note(order: dict[str, Any]) -> str:
    return str(next(s["note"] for s in order["timeline"] if s["step"].startswith("fulfil:")))


def test_a_slow_printful_holds_up_no_one_else(any_client: TestClient) -> None:
    seed()
    printful = PrintfulStandIn().then("hold")  # Printful takes its time over the order
    worker = printful_worker(printful)
    try:
        auth, store_id, slug, product_id, printful_id = printful_shop(any_client)
        _, _, other_slug, other_product = shop(any_client)
        placed = any_client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id))
        order_id = placed.json()["id"]
        assert printful.holding.wait(HELD_FOR), "the worker never asked Printful"

        listed = any_client.get(f"/api/orders?store_id={store_id}", headers=auth)
        noted = any_client.put(
            f"/api/orders/{order_id}/notes", json={"notes": "Gift wrap"}, headers=auth
        )
        elsewhere = any_client.post(
            f"/api/storefront/{other_slug}/checkout", json=cart(other_product)
        )
        meanwhile = order_of(any_client, auth, order_id)
        printful.release()
        order = settled(any_client, auth, order_id)
    finally:
        stop(worker)
        printful.close()

    assert listed.status_code == 200 and listed.json()["total"] == 1
    assert noted.status_code == 200, noted.text
    assert elsewhere.status_code == 201, elsewhere.text
    assert meanwhile["pipeline"] == "waiting"
    assert steps(meanwhile)[-1] == f"placing:dropship:{printful_id}"
    assert (order["pipeline"], order["notes"]) == ("done", "Gift wrap"), order["timeline"]
    [made] = printful.orders.values()
    assert f"Placed with Printful as order {made['id']}" in placed_note(order)


def test_an_answer_lost_after_printful_made_the_order_is_followed_by_one_order(
    client: TestClient,
) -> None:
    seed()
    printful = PrintfulStandIn().then("lost")  # Printful makes the order; its answer is a 500
    worker = printful_worker(printful)
    try:
        auth, _, slug, product_id, printful_id = printful_shop(client)
        placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id)).json()
        failed = settled(client, auth, placed["id"])
        retried = client.post(f"/api/orders/{placed['id']}/retry", headers=auth)
        done = settled(client, auth, placed["id"])
    finally:
        stop(worker)
        printful.close()

    assert failed["pipeline"] == "failed"
    assert "Printful is not answering properly (500)" in failed["timeline"][-1]["note"]
    assert retried.status_code == 200
    assert done["pipeline"] == "done", done["timeline"]
    [made] = printful.orders.values()  # one Printful order, recorded on the BizQ order
    assert f"Placed with Printful as order {made['id']}" in placed_note(done)
    assert made["external_id"] in placed_note(done)
    assert orders_sent(printful) == 1  # the retry looked it up by its external id
    placing = f"placing:dropship:{printful_id}"
    assert steps(done)[3:] == [
        placing,
        "failed",
        "retried",
        placing,
        f"fulfil:dropship:{printful_id}",
        "notified",
    ]


def test_an_order_cancelled_while_printful_places_it_stops_there(client: TestClient) -> None:
    seed()
    printful = PrintfulStandIn().then("hold")
    worker = printful_worker(printful)
    try:
        auth, _, slug, product_id, printful_id = printful_shop(client)
        placed = client.post(f"/api/storefront/{slug}/checkout", json=cart(product_id)).json()
        assert printful.holding.wait(HELD_FOR), "the worker never asked Printful"
        cancelled = client.post(f"/api/orders/{placed['id']}/cancel", headers=auth)
        printful.release()
        order = settled(client, auth, placed["id"])
    finally:
        stop(worker)
        printful.close()

    assert cancelled.status_code == 200, cancelled.text
    assert (order["status"], order["pipeline"]) == ("cancelled", "done")
    [made] = printful.orders.values()  # sent before the cancel: the owner cancels it there
    assert steps(order)[-3:] == ["cancelled", f"fulfil:dropship:{printful_id}", "stopped"]
    assert f"Placed with Printful as order {made['id']}" in placed_note(order)
    assert order["timeline"][-1]["note"] == (
        "The order was cancelled meanwhile; the steps left were not run."
    )
    assert "notified" not in steps(order)
