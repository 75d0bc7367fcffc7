"""A seller already on Shopify links the products listed there to BizQ's by SKU, page by
page, instead of listing them twice; each linked listing then shows BizQ's stock."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.integration.channels.test_shopify_channel import connect, store_with_products
from tests.integration.conftest import start_rq_worker, stop, wait_for
from tests.standins.shopify_server import ShopifyStandIn


def test_products_already_on_shopify_are_linked_by_sku_once(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, products = store_with_products(client)  # FIG-1 and CEDAR-1, 5 each
    connection = connect(client, auth, store_id).json()["id"]
    fig = shopify.list_on_shopify("Fig candle", [("FIG-1", 9)])
    shopify.list_on_shopify("Candle duo", [("FIG-1", 1), ("CEDAR-1", 1)])  # two products
    shopify.list_on_shopify("Fig sizes", [("FIG-1", 2), ("FIG-XL", 2)])  # one BizQ lacks
    for n in range(12):  # more than one page of ten
        shopify.list_on_shopify(f"Gift card {n}", [(f"GIFT-{n}", 100)])

    worker = start_rq_worker({"BIZQ_SHOPIFY_BASE_URL": shopify.url})
    try:
        first = client.post(f"/api/channels/{connection}/listings/import", headers=auth)
        wait_for(lambda: shopify.quantity_of("FIG-1") == 5, what="BizQ's stock pushed")
    finally:
        stop(worker)
    again = client.post(f"/api/channels/{connection}/listings/import", headers=auth)
    republished = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": products[0]}
    )

    assert first.status_code == 200, first.text
    assert (first.json()["linked"], first.json()["known"]) == (1, 0)
    assert first.json()["unmatched"] == [f"Gift card {n}" for n in range(12)]
    assert first.json()["mixed"] == ["Candle duo", "Fig sizes"]  # left alone
    assert (again.json()["linked"], again.json()["known"]) == (0, 1)
    listed = client.get(f"/api/channels/{connection}/listings", headers=auth).json()
    assert [(x["product_id"], x["external_id"], x["shown"]) for x in listed] == [
        (products[0], fig, {"FIG-1": 5})
    ]
    assert republished.json()["external_id"] == fig  # the same Shopify product, updated
    assert len(shopify.products) == 15  # nothing listed twice
    log = client.get(f"/api/channels/{connection}/log", headers=auth).json()["items"]
    imports = [e["outcome"] for e in log if e["kind"] == "import"]
    assert imports[-1].startswith("1 linked by SKU, 0 already linked, 12 with no SKU BizQ knows")


def test_only_members_of_the_store_link_its_shopify_products(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, _ = store_with_products(client)
    connection = connect(client, auth, store_id).json()["id"]
    stranger, _, _ = store_with_products(client)
    shopify.list_on_shopify("Fig candle", [("FIG-1", 9)])

    refused = client.post(f"/api/channels/{connection}/listings/import", headers=stranger)

    assert refused.status_code in (403, 404)
    assert client.get(f"/api/channels/{connection}/listings", headers=auth).json() == []


def test_a_publish_leaves_what_the_seller_manages_on_shopify_and_its_sales_alone(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, products = store_with_products(client)  # "Fig candle" FIG-1, 24.00, 5
    connection = connect(client, auth, store_id).json()["id"]
    fig = shopify.list_on_shopify("Hand-poured fig candle", [("FIG-1", 9)])  # 30.00 there
    client.post(f"/api/channels/{connection}/listings/import", headers=auth)
    listing = client.get(f"/api/channels/{connection}/listings", headers=auth).json()[0]
    shopify.sell_on_shopify("FIG-1", 2)  # 7 there now; not imported into BizQ yet

    kept = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": products[0]}
    )
    bad = client.put(
        f"/api/channels/{connection}/listings/{listing['id']}",
        headers=auth,
        json={"managed_on_channel": ["title", "colour"]},
    )
    changed = client.put(
        f"/api/channels/{connection}/listings/{listing['id']}",
        headers=auth,
        json={"managed_on_channel": ["price"]},
    )
    after = client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": products[0]}
    )

    assert listing["managed_on_channel"] == ["title", "description"]  # linked: the seller's
    assert kept.status_code == 201, kept.text
    assert shopify.products[fig]["variants"][0]["price"] == "24.00"  # BizQ's price went
    assert shopify.quantity_of("FIG-1") == 7  # the sale there is never overwritten
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["path"] == "$.managed_on_channel"
    assert changed.json()["managed_on_channel"] == ["price"]
    assert after.status_code == 201
    assert shopify.products[fig]["title"] == "Fig candle"  # now BizQ's title
    assert shopify.products[fig]["variants"][0]["price"] == "24.00"
    sent = [
        r["body"]["variables"]["input"]
        for r in shopify.requests
        if "productSet" in r["body"]["query"]
    ]
    assert "title" not in sent[0] and "price" in sent[0]["variants"][0]
    assert "title" in sent[1] and "price" not in sent[1]["variants"][0]
    assert all("inventoryQuantities" not in v for s in sent for v in s["variants"])
