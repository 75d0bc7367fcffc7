"""Selling on eBay from BizQ's stock, against a local server that answers as eBay's REST
APIs do (the refresh-token grant with HTTP Basic, Bearer tokens, inventory items, groups
and offers, the category suggestion, bulk quantity updates, Fulfillment API orders paged
by offset, 429 and eBay's error shape, the Notification API's challenge and ECDSA-signed
order notifications), with a real ``rq worker`` doing the pushes."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bizq_app.core.settings import get_settings
from tests.integration.channels.conftest import fig_candle_store
from tests.integration.conftest import at_once, start_rq_worker, stop, wait_for
from tests.standins.ebay_server import (
    CLIENT_ID,
    CLIENT_SECRET,
    REFRESH_TOKEN,
    USERNAME,
    EbayStandIn,
)

ADDRESS = {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201", "country": "US"}
FIELDS = {
    "channel": "ebay",
    "username": USERNAME,
    "marketplace_id": "EBAY_US",
    "client_id": CLIENT_ID,
    "client_secret": CLIENT_SECRET,
    "refresh_token": REFRESH_TOKEN,
}
TEE = [
    {"options": {"size": "M"}, "price": "20.00", "sku": "TEE-M", "stock": 3},
    {"options": {"size": "L"}, "price": "20.00", "sku": "TEE-L", "stock": 1},
]
FIG_PHOTO = "https://cdn.wick.example.com/fig-candle.jpg"


def store(
    client: TestClient, currency: str = "USD", email: str = ""
) -> tuple[dict[str, str], str, str]:
    """A store selling the fig candle with its photo: eBay lists nothing without one."""
    return fig_candle_store(client, email=email, currency=currency, images=[FIG_PHOTO])


def test_wrong_ebay_credentials_are_refused_by_field_and_nothing_is_saved(
    client: TestClient, ebay: EbayStandIn
) -> None:
    auth, store_id, _ = store(client)

    wrong = client.post(
        f"/api/stores/{store_id}/channels",
        headers=auth,
        json=FIELDS | {"refresh_token": "v^1.1#i^1#p^3#r^1#WrongRefreshToken0000"},
    )
    malformed = client.post(
        f"/api/stores/{store_id}/channels",
        headers=auth,
        json=FIELDS | {"marketplace_id": "US", "client_secret": "secret"},
    )

    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["path"] == "$.refresh_token"
    assert "eBay refused the refresh token" in wrong.json()["errors"][0]["message"]
    paths = {e["path"] for e in malformed.json()["errors"]}
    assert paths == {"$.marketplace_id", "$.client_secret"}
    assert client.get(f"/api/stores/{store_id}/channels", headers=auth).json() == []


def test_publish_push_import_and_ship_on_ebay(client: TestClient, ebay: EbayStandIn) -> None:
    auth, store_id, product = store(client)
    tee = client.post(
        "/api/products",
        headers=auth,
        json={"store_id": store_id, "title": "Wick tee", "price": "20.00", "status": "active"}
        | {"variants": TEE, "images": ["https://cdn.wick.example.com/tee.jpg"]},
    ).json()["id"]
    connected = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS)
    connection = connected.json()["id"]

    candle = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": product}
    )
    shirts = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": tee}
    )
    placed = [ebay.place_order([("FIG-1", 1)]) for _ in range(3)]  # two pages of orders
    ebay.then("throttle")  # the first orders call is refused once with 429
    slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]

    worker = start_rq_worker({"BIZQ_EBAY_BASE_URL": ebay.url})
    try:
        imported = client.post(f"/api/channels/{connection}/orders/import", headers=auth)
        client.post(
            f"/api/storefront/{slug}/checkout",
            json={"email": "b@example.com", "name": "B", "address": ADDRESS}
            | {"lines": [{"product_id": tee, "quantity": 1, "options": {"size": "M"}}]}
            | {"payment_method": "4242424242424242"},
        )
        wait_for(lambda: ebay.quantity("FIG-1") == 2, what="the imported sales pushed")
        wait_for(lambda: ebay.quantity("TEE-M") == 2, what="the storefront sale pushed")
        order = next(
            o
            for o in client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
            if o["channel"] == "ebay"
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
            json={"tracking_number": "9400111899223100001234"},
        )
        assert shipped.status_code == 200, shipped.text
        wait_for(lambda: len(ebay.fulfillments) == 1, what="the tracking on eBay")
    finally:
        stop(worker)

    assert connected.status_code == 201, connected.text
    assert connected.json()["name"] == f"eBay seller {USERNAME} on EBAY_US"
    assert candle.status_code == 201 and candle.json()["state"] == "live", candle.text
    assert shirts.status_code == 201 and shirts.json()["state"] == "live", shirts.text
    assert ebay.items["FIG-1"]["product"]["title"] == "Fig candle"
    offer = next(o for o in ebay.offers.values() if o["sku"] == "FIG-1")
    assert offer["pricingSummary"]["price"] == {"value": "24.00", "currency": "USD"}
    assert offer["categoryId"] == "46782"  # eBay's own suggestion for the title
    assert offer["listingPolicies"]["paymentPolicyId"] == "payment-1"
    assert ebay.items["FIG-1"]["product"]["imageUrls"] == [FIG_PHOTO]
    assert ebay.groups["G-TEE-M"]["variesBy"]["specifications"] == [
        {"name": "Size", "values": ["M", "L"]}  # the option, as eBay's category spells it
    ]
    assert ebay.items["TEE-L"]["product"]["aspects"] == {"Size": ["L"]}
    assert sorted(ebay.listings.values()) == [["FIG-1"], ["TEE-M", "TEE-L"]]
    assert imported.json() == {"imported": 3, "held": 0, "known": 0}
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 2
    fulfilment = next(iter(ebay.fulfillments.values()))
    assert fulfilment["trackingNumber"] == "9400111899223100001234"
    assert fulfilment["shippingCarrierCode"] == "USPS"  # the number's form tells the carrier
    assert next(iter(ebay.fulfillments)) in placed
    log = client.get(f"/api/channels/{connection}/log", headers=auth).json()
    assert REFRESH_TOKEN not in str(log) and CLIENT_SECRET not in str(log)


def test_an_offer_ebay_refuses_shows_ebays_words_and_missing_policies_say_what_to_do(
    client: TestClient, ebay: EbayStandIn
) -> None:
    auth, store_id, product = store(client)
    connection = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS)
    ebay.policies = False

    refused = client.post(
        f"/api/channels/{connection.json()['id']}/listings",
        headers=auth,
        json={"product_id": product},
    )

    assert refused.status_code == 422
    assert "Business policies" in refused.text
    assert ebay.offers == {}


def test_items_already_on_ebay_are_linked_by_sku_a_group_as_one_listing(
    client: TestClient, ebay: EbayStandIn
) -> None:
    auth, store_id, _ = store(client)
    tee = client.post(
        "/api/products",
        headers=auth,
        json={"store_id": store_id, "title": "Wick tee", "price": "20.00", "status": "active"}
        | {"variants": TEE},
    ).json()["id"]
    ebay.item("TEE-M", "Wick tee", quantity=2, group="TEE")
    ebay.item("TEE-L", "Wick tee", quantity=0, group="TEE")
    ebay.item("MUG-9", "A mug BizQ does not sell", quantity=4)
    connection = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS)

    first = client.post(
        f"/api/channels/{connection.json()['id']}/listings/import", headers=auth
    ).json()
    again = client.post(
        f"/api/channels/{connection.json()['id']}/listings/import", headers=auth
    ).json()

    assert (first["linked"], first["unmatched"]) == (1, ["A mug BizQ does not sell"])
    assert (again["linked"], again["known"]) == (0, 1)
    listed = client.get(f"/api/channels/{connection.json()['id']}/listings", headers=auth).json()
    assert [(x["product_id"], x["shown"]) for x in listed] == [(tee, {"TEE-L": 0, "TEE-M": 2})]


def test_ebays_signed_order_notification_brings_the_order_once_even_six_at_once(
    client: TestClient, ebay: EbayStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth, store_id, product = store(client)
    monkeypatch.setenv("BIZQ_PUBLIC_URL", "https://wick.example.com")
    get_settings.cache_clear()
    cid = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS).json()["id"]
    get_settings.cache_clear()
    client.post(f"/api/channels/{cid}/listings", headers=auth, json={"product_id": product})
    address = f"/api/channels/{cid}/webhooks/ebay/orders"
    [destination] = ebay.destinations.values()
    config = destination["deliveryConfig"]
    challenged = client.get(f"{address}?challenge_code=71745723-d031-455c-bfa5-f90d11b4f20a")
    order_id = ebay.place_order([("FIG-1", 2)])
    body, signature = ebay.notification(order_id)
    _, other = ebay.notification("12-99999-99999")

    def deliver(signed: str = signature) -> Any:
        return client.post(address, content=body, headers={"X-EBAY-SIGNATURE": signed})

    forged = deliver(signed=other)  # eBay's signature, of another notification
    garbled = deliver(signed="not-a-signature")
    answers = at_once(6, lambda _: deliver().status_code)
    again = deliver()

    assert config["endpoint"] == f"https://wick.example.com{address}"
    expected = hashlib.sha256(
        (
            "71745723-d031-455c-bfa5-f90d11b4f20a"
            + config["verificationToken"]
            + config["endpoint"]
        ).encode()
    ).hexdigest()
    assert challenged.json() == {"challengeResponse": expected}
    assert [s["topicId"] for s in ebay.subscriptions] == ["ORDER_CONFIRMATION"]
    assert (forged.status_code, garbled.status_code) == (401, 401)
    assert answers == [200] * 6 and again.json() == {"outcome": "known"}
    orders = client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
    assert [(o["channel"], o["subtotal"]) for o in orders] == [("ebay", "48.00")]
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 3
