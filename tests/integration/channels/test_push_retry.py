"""Pushes that failed or were held, pushed again from BizQ: an ordinary retry still never
overwrites a quantity changed on Shopify; "use BizQ's figure" does, at the seller's word;
one listing or all of them, by members who may run the store."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.channels.test_shopify_channel import connect, store_with_products
from tests.integration.conftest import start_rq_worker, stop, wait_for
from tests.standins.shopify_server import ShopifyStandIn


def log_kinds(client: TestClient, auth: dict[str, str], connection: str) -> list[str]:
    items = client.get(f"/api/channels/{connection}/log", headers=auth).json()["items"]
    return [f"{e['kind']}:{'ok' if e['ok'] else 'failed'}" for e in items]


def test_a_held_push_is_retried_and_then_bizqs_figure_wins_when_the_seller_says(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, products = store_with_products(client)  # 5 each
    connection = connect(client, auth, store_id).json()["id"]
    for product in products:
        client.post(
            f"/api/channels/{connection}/listings", headers=auth, json={"product_id": product}
        )
    shopify.sell_on_shopify("FIG-1", 4)  # 1 there; BizQ does not know of that sale
    worker = start_rq_worker({"BIZQ_SHOPIFY_BASE_URL": shopify.url})
    try:
        client.put(f"/api/products/{products[0]}", headers=auth, json={"inventory_quantity": 4})
        wait_for(lambda: "stock:failed" in log_kinds(client, auth, connection), what="held")
        nothing = client.post(
            f"/api/channels/{connection}/retry", headers=auth, json={"listing_id": products[0]}
        )
        again = client.post(f"/api/channels/{connection}/retry", headers=auth, json={})
        wait_for(
            lambda: log_kinds(client, auth, connection)[:2] == ["stock:failed", "retry:ok"],
            what="the retry held again",
        )
        held_again = shopify.quantity_of("FIG-1")
        ours = client.post(
            f"/api/channels/{connection}/retry", headers=auth, json={"ours_wins": True}
        )
        wait_for(lambda: shopify.quantity_of("FIG-1") == 4, what="BizQ's figure set")
    finally:
        stop(worker)

    assert nothing.status_code == 404  # a product id is not a listing with a problem
    assert again.json() == {"queued": 1}  # only FIG-1's listing: CEDAR-1 is fine
    assert held_again == 1  # an ordinary retry still respects Shopify's change
    assert ours.json() == {"queued": 1}
    listing = client.get(f"/api/channels/{connection}/listings", headers=auth).json()[0]
    assert listing["last_error"] == "" and listing["shown"]["FIG-1"] == 4
    assert shopify.quantity_of("CEDAR-1") == 5


def test_only_members_who_run_the_store_push_again(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, _ = store_with_products(client)
    connection = connect(client, auth, store_id).json()["id"]
    stranger, _, _ = store_with_products(client)

    refused = client.post(f"/api/channels/{connection}/retry", headers=stranger, json={})

    assert refused.status_code in (403, 404)
    assert "retry:ok" not in log_kinds(client, auth, connection)
