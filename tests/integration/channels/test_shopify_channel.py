"""Selling on Shopify from BizQ's stock: connect, publish, and every stock change pushed,
against a local server that answers as Shopify's Admin GraphQL API does (its token
check, API versions, ``userErrors``, ``changeFromQuantity``, idempotency keys and
cost-based throttling), with a real ``rq worker`` doing the pushes."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from bizq_app.channels.stock_sync import push
from bizq_app.core.db import session_scope
from bizq_app.integrations.channels.shopify import API_VERSION
from bizq_app.jobs.sweeper import sweep_once
from tests.integration.conftest import signup, start_rq_worker, stop, wait_for
from tests.standins.shopify_server import TOKEN, ShopifyStandIn

SHOP = "standin-candles.myshopify.com"
ADDRESS = {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201", "country": "US"}


def store_with_products(client: TestClient) -> tuple[dict[str, str], str, list[str]]:
    auth = signup(client, f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store_id = client.post("/api/stores", json={"name": "Wick & Co"}, headers=auth).json()["id"]
    products = [
        client.post(
            "/api/products",
            headers=auth,
            json={
                "store_id": store_id,
                "title": title,
                "price": "24.00",
                "sku": sku,
                "inventory_quantity": 5,
                "status": "active",
            },
        ).json()["id"]
        for title, sku in (("Fig candle", "FIG-1"), ("Cedar candle", "CEDAR-1"))
    ]
    return auth, store_id, products


def connect(client: TestClient, auth: dict[str, str], store_id: str, token: str = TOKEN) -> object:
    return client.post(
        f"/api/stores/{store_id}/channels",
        headers=auth,
        json={"channel": "shopify", "shop": SHOP, "access_token": token},
    )


def test_a_wrong_token_is_refused_clearly_and_nothing_is_saved(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, _ = store_with_products(client)

    wrong = connect(client, auth, store_id, token="shpat_wrong_token_000000000000")
    malformed = client.post(
        f"/api/stores/{store_id}/channels",
        headers=auth,
        json={"channel": "shopify", "shop": "not a shop", "access_token": "x"},
    )

    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["path"] == "$.access_token"
    assert "refused the access token" in wrong.json()["errors"][0]["message"]
    assert {e["path"] for e in malformed.json()["errors"]} == {"$.shop", "$.access_token"}
    assert client.get(f"/api/stores/{store_id}/channels", headers=auth).json() == []
    assert len(shopify.requests) == 1  # the malformed one never left BizQ


def test_connect_publish_and_every_sale_reaches_shopify(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, products = store_with_products(client)
    connected = connect(client, auth, store_id)
    connection = connected.json()["id"]
    published = [
        client.post(f"/api/channels/{connection}/listings", headers=auth, json={"product_id": p})
        for p in products
    ]

    assert connected.status_code == 201
    assert connected.json()["name"] == "Stand-in Candles"
    assert connected.json()["token_last4"] == TOKEN[-4:]
    assert [p.status_code for p in published] == [201, 201]
    assert published[0].json()["state"] == "live"
    assert shopify.quantity_of("FIG-1") == 5 and shopify.quantity_of("CEDAR-1") == 5
    slug = client.get(f"/api/stores/{store_id}", headers=auth).json()["slug"]

    worker = start_rq_worker({"BIZQ_SHOPIFY_BASE_URL": shopify.url})
    try:
        order = client.post(
            f"/api/storefront/{slug}/checkout",
            json={
                "email": "buyer@example.com",
                "name": "Buyer",
                "address": ADDRESS,
                "lines": [{"product_id": products[0], "quantity": 2}],
                "payment_method": "4242424242424242",
            },
        )
        wait_for(lambda: shopify.quantity_of("FIG-1") == 3, what="the sale pushed to Shopify")
    finally:
        stop(worker)

    log = client.get(f"/api/channels/{connection}/log", headers=auth).json()
    assert order.status_code == 201
    assert shopify.quantity_of("CEDAR-1") == 5  # untouched: it did not sell
    assert [e["kind"] for e in log["items"]] == ["stock", "publish", "publish", "test"]
    assert log["items"][0]["sent"] == {"quantities": {"FIG-1": 3}}
    assert TOKEN not in str(log)  # secrets never reach the log


def test_a_quantity_changed_on_shopify_is_never_overwritten(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, products = store_with_products(client)
    connection = connect(client, auth, store_id).json()["id"]
    client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": products[0]}
    )
    shopify.sell_on_shopify("FIG-1", 4)  # sold there, not imported into BizQ yet

    worker = start_rq_worker({"BIZQ_SHOPIFY_BASE_URL": shopify.url})
    try:
        client.put(
            f"/api/products/{products[0]}",
            headers=auth,
            json={"inventory_quantity": 4},
        )
        wait_for(
            lambda: (
                client.get(f"/api/channels/{connection}/log", headers=auth).json()["total"] == 3
            ),
            what="the push to be logged",
        )
    finally:
        stop(worker)

    entry = client.get(f"/api/channels/{connection}/log", headers=auth).json()["items"][0]
    listing = client.get(f"/api/channels/{connection}/listings", headers=auth).json()[0]
    assert shopify.quantity_of("FIG-1") == 1  # Shopify's own figure stands: no oversell
    assert entry["ok"] is False and "changeFromQuantity" in entry["outcome"]
    assert listing["last_error"].startswith("Held:")


def test_a_listing_shopify_refuses_keeps_its_words_and_a_throttle_is_waited_out(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, products = store_with_products(client)
    connection = connect(client, auth, store_id).json()["id"]
    shopify.then("reject:Handle 'fig-candle' already in use. Please provide a new handle.")
    refused = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": products[0]}
    )
    shopify.then("throttle")  # the next call is refused as THROTTLED once
    throttled = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": products[1]}
    )

    listings = client.get(f"/api/channels/{connection}/listings", headers=auth).json()
    assert refused.status_code == 422
    assert "already in use" in refused.json()["detail"]
    assert {entry["state"] for entry in listings} == {"error", "live"}
    assert next(e for e in listings if e["state"] == "error")["last_error"].startswith(
        "Shopify: Handle 'fig-candle' already in use"
    )
    assert throttled.status_code == 201  # retried once the bucket refilled
    assert shopify.quantity_of("CEDAR-1") == 5
    assert shopify.quantity_of("FIG-1") is None  # never listed


def test_another_store_cannot_reach_a_connection(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, products = store_with_products(client)
    connection = connect(client, auth, store_id).json()["id"]
    stranger, _, theirs = store_with_products(client)

    reads = [
        client.get(f"/api/channels/{connection}/log", headers=stranger).status_code,
        client.get(f"/api/channels/{connection}/listings", headers=stranger).status_code,
        client.post(f"/api/channels/{connection}/test", headers=stranger).status_code,
        client.post(
            f"/api/channels/{connection}/listings", headers=stranger, json={"product_id": theirs[0]}
        ).status_code,
    ]
    own_connection_their_product = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": theirs[0]}
    )

    assert reads == [403, 403, 403, 403]
    assert own_connection_their_product.status_code == 404
    assert shopify.quantity_of("FIG-1") is None


def test_a_push_to_a_shopify_that_is_down_is_retried_after_a_back_off(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, products = store_with_products(client)
    connection = connect(client, auth, store_id).json()["id"]
    client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": products[0]}
    )
    shopify.then("500")  # the next call, the push, finds Shopify down

    worker = start_rq_worker({"BIZQ_SHOPIFY_BASE_URL": shopify.url})
    try:
        client.put(f"/api/products/{products[0]}", headers=auth, json={"inventory_quantity": 2})
        wait_for(
            lambda: (
                "tries again"
                in client.get(f"/api/channels/{connection}/listings", headers=auth).json()[0][
                    "last_error"
                ]
            ),
            what="the failed push to be shown",
        )
        down = shopify.quantity_of("FIG-1")
        wait_for(
            lambda: sweep_once() is not None and shopify.quantity_of("FIG-1") == 2,
            timeout=30,
            what="the retried push",
        )
    finally:
        stop(worker)

    log = client.get(f"/api/channels/{connection}/log", headers=auth).json()["items"]
    listing = client.get(f"/api/channels/{connection}/listings", headers=auth).json()[0]
    assert down == 5  # nothing reached Shopify while it was down
    assert [(e["kind"], e["ok"]) for e in log[:2]] == [("stock", True), ("stock", False)]
    assert "answered 500" in log[1]["outcome"] and "tries again in 5 s" in log[1]["outcome"]
    assert listing["last_error"] == "" and listing["shown"] == {"FIG-1": 2}


def listed_fig(client: TestClient) -> tuple[dict[str, str], str, uuid.UUID, str]:
    """A store whose fig candle (5 in stock) is live on a connected shop: the owner's auth,
    the product, the listing and the connection."""
    auth, store_id, products = store_with_products(client)
    connection = connect(client, auth, store_id).json()["id"]
    client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": products[0]}
    )
    listing = client.get(f"/api/channels/{connection}/listings", headers=auth).json()[0]
    return auth, products[0], uuid.UUID(listing["id"]), connection


def set_stock(client: TestClient, auth: dict[str, str], product: str, level: int) -> None:
    answer = client.put(
        f"/api/products/{product}", headers=auth, json={"inventory_quantity": level}
    )
    assert answer.status_code == 200, answer.text


def test_every_call_is_served_in_the_api_version_bizq_asks_for(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, product, listing, _ = listed_fig(client)
    set_stock(client, auth, product, 4)
    push(open_session=session_scope, listing_id=listing)

    served = {(r["path"], r["served"]) for r in shopify.requests}

    assert served == {(f"/admin/api/{API_VERSION}/graphql.json", API_VERSION)}
    assert shopify.quantity_of("FIG-1") == 4


def test_bizq_s_figure_wins_over_shopify_s_only_at_the_seller_s_word(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, product, listing, _ = listed_fig(client)
    shopify.sell_on_shopify("FIG-1", 4)  # 1 there; not imported into BizQ
    set_stock(client, auth, product, 4)

    held = push(open_session=session_scope, listing_id=listing)
    after_held = shopify.quantity_of("FIG-1")
    won = push(open_session=session_scope, listing_id=listing, ours_wins=True)

    assert held.startswith("held:") and "changeFromQuantity" in held
    assert after_held == 1
    assert won == "pushed: FIG-1 → 4" and shopify.quantity_of("FIG-1") == 4


def test_a_push_whose_answer_was_lost_lands_once_and_is_not_held_when_sent_again(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, product, listing, connection = listed_fig(client)
    set_stock(client, auth, product, 2)
    shopify.then("lost")  # Shopify sets it, but its answer never arrives

    first = push(open_session=session_scope, listing_id=listing)
    landed = shopify.quantity_of("FIG-1")
    again = push(open_session=session_scope, listing_id=listing)  # the retry

    shown = client.get(f"/api/channels/{connection}/listings", headers=auth).json()[0]
    assert first.startswith("failed") and landed == 2
    assert again == "pushed: FIG-1 → 2"  # Shopify knew the push: not held as stale
    assert shown["last_error"] == "" and shown["shown"] == {"FIG-1": 2}
    assert shopify.quantity_of("FIG-1") == 2


def test_a_level_that_comes_back_to_an_earlier_figure_is_pushed_each_time(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, product, listing, _ = listed_fig(client)
    seen = []
    for level in (3, 5, 3):  # a sale, its refund, another sale
        set_stock(client, auth, product, level)
        push(open_session=session_scope, listing_id=listing)
        seen.append(shopify.quantity_of("FIG-1"))

    assert seen == [3, 5, 3]  # the second 5 → 3 is a push of its own, not a retry
