"""A paused connection imports nothing, yet answers its channel's order webhooks (a channel
drops an address that keeps failing) and keeps them: resuming imports each order once.
Against the Etsy stand-in, whose webhook names the receipt, and the Shopify stand-in,
whose webhook carries the order."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.channels.test_channel_order_history import (
    connected_store,
    orders,
    stock,
    with_listing,
)
from tests.integration.channels.test_shopify_orders import selling_on_shopify, webhook
from tests.standins.etsy_server import WEBHOOK_SECRET, EtsyStandIn
from tests.standins.shopify_server import ShopifyStandIn


def test_an_etsy_webhook_while_paused_is_kept_and_imported_once_on_resume(
    client: TestClient, etsy: EtsyStandIn
) -> None:
    # given a paused Etsy connection that takes Etsy's order.paid webhook
    auth, store_id, product, connection = connected_store(
        client, with_listing(etsy), webhook_secret=WEBHOOK_SECRET
    )
    paused = client.post(f"/api/channels/{connection}/pause", headers=auth)
    receipt = etsy.place_order([("FIG-1", 2)])
    address = f"/api/channels/{connection}/webhooks/etsy/orders"

    # when Etsy delivers it, twice, while paused
    body, headers = etsy.webhook(receipt)
    first = client.post(address, content=body, headers=headers)
    body, headers = etsy.webhook(receipt)
    again = client.post(address, content=body, headers=headers)

    # then Etsy is answered and nothing is imported
    assert paused.status_code == 200, paused.text
    assert first.status_code == again.status_code == 200, first.text
    assert first.json() == {"outcome": "kept"}
    assert orders(client, auth, store_id).json()["items"] == []
    assert stock(client, auth, product) == 9

    # when the seller resumes, then the order is imported once, and only once after
    resumed = client.post(f"/api/channels/{connection}/resume", headers=auth)
    assert resumed.status_code == 200, resumed.text
    assert resumed.json()["status"] == "connected"
    assert resumed.json()["kept_imported"] == 1
    body, headers = etsy.webhook(receipt)
    late = client.post(address, content=body, headers=headers)
    polled = client.post(f"/api/channels/{connection}/orders/import", headers=auth)
    assert late.json() == {"outcome": "known"}
    assert polled.json() == {"imported": 0, "held": 0, "known": 1}
    listed = orders(client, auth, store_id).json()["items"]
    assert [(o["channel_order"], o["history"]) for o in listed] == [(str(receipt), False)]
    assert stock(client, auth, product) == 7


def test_a_shopify_webhook_while_paused_is_kept_with_its_order_and_imported_on_resume(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, product, connection = selling_on_shopify(client)
    client.post(f"/api/channels/{connection}/pause", headers=auth)
    order = shopify.place_order([("FIG-1", 2)])

    delivered = webhook(client, connection, order)

    assert delivered.status_code == 200, delivered.text
    assert delivered.json() == {"outcome": "kept"}
    assert orders(client, auth, store_id).json()["items"] == []
    resumed = client.post(f"/api/channels/{connection}/resume", headers=auth)
    resumed_again = client.post(f"/api/channels/{connection}/resume", headers=auth)
    assert resumed.json()["kept_imported"] == 1
    assert resumed_again.status_code == 409  # already connected: nothing imported twice
    listed = orders(client, auth, store_id).json()["items"]
    assert [(o["channel"], o["channel_order"]) for o in listed] == [("shopify", "#1001")]
    assert stock(client, auth, product) == 3
