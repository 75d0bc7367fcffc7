"""Selling on Amazon from BizQ's stock, against a local server that answers as the
Selling Partner API and Login with Amazon do (the refresh-token grant, the access-token
header, Listings Items, orders paged with NextToken, 429 QuotaExceeded, shipment
confirmation, a rate of five calls a second), with a real ``rq worker`` doing the
pushes."""

from __future__ import annotations

import json
import time

import pytest
from fastapi.testclient import TestClient

from bizq_app.core import rate_limits
from bizq_app.core.settings import get_settings
from bizq_app.integrations.channels import QuantityChange, registry
from tests.conftest import GENEROUS_LIMITS
from tests.integration.channels.conftest import fig_candle_store
from tests.integration.conftest import at_once, start_rq_worker, stop, wait_for
from tests.standins.amazon_server import (
    CLIENT_ID,
    CLIENT_SECRET,
    MARKETPLACE,
    REFRESH_TOKEN,
    SELLER,
    AmazonStandIn,
)

ADDRESS = {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201", "country": "US"}
FIELDS = {
    "channel": "amazon",
    "seller_id": SELLER,
    "marketplace_id": MARKETPLACE,
    "client_id": CLIENT_ID,
    "client_secret": CLIENT_SECRET,
    "refresh_token": REFRESH_TOKEN,
}


def store_on_amazon(client: TestClient, amazon: AmazonStandIn) -> tuple[dict[str, str], str, str]:
    auth, store_id, product = fig_candle_store(client)
    amazon.offer("FIG-1", "Fig candle, hand-poured", quantity=0)
    return auth, store_id, product


def test_a_wrong_refresh_token_is_refused_clearly_and_nothing_is_saved(
    client: TestClient, amazon: AmazonStandIn
) -> None:
    auth, store_id, _ = store_on_amazon(client, amazon)

    wrong = client.post(
        f"/api/stores/{store_id}/channels",
        headers=auth,
        json=FIELDS | {"refresh_token": "Atzr|IwEBIWrongRefreshToken000000000"},
    )
    malformed = client.post(
        f"/api/stores/{store_id}/channels",
        headers=auth,
        json=FIELDS | {"seller_id": "x", "refresh_token": "not-a-token"},
    )

    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["path"] == "$.refresh_token"
    assert "Amazon refused the refresh token" in wrong.json()["errors"][0]["message"]
    assert {e["path"] for e in malformed.json()["errors"]} == {"$.seller_id", "$.refresh_token"}
    assert client.get(f"/api/stores/{store_id}/channels", headers=auth).json() == []


def test_publish_push_import_and_ship_on_amazon(client: TestClient, amazon: AmazonStandIn) -> None:
    auth, store_id, product = store_on_amazon(client, amazon)
    connected = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS)
    connection = connected.json()["id"]
    unknown = client.post(
        "/api/products",
        headers=auth,
        json={"store_id": store_id, "title": "Tote", "price": "9.00", "sku": "TOTE-1"}
        | {"inventory_quantity": 2, "status": "active"},
    ).json()["id"]

    published = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": product}
    )
    refused = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": unknown}
    )
    assert amazon.offers["FIG-1"] | {"asin": ""} == {
        "price": "24.00",
        "quantity": 5,
        "asin": "",
        "name": "Fig candle, hand-poured",  # Amazon's catalog page keeps its own title
    }
    placed = [amazon.place_order([("FIG-1", 1)]) for _ in range(3)]  # two pages of orders
    amazon.then("quota")  # the first orders call is refused once for quota
    slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]

    worker = start_rq_worker({"BIZQ_AMAZON_BASE_URL": amazon.url})
    try:
        imported = client.post(f"/api/channels/{connection}/orders/import", headers=auth)
        client.post(
            f"/api/storefront/{slug}/checkout",
            json={"email": "b@example.com", "name": "B", "address": ADDRESS}
            | {"lines": [{"product_id": product, "quantity": 1}]}
            | {"payment_method": "4242424242424242"},
        )
        wait_for(lambda: amazon.offers["FIG-1"]["quantity"] == 1, what="the sale pushed")
        order = next(
            o
            for o in client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
            if o["channel"] == "amazon"
        )
        wait_for(
            lambda: (
                client.get(f"/api/orders/{order['id']}", headers=auth).json()["pipeline"]
                != "waiting"
            ),
            what="the order's pipeline",
        )
        shipped = client.post(
            f"/api/orders/{order['id']}/fulfill",
            headers=auth,
            json={"tracking_number": "1Z999AA10123456784"},
        )
        assert shipped.status_code == 200, shipped.text
        wait_for(lambda: len(amazon.shipments) == 1, what="the shipment confirmed on Amazon")
    finally:
        stop(worker)

    assert connected.status_code == 201, connected.text
    assert connected.json()["name"] == f"Amazon seller {SELLER} on Amazon.com"
    assert connected.json()["token_last4"] == REFRESH_TOKEN[-4:]
    assert published.status_code == 201 and published.json()["state"] == "live"
    assert refused.status_code == 422 and "create it in Seller Central" in refused.text
    assert imported.json() == {"imported": 3, "held": 0, "known": 0}
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 1
    shipped = next(iter(amazon.shipments.values()))
    assert shipped["trackingNumber"] == "1Z999AA10123456784"
    assert shipped["carrierCode"] == "UPS"  # the number's form tells the carrier
    assert next(iter(amazon.shipments)) in placed
    log = client.get(f"/api/channels/{connection}/log", headers=auth).json()
    assert REFRESH_TOKEN not in str(log) and CLIENT_SECRET not in str(log)


def test_a_products_offers_on_amazon_are_linked_together_by_sku(
    client: TestClient, amazon: AmazonStandIn
) -> None:
    auth, store_id, _ = store_on_amazon(client, amazon)
    tee = client.post(
        "/api/products",
        headers=auth,
        json={"store_id": store_id, "title": "Wick tee", "price": "20.00", "status": "active"}
        | {
            "variants": [
                {"options": {"size": "M"}, "price": "20.00", "sku": "TEE-M", "stock": 3},
                {"options": {"size": "L"}, "price": "20.00", "sku": "TEE-L", "stock": 1},
            ]
        },
    ).json()["id"]
    amazon.offer("TEE-M", "Wick tee M", quantity=2)
    amazon.offer("TEE-L", "Wick tee L", quantity=0)
    amazon.offer("MUG-9", "A mug BizQ does not sell", quantity=4)
    connection = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS)

    first = client.post(
        f"/api/channels/{connection.json()['id']}/listings/import", headers=auth
    ).json()
    again = client.post(
        f"/api/channels/{connection.json()['id']}/listings/import", headers=auth
    ).json()

    assert (first["linked"], first["unmatched"]) == (2, ["A mug BizQ does not sell"])
    assert (again["linked"], again["known"]) == (0, 2)  # the fig candle and the tee
    listed = client.get(f"/api/channels/{connection.json()['id']}/listings", headers=auth)
    shown = {x["product_id"]: x["shown"] for x in listed.json()}
    assert shown[tee] == {"TEE-L": 0, "TEE-M": 2}  # both offers on one listing


def test_calls_to_amazon_keep_to_its_documented_rate_so_none_is_refused(
    client: TestClient, amazon: AmazonStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    paced = {"channel_amazon": rate_limits.DEFAULTS["channel_amazon"]}  # not the tests' generous
    monkeypatch.setenv("BIZQ_RATE_LIMITS", json.dumps(json.loads(GENEROUS_LIMITS) | paced))
    get_settings.cache_clear()
    skus = [f"PACE-{i}" for i in range(20)]
    for sku in skus:
        amazon.offer(sku, f"Candle {sku}")
    amazon.per_second = 5  # Listings Items: a bucket of 5 a second; an empty one answers 429
    secrets = {k: v for k, v in FIELDS.items() if k not in ("channel", "seller_id")}

    def push(n: int) -> None:  # four workers pushing five SKUs each, at once
        seller = registry.client("amazon", SELLER, secrets)
        try:
            seller.set_quantities([QuantityChange(s, 7) for s in skus[n * 5 : n * 5 + 5]], "")
        finally:
            seller.close()

    started = time.monotonic()
    at_once(4, push)
    took = time.monotonic() - started
    monkeypatch.undo()
    get_settings.cache_clear()

    assert amazon.refused == 0  # paced by BizQ, never refused by Amazon
    assert [amazon.offers[s]["quantity"] for s in skus] == [7] * 20
    assert took >= 3.9  # 20 calls at BizQ's 4 a second: four more seconds after the first four
