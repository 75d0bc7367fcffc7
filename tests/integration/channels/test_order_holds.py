"""A held Shopify order settled from BizQ: its unknown SKU mapped to one of the store's
(remembered for the next orders) and imported again; one held for want of stock imported
once the stock is back; bad mappings and a second import refused, nothing changed."""

from __future__ import annotations

from collections import Counter

from fastapi.testclient import TestClient

from tests.integration.channels.test_shopify_orders import (
    orders_of,
    selling_on_shopify,
    stock_of,
    webhook,
)
from tests.integration.conftest import at_once, codes
from tests.standins.shopify_server import ShopifyStandIn


def test_a_held_order_is_mapped_and_imported_and_the_map_is_remembered(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, product, connection = selling_on_shopify(client)  # FIG-1, 5 in stock
    webhook(client, connection, shopify.place_order([("FIG-OLD", 2)]))
    hold = client.get(f"/api/channels/{connection}/holds", headers=auth).json()[0]
    retry = f"/api/channels/{connection}/holds/{hold['id']}/retry"

    nowhere = client.post(retry, headers=auth, json={"map": {"FIG-OLD": "NO-SUCH-SKU"}})
    stranger = client.post(retry, headers=auth, json={"map": {"CEDAR-9": "FIG-1"}})
    assert stock_of(client, auth, product) == 5 and orders_of(client, auth, store_id) == []
    mapped = at_once(
        5, lambda _n: client.post(retry, headers=auth, json={"map": {"FIG-OLD": "FIG-1"}})
    )
    later = webhook(client, connection, shopify.place_order([("FIG-OLD", 1)]))

    assert nowhere.status_code == 422
    assert nowhere.json()["errors"][0]["path"] == "$.map.FIG-OLD"
    assert stranger.json()["errors"][0]["message"] == "is not a SKU of this order"
    assert codes(mapped) == Counter({200: 1, 409: 4})  # imported once
    assert [r.json()["outcome"] for r in mapped if r.status_code == 200] == ["imported"]
    assert later.status_code == 200
    assert len(orders_of(client, auth, store_id)) == 2  # the next one needs no mapping
    assert stock_of(client, auth, product) == 2
    assert client.get(f"/api/channels/{connection}/holds", headers=auth).json() == []


def test_an_order_held_for_stock_is_imported_once_the_stock_is_back(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, product, connection = selling_on_shopify(client)
    webhook(client, connection, shopify.place_order([("FIG-1", 8)]))  # 5 in BizQ
    hold = client.get(f"/api/channels/{connection}/holds", headers=auth).json()[0]
    retry = f"/api/channels/{connection}/holds/{hold['id']}/retry"

    still = client.post(retry, headers=auth, json={})
    client.put(f"/api/products/{product}", headers=auth, json={"inventory_quantity": 12})
    imported = client.post(retry, headers=auth, json={})
    again = client.post(retry, headers=auth, json={})

    assert still.json() == {"outcome": "held", "reason": still.json()["reason"]}
    assert "Only 5 of Fig candle left" in still.json()["reason"]
    assert imported.json() == {"outcome": "imported", "reason": ""}
    assert again.status_code == 409
    assert stock_of(client, auth, product) == 4
    assert Counter(o["channel"] for o in orders_of(client, auth, store_id)) == {"shopify": 1}
