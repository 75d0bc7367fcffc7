"""Selling on Etsy from BizQ's stock, against a local server that answers as Etsy's Open
API v3 does (the refresh-token grant, ``x-api-key: keystring:shared secret`` with the
Bearer token, listings with their inventory replaced whole and only updateListingInventory's
fields taken, receipts with Etsy's capitalised statuses paged by offset, tracking, 429
with Retry-After and Etsy's error shape, order.paid signed as Standard Webhooks sign),
with a real ``rq worker`` doing the pushes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bizq_app.core.settings import get_settings
from tests.integration.channels.conftest import fig_candle_store, selling_on
from tests.integration.conftest import at_once, start_rq_worker, stop, wait_for
from tests.standins.etsy_server import (
    INCHES,
    KEYSTRING,
    NO_SECRET,
    PROCESSING_PROFILE,
    REFRESH_TOKEN,
    SHARED_SECRET,
    SHOP,
    SIZE,
    WEBHOOK_SECRET,
    EtsyStandIn,
)

ADDRESS = {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201", "country": "US"}
FIELDS = {
    "channel": "etsy",
    "shop_name": SHOP,
    "keystring": KEYSTRING,
    "shared_secret": SHARED_SECRET,
    "refresh_token": REFRESH_TOKEN,
}


def test_a_wrong_etsy_refresh_token_is_refused_on_its_field(
    client: TestClient, etsy: EtsyStandIn
) -> None:
    auth, store_id, _ = fig_candle_store(client)

    wrong = client.post(
        f"/api/stores/{store_id}/channels",
        headers=auth,
        json=FIELDS | {"refresh_token": "12345678.WrongRefreshTokenWrongRefreshToken"},
    )
    malformed = client.post(
        f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS | {"shop_name": "a b"}
    )

    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["path"] == "$.refresh_token"
    assert "Etsy refused the refresh token" in wrong.json()["errors"][0]["message"]
    assert [e["path"] for e in malformed.json()["errors"]] == ["$.shop_name"]
    assert client.get(f"/api/stores/{store_id}/channels", headers=auth).json() == []


def test_etsy_needs_the_apps_shared_secret_beside_its_keystring(
    client: TestClient, etsy: EtsyStandIn
) -> None:
    auth, store_id, _ = fig_candle_store(client)
    address = f"/api/stores/{store_id}/channels"

    missing = client.post(address, headers=auth, json=FIELDS | {"shared_secret": ""})
    wrong = client.post(address, headers=auth, json=FIELDS | {"shared_secret": "wrong0secret"})
    connected = client.post(address, headers=auth, json=FIELDS)

    assert missing.status_code == 422
    assert [e["path"] for e in missing.json()["errors"]] == ["$.shared_secret"]
    assert "shared secret" in missing.json()["errors"][0]["message"]
    assert wrong.status_code == 422
    assert "check the keystring and the shared secret" in wrong.json()["errors"][0]["message"]
    assert etsy.refused == ["Invalid API key"]  # the wrong pair; never a bare keystring
    assert NO_SECRET not in etsy.refused
    assert connected.status_code == 201, connected.text
    channels = client.get(address, headers=auth).json()
    assert [c["name"] for c in channels] == [f"Etsy shop {SHOP}"]
    assert SHARED_SECRET not in str(channels)


def test_paid_and_completed_receipts_are_imported_as_etsy_spells_their_status(
    client: TestClient, etsy: EtsyStandIn
) -> None:
    auth, store_id, product = fig_candle_store(client)
    etsy.listing("Fig candle", {"FIG-1": 9})
    cid = selling_on(client, auth, store_id, product, FIELDS)
    paid = etsy.place_order([("FIG-1", 1)], status="Paid")
    shipped = etsy.place_order([("FIG-1", 2)], status="Completed")
    etsy.place_order([("FIG-1", 1)], status="Open")  # not paid yet

    imported = client.post(f"/api/channels/{cid}/orders/import", headers=auth)

    assert imported.status_code == 200, imported.text
    assert imported.json() == {"imported": 2, "held": 0, "known": 0}
    orders = client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
    assert sorted(o["subtotal"] for o in orders if o["channel"] == "etsy") == ["24.00", "48.00"]
    assert {paid, shipped} <= {r["receipt_id"] for r in etsy.receipts}
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 2


def test_a_push_to_a_listing_with_sizes_sends_only_what_etsy_accepts(
    client: TestClient, etsy: EtsyStandIn
) -> None:
    auth, store_id, product = fig_candle_store(client)
    listing = etsy.listing_with_sizes("Fig candle", {"3": ("FIG-1", 0), "4": ("FIG-4", 2)})
    cid = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS).json()["id"]

    published = client.post(
        f"/api/channels/{cid}/listings", headers=auth, json={"product_id": product}
    )

    assert etsy.refused == []
    assert published.status_code == 201 and published.json()["state"] == "live", published.text
    inventory = etsy.listings[listing]["inventory"]
    sizes = {
        p["sku"]: (p["property_values"], p["offerings"][0]["quantity"], p["offerings"][0]["price"])
        for p in inventory["products"]
    }
    assert {sku: (v[0]["values"], q, price["amount"]) for sku, (v, q, price) in sizes.items()} == {
        "FIG-1": (["3"], 5, 2400),  # BizQ's stock and price
        "FIG-4": (["4"], 2, 3000),  # not BizQ's: as it was
    }
    assert all(
        v[0]["property_id"] == SIZE and v[0]["scale_id"] == INCHES for v, _, _ in sizes.values()
    )
    assert {p["offerings"][0]["readiness_state_id"] for p in inventory["products"]} == {
        PROCESSING_PROFILE
    }
    assert inventory["sku_on_property"] == inventory["quantity_on_property"] == [SIZE]


def test_publish_push_import_and_ship_on_etsy(client: TestClient, etsy: EtsyStandIn) -> None:
    auth, store_id, product = fig_candle_store(client)
    listing = etsy.listing("Fig candle, hand-poured", {"FIG-1": 0, "FIG-GIFT": 3})
    connected = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS)
    connection = connected.json()["id"]

    published = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": product}
    )
    placed = [etsy.place_order([("FIG-1", 1)]) for _ in range(3)]  # two pages of receipts
    etsy.place_order([("FIG-1", 1)], status="Open")  # not paid: left for later
    etsy.then("throttle")  # the first receipts call is refused once with 429
    slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]

    worker = start_rq_worker({"BIZQ_ETSY_BASE_URL": etsy.url})
    try:
        imported = client.post(f"/api/channels/{connection}/orders/import", headers=auth)
        client.post(
            f"/api/storefront/{slug}/checkout",
            json={"email": "b@example.com", "name": "B", "address": ADDRESS}
            | {"lines": [{"product_id": product, "quantity": 1}]}
            | {"payment_method": "4242424242424242"},
        )
        wait_for(lambda: etsy.offering("FIG-1")["quantity"] == 1, what="the sale pushed")
        order = next(
            o
            for o in client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
            if o["channel"] == "etsy"
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
        wait_for(lambda: len(etsy.tracking) == 1, what="the tracking on Etsy")
    finally:
        stop(worker)

    assert connected.status_code == 201, connected.text
    assert connected.json()["name"] == f"Etsy shop {SHOP}"
    assert published.status_code == 201 and published.json()["state"] == "live", published.text
    assert etsy.offering("FIG-1")["price"]["amount"] == 2400
    assert etsy.offering("FIG-GIFT") | {"offering_id": 0} == {  # not BizQ's: as it was
        "offering_id": 0,
        "quantity": 3,
        "is_enabled": True,
        "is_deleted": False,
        "price": {"amount": 3000, "divisor": 100, "currency_code": "USD"},
        "readiness_state_id": PROCESSING_PROFILE,
    }
    assert etsy.refused == []
    assert etsy.listings[listing]["title"] == "Fig candle, hand-poured"  # Etsy keeps its own
    assert imported.json() == {"imported": 3, "held": 0, "known": 0}
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 1
    receipt, tracking = next(iter(etsy.tracking.items()))
    assert receipt in placed
    assert tracking == {"tracking_code": "9400111899223100001234", "carrier_name": "USPS"}
    log = client.get(f"/api/channels/{connection}/log", headers=auth).json()
    assert REFRESH_TOKEN not in str(log)


def test_a_refresh_token_etsy_hands_over_is_kept_so_the_shop_stays_connected(
    client: TestClient, etsy: EtsyStandIn
) -> None:
    auth, store_id, product = fig_candle_store(client)
    etsy.listing("Fig candle", {"FIG-1": 5})
    etsy.rotates = True  # each refresh retires the token it was given

    connected = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS)
    cid = connected.json()["id"]
    after_connect = etsy.refresh_token
    published = client.post(
        f"/api/channels/{cid}/listings", headers=auth, json={"product_id": product}
    )
    tested = client.post(f"/api/channels/{cid}/test", headers=auth)
    imported = client.post(f"/api/channels/{cid}/orders/import", headers=auth)

    assert connected.status_code == 201, connected.text
    assert (published.status_code, tested.status_code, imported.status_code) == (201, 200, 200), (
        published.text,
        tested.text,
        imported.text,
    )
    assert etsy.refresh_token != after_connect  # rotated again, and kept
    log = client.get(f"/api/channels/{cid}/log", headers=auth).json()["items"]
    kept = [e for e in log if e["kind"] == "token"]
    # one refresh: the clients after it share the connection's access token
    assert len(kept) == 1 and all("kept" in e["outcome"] for e in kept)
    assert etsy.refresh_token not in str(log) and after_connect not in str(log)


def test_etsys_signed_order_paid_brings_the_receipt_once_even_six_at_once(
    client: TestClient, etsy: EtsyStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth, store_id, product = fig_candle_store(client)
    etsy.listing("Fig candle", {"FIG-1": 5})
    monkeypatch.setenv("BIZQ_PUBLIC_URL", "https://wick.example.com")
    get_settings.cache_clear()
    fields = FIELDS | {"webhook_secret": WEBHOOK_SECRET}
    cid = client.post(f"/api/stores/{store_id}/channels", headers=auth, json=fields).json()["id"]
    get_settings.cache_clear()
    malformed = client.post(
        f"/api/stores/{store_id}/channels", headers=auth, json=FIELDS | {"webhook_secret": "abc"}
    )
    client.post(f"/api/channels/{cid}/listings", headers=auth, json={"product_id": product})
    receipt = etsy.place_order([("FIG-1", 2)])
    body, signed = etsy.webhook(receipt)
    _, forged = etsy.webhook(receipt, secret="whsec_" + "A" * 44)
    address = f"/api/channels/{cid}/webhooks/etsy/orders"

    refused = client.post(address, content=body, headers=forged)
    stale = client.post(address, content=body, headers=signed | {"webhook-timestamp": "1700000000"})
    answers = at_once(6, lambda _: client.post(address, content=body, headers=signed).status_code)
    again = client.post(address, content=body, headers=signed)

    assert malformed.status_code == 422
    assert malformed.json()["errors"][0]["path"] == "$.webhook_secret"
    log = client.get(f"/api/channels/{cid}/log", headers=auth).json()["items"]
    hint = next(e["outcome"] for e in log if e["kind"] == "webhook")
    assert f"https://wick.example.com{address}" in hint and "webhook portal" in hint
    assert (refused.status_code, stale.status_code) == (401, 401)
    assert answers == [200] * 6 and again.json() == {"outcome": "known"}
    orders = client.get(f"/api/orders?store_id={store_id}", headers=auth).json()["items"]
    assert [(o["channel"], o["subtotal"]) for o in orders] == [("etsy", "48.00")]
    assert client.get(f"/api/products/{product}", headers=auth).json()["inventory_quantity"] == 3
