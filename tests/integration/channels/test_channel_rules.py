"""A channel's price and stock rules over REST, against the Shopify stand-in: saved only
when every field is right, quantities pushed at once, prices sent with the next publish,
and a price under cost warned about."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.channels.test_shopify_channel import connect, store_with_products
from tests.integration.conftest import start_rq_worker, stop, wait_for
from tests.standins.shopify_server import ShopifyStandIn


def test_rules_change_what_shopify_shows_and_bad_rules_change_nothing(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, products = store_with_products(client)  # 5 each at 24.00
    connection = connect(client, auth, store_id).json()["id"]
    costed = client.put(f"/api/products/{products[0]}", headers=auth, json={"cost": "22.00"})
    assert costed.status_code == 200, costed.text
    for product in products:
        client.post(
            f"/api/channels/{connection}/listings", headers=auth, json={"product_id": product}
        )
    assert shopify.quantity_of("FIG-1") == 5 and shopify.price_of("FIG-1") == "24.00"

    bad = client.put(
        f"/api/channels/{connection}/rules",
        headers=auth,
        json={"price_percent": "-95", "stock_share": 0, "rounding": "97"},
    )
    worker = start_rq_worker({"BIZQ_SHOPIFY_BASE_URL": shopify.url})
    try:
        saved = client.put(
            f"/api/channels/{connection}/rules",
            headers=auth,
            json={"price_percent": "-10", "rounding": "99", "stock_buffer": 2},
        )
        wait_for(
            lambda: shopify.quantity_of("FIG-1") == 3 == shopify.quantity_of("CEDAR-1"),
            what="the buffer pushed to Shopify",
        )
    finally:
        stop(worker)
    republished = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": products[0]}
    )

    assert bad.status_code == 422
    assert {e["path"] for e in bad.json()["errors"]} == {
        "$.price_percent",
        "$.stock_share",
        "$.rounding",
    }
    assert saved.status_code == 200, saved.text
    assert saved.json()["described"] == "price -10%, ends in .99, 2 kept back"
    assert saved.json()["warnings"] == [
        "Fig candle: Sells below its cost of 22.00 USD on this channel: FIG-1 at 21.99."
    ]
    assert saved.json()["connection"]["rules"]["stock_buffer"] == 2
    assert shopify.price_of("FIG-1") == "21.99"  # sent with the publish after the rules
    assert shopify.price_of("CEDAR-1") == "24.00"  # not published again yet
    assert republished.json()["warning"].startswith("Sells below its cost of 22.00 USD")
    log = client.get(f"/api/channels/{connection}/log", headers=auth).json()["items"]
    assert [e["kind"] for e in log[:1]] == ["publish"]
    assert "Rules: price -10%, ends in .99, 2 kept back." in [e["outcome"] for e in log]


def test_only_a_member_who_manages_the_store_sets_its_channel_rules(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, _ = store_with_products(client)
    connection = connect(client, auth, store_id).json()["id"]
    stranger, _, _ = store_with_products(client)

    refused = client.put(
        f"/api/channels/{connection}/rules", headers=stranger, json={"stock_buffer": 1}
    )

    assert refused.status_code in (403, 404)
    listed = client.get(f"/api/stores/{store_id}/channels", headers=auth).json()
    assert listed[0]["rules"]["stock_buffer"] == 0
