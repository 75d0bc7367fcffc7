"""The last unit of a product, sold at the same moment on three Shopify shops (their
order webhooks) and on BizQ's storefront, or on Shopify, TikTok Shop and Walmart (each by
its own signed webhook) and the storefront: exactly one order takes it, the others are
held for the seller with the stock untouched, and a shop where nothing sold (Shopify's
fourth, or eBay) is set to 0 by the push within five seconds — no oversell anywhere."""

from __future__ import annotations

import uuid
from collections import Counter

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from bizq_app.core.db import session_scope
from bizq_app.core.settings import get_settings
from bizq_app.inventory import stock as inventory
from tests.integration.channels.conftest import fig_candle_store
from tests.integration.channels.test_ebay_channel import FIELDS as EBAY
from tests.integration.channels.test_shopify_orders import SECRET, orders_of, stock_of, webhook
from tests.integration.channels.test_tiktok_channel import FIELDS as TIKTOK
from tests.integration.channels.test_walmart_channel import FIELDS as WALMART
from tests.integration.conftest import at_once, start_rq_worker, stop, wait_for
from tests.standins.ebay_server import EbayStandIn
from tests.standins.shopify_server import TOKEN, ShopifyStandIn
from tests.standins.tiktok_server import TikTokStandIn
from tests.standins.walmart_server import WalmartStandIn

ADDRESS = {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201", "country": "US"}
SHOPS = ("north", "south", "east", "west")  # sold on the first three; the fourth only shows


def last_unit(client: TestClient) -> tuple[dict[str, str], str, str]:
    """A store with one unit left of FIG-1: the owner's auth, the store and the product."""
    return fig_candle_store(
        client,
        name="Last Wick",
        inventory_quantity=1,
        images=["https://cdn.example.com/fig-candle.jpg"],  # eBay lists none without
    )


def test_the_last_unit_sold_on_three_shops_and_the_storefront_at_once_sells_once(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, product = last_unit(client)
    connections = []
    for shop in SHOPS:
        connections.append(
            client.post(
                f"/api/stores/{store_id}/channels",
                headers=auth,
                json={"channel": "shopify", "shop": f"{shop}-candles.myshopify.com"}
                | {"access_token": TOKEN, "webhook_secret": SECRET},
            ).json()["id"]
        )
        listed = client.post(
            f"/api/channels/{connections[-1]}/listings", headers=auth, json={"product_id": product}
        )
        assert listed.status_code == 201, listed.text
    items = [p["variants"][0]["inventoryItem"]["id"] for p in shopify.products.values()]
    sold = [shopify.place_order([("FIG-1", 1)]) for _ in SHOPS[:3]]
    for item, left in zip(items, (0, 0, 0, 1), strict=True):  # each shop's own count
        shopify.quantities[item] = left
    slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]

    def sell(n: int) -> Response:
        if n < 3:
            return webhook(
                client, connections[n], sold[n], shop=f"{SHOPS[n]}-candles.myshopify.com"
            )
        return client.post(
            f"/api/storefront/{slug}/checkout",
            json={"email": "buyer@example.com", "name": "Buyer", "address": ADDRESS}
            | {"lines": [{"product_id": product, "quantity": 1}]}
            | {"payment_method": "4242424242424242"},
        )

    worker = start_rq_worker({"BIZQ_SHOPIFY_BASE_URL": shopify.url})
    try:
        responses = at_once(4, sell)
        wait_for(
            lambda: shopify.quantities[items[3]] == 0, timeout=60, what="the fourth shop set to 0"
        )
    finally:
        stop(worker)

    assert all(r.status_code < 500 for r in responses), [r.text for r in responses]
    storefront_won = responses[3].status_code == 201
    assert Counter(r.status_code for r in responses[:3]) == Counter({200: 3})
    assert responses[3].status_code in (201, 409)
    assert len(orders_of(client, auth, store_id)) == 1  # one order took the last unit
    assert stock_of(client, auth, product) == 0
    with session_scope() as session:
        assert inventory.level_from_movements(session, uuid.UUID(product)) == 0
    holds = [
        len(client.get(f"/api/channels/{c}/holds", headers=auth).json()) for c in connections[:3]
    ]
    assert sum(holds) == (3 if storefront_won else 2)  # the losers wait for the seller
    assert [shopify.quantities[item] for item in items] == [0, 0, 0, 0]


def test_the_last_unit_sold_on_shopify_tiktok_walmart_and_the_storefront_at_once_sells_once(
    client: TestClient,
    shopify: ShopifyStandIn,
    tiktok: TikTokStandIn,
    walmart: WalmartStandIn,
    ebay: EbayStandIn,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    auth, store_id, product = last_unit(client)
    tiktok.product("Fig candle", {"FIG-1": 0})
    walmart.item("FIG-1", "Fig candle", quantity=0)
    monkeypatch.setenv("BIZQ_PUBLIC_URL", "https://wick.example.com")
    get_settings.cache_clear()
    shopify_fields = {"channel": "shopify", "shop": "north-candles.myshopify.com"}
    shopify_fields |= {"access_token": TOKEN, "webhook_secret": SECRET}
    ids = {}
    for fields in (shopify_fields, TIKTOK, WALMART, EBAY):
        cid = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=fields).json()[
            "id"
        ]
        listed = client.post(
            f"/api/channels/{cid}/listings", headers=auth, json={"product_id": product}
        )
        assert listed.status_code == 201, listed.text
        ids[fields["channel"]] = cid
    get_settings.cache_clear()
    on_shopify = shopify.place_order([("FIG-1", 1)])
    on_tiktok, on_walmart = tiktok.place_order([("FIG-1", 1)]), walmart.place_order([("FIG-1", 1)])
    slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]

    def sell(n: int) -> Response:
        if n == 0:
            return webhook(client, ids["shopify"], on_shopify, shop="north-candles.myshopify.com")
        if n == 1:
            body, signed = tiktok.webhook(on_tiktok)
            headers = {"Authorization": signed}
            return client.post(
                f"/api/channels/{ids['tiktok_shop']}/webhooks/tiktok_shop/orders",
                content=body,
                headers=headers,
            )
        if n == 2:
            body, signed, header = walmart.webhook(on_walmart)
            return client.post(
                f"/api/channels/{ids['walmart']}/webhooks/walmart/orders",
                content=body,
                headers={header: signed},
            )
        return client.post(
            f"/api/storefront/{slug}/checkout",
            json={"email": "buyer@example.com", "name": "Buyer", "address": ADDRESS}
            | {"lines": [{"product_id": product, "quantity": 1}]}
            | {"payment_method": "4242424242424242"},
        )

    stand_ins = {"SHOPIFY": shopify, "EBAY": ebay, "TIKTOK": tiktok, "WALMART": walmart}
    worker = start_rq_worker({f"BIZQ_{name}_BASE_URL": s.url for name, s in stand_ins.items()})
    try:
        assert ebay.quantity("FIG-1") == 1
        responses = at_once(4, sell)
        wait_for(lambda: ebay.quantity("FIG-1") == 0, timeout=60, what="eBay set to 0")
    finally:
        stop(worker)

    assert all(r.status_code < 500 for r in responses), [r.text for r in responses]
    outcomes = [r.json().get("outcome") for r in responses[:3]]
    storefront_won = responses[3].status_code == 201
    assert responses[3].status_code in (201, 409)
    assert outcomes.count("imported") == (0 if storefront_won else 1), outcomes
    assert outcomes.count("held") == (3 if storefront_won else 2), outcomes
    assert len(orders_of(client, auth, store_id)) == 1  # one order, on one channel
    assert stock_of(client, auth, product) == 0
    with session_scope() as session:
        assert inventory.level_from_movements(session, uuid.UUID(product)) == 0
