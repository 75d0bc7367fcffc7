"""What eBay requires before it lists, in which language, and how its notifications are set
up and checked, against a local server that answers as eBay's REST APIs do: a publish
without an image or an item specific the category requires is refused (eBay's 25002),
an item written in another language than the marketplace's is not found there (25604),
the Notification API's app-level calls take only an application token and a destination
only once the app has an alert e-mail, and public keys are served by id."""

from __future__ import annotations

import base64
import json
import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bizq_app.core import rate_limits
from bizq_app.core.settings import get_settings
from tests.conftest import GENEROUS_LIMITS
from tests.integration.channels.conftest import (
    add_product,
    connect_channel,
    publish,
    selling_on,
)
from tests.integration.channels.test_ebay_channel import FIELDS, TEE, store
from tests.standins.ebay_server import NOTIFICATIONS, EbayStandIn

CEDAR_PHOTO = "https://cdn.wick.example.com/cedar.jpg"


@pytest.fixture
def public(monkeypatch: pytest.MonkeyPatch) -> None:
    """BizQ has a public address: connecting registers eBay's notifications."""
    monkeypatch.setenv("BIZQ_PUBLIC_URL", "https://wick.example.com")
    get_settings.cache_clear()


def test_publish_names_each_item_specific_and_the_image_ebay_requires_before_writing(
    client: TestClient, ebay: EbayStandIn
) -> None:
    auth, store_id, _ = store(client)
    cedar = add_product(
        client, auth, store_id, "Cedar candle", "18.00", sku="CEDAR-1", inventory_quantity=4
    )
    tee_photo = "https://cdn.wick.example.com/tee.jpg"
    tee = add_product(client, auth, store_id, "Wick tee", "20.00", variants=TEE, images=[tee_photo])
    ebay.require("Brand", "Size")  # the category's required item specifics
    cid = connect_channel(client, auth, store_id, FIELDS).json()["id"]

    refused = publish(client, auth, cid, cedar)
    written_after_refusal = (dict(ebay.items), dict(ebay.offers))
    client.put(f"/api/products/{cedar}", headers=auth, json={"images": [CEDAR_PHOTO]})
    cedar_listed = publish(
        client, auth, cid, cedar, aspects={"brand": "Wick & Co", "Size": ["Large", "Boxed"]}
    )
    tee_listed = publish(client, auth, cid, tee, aspects={"Brand": "Wick & Co"})  # size: variants

    assert refused.status_code == 422
    assert {e["path"] for e in refused.json()["errors"]} == {
        "$.images",
        "$.aspects.Brand",
        "$.aspects.Size",
    }
    assert "https://" in refused.json()["errors"][0]["message"]
    assert written_after_refusal == ({}, {})  # nothing half-made on eBay
    assert cedar_listed.status_code == 201 and cedar_listed.json()["state"] == "live"
    product = ebay.items["CEDAR-1"]["product"]
    assert product["aspects"] == {"Brand": ["Wick & Co"], "Size": ["Large", "Boxed"]}
    assert product["imageUrls"] == [CEDAR_PHOTO]
    assert tee_listed.status_code == 201, tee_listed.text
    assert ebay.items["TEE-M"]["product"]["aspects"] == {"Brand": ["Wick & Co"], "Size": ["M"]}


def test_badly_formed_aspects_are_refused_by_name_and_nothing_is_sent(
    client: TestClient, ebay: EbayStandIn
) -> None:
    auth, store_id, product = store(client)
    cid = connect_channel(client, auth, store_id, FIELDS).json()["id"]
    calls = len(ebay.requests)

    refused = publish(client, auth, cid, product, aspects={"Brand": "x" * 66, "Type": []})

    assert refused.status_code == 422
    paths = {e["path"] for e in refused.json()["errors"]}
    assert paths == {"$.aspects.Brand", "$.aspects.Type"}
    assert len(ebay.requests) == calls


def test_a_listing_on_ebay_germany_is_written_in_german(
    client: TestClient, ebay: EbayStandIn
) -> None:
    auth, store_id, product = store(client, currency="EUR")
    connected = connect_channel(client, auth, store_id, FIELDS | {"marketplace_id": "EBAY_DE"})

    published = publish(client, auth, connected.json().get("id"), product)

    assert connected.status_code == 201, connected.text
    assert (connected.json()["name"], connected.json()["currency"]) == (
        "eBay seller wick_and_co on EBAY_DE",
        "EUR",
    )
    assert published.status_code == 201, published.text
    assert published.json()["url"].startswith("https://www.ebay.de/itm/")
    assert ebay.items["FIG-1"]["locale"] == "de_DE"
    assert [o["marketplaceId"] for o in ebay.offers.values()] == ["EBAY_DE"]


def test_connecting_gives_ebay_an_alert_email_before_the_destination_and_keeps_one_set(
    client: TestClient, ebay: EbayStandIn, public: None
) -> None:
    owner = f"owner-{uuid.uuid4().hex[:6]}@example.com"
    auth, store_id, _ = store(client, email=owner)
    other_auth, other_store, _ = store(client)

    first = connect_channel(client, auth, store_id, FIELDS)
    second = connect_channel(client, other_auth, other_store, FIELDS)

    assert (first.status_code, second.status_code) == (201, 201)
    log = client.get(f"/api/channels/{first.json()['id']}/log", headers=auth).json()["items"]
    webhook = next(e for e in log if e["kind"] == "webhook")
    assert webhook["ok"] and "Order webhook registered at" in webhook["outcome"]
    assert ebay.config == {"alertEmail": owner}  # the second connection kept it
    made = [
        (r["method"], r["path"].removeprefix(NOTIFICATIONS))
        for r in ebay.requests
        if r["path"].startswith(NOTIFICATIONS)
    ]
    assert made[:4] == [
        ("GET", "/config"),
        ("PUT", "/config"),
        ("POST", "/destination"),
        ("POST", "/subscription"),
    ]
    assert len(ebay.destinations) == 2 and len(ebay.subscriptions) == 2


def test_a_flood_of_invented_key_ids_spends_at_most_five_key_calls_a_minute(
    client: TestClient, ebay: EbayStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    rule = {"ebay_public_key": rate_limits.DEFAULTS["ebay_public_key"]}  # not the generous one
    monkeypatch.setenv("BIZQ_RATE_LIMITS", json.dumps(json.loads(GENEROUS_LIMITS) | rule))
    get_settings.cache_clear()
    auth, store_id, product = store(client)
    cid = selling_on(client, auth, store_id, product, FIELDS)
    address = f"/api/channels/{cid}/webhooks/ebay/orders"
    body, signature = ebay.notification(ebay.place_order([("FIG-1", 1)]))
    invented = [ebay.notification("12-0001-00001", kid=str(uuid.uuid4()))[1] for _ in range(8)]
    garbled = [_header("../../config"), _header("A" * 300), "not-a-signature"]

    def deliver(signed: str) -> Any:
        return client.post(address, content=body, headers={"X-EBAY-SIGNATURE": signed})

    def calls() -> tuple[int, int]:
        keys = sum("/public_key/" in r["path"] for r in ebay.requests)
        return keys, sum(r["path"] == "/identity/v1/oauth2/token" for r in ebay.requests)

    genuine = deliver(signature)  # eBay's key is read once, and kept
    before = calls()
    refused_garbled = [deliver(h).status_code for h in garbled]
    after_garbled = calls()
    flood = [deliver(h) for h in invented]
    after_flood = calls()
    again = deliver(signature)

    assert genuine.json() == {"outcome": "imported"}
    assert refused_garbled == [401, 401, 401] and after_garbled == before  # no call at all
    assert [a.status_code for a in flood] == [401] * 4 + [429] * 4  # 5 keys a minute in all
    assert flood[-1].headers["Retry-After"]
    assert after_flood[0] - before[0] == 4  # a key call for each of the four let through
    assert after_flood[1] - before[1] <= 4  # and at most an application token for each
    assert again.json() == {"outcome": "known"} and calls() == after_flood  # the kept key


def _header(kid: str) -> str:
    said = {"alg": "ECDSA", "kid": kid, "digest": "SHA1", "signature": "MEUCIQ=="}
    return base64.b64encode(json.dumps(said).encode()).decode()
