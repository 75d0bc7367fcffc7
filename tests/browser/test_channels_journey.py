"""The seller connects Shopify (a local stand-in), publishes two products, imports an
order placed on Shopify and ships it from BizQ; the tracking reaches Shopify. Then every
other marketplace is connected, a product published to eBay, and a TikTok Shop order
export uploaded: its sale reaches eBay's quantity."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_storefront_accessibility import serious_violations
from tests.browser.test_storefront_journey import add_product
from tests.browser.test_tasks_journey import new_store
from tests.integration.channels.test_order_reports import tiktok_export
from tests.standins import ebay_server, etsy_server, tiktok_server, walmart_server
from tests.standins.amazon_server import (
    CLIENT_ID,
    CLIENT_SECRET,
    REFRESH_TOKEN,
    SELLER,
    AmazonStandIn,
)
from tests.standins.ebay_server import EbayStandIn
from tests.standins.shopify_server import TOKEN, ShopifyStandIn

pytestmark = pytest.mark.browser
TRACKING = "1Z999AA10123456784"


def wait_until(done: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 30
    while not done() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert done(), f"waited 30 s for {what}"


def give_image(page: Page, title: str, address: str) -> None:
    """The seller's product gets an image at a public address (as an image host gives)."""
    token = page.evaluate("() => localStorage.getItem('bizq_token')")
    store_id = page.evaluate("() => localStorage.getItem('bizq_store')")
    auth = {"Authorization": f"Bearer {token}"}
    base = page.evaluate("() => window.location.origin")
    found = httpx.get(
        f"{base}/api/products", params={"store_id": store_id, "q": title}, headers=auth
    ).json()["items"]
    product = next(p for p in found if p["title"] == title)
    changed = httpx.put(
        f"{base}/api/products/{product['id']}", json={"images": [address]}, headers=auth
    )
    assert changed.status_code == 200, changed.text


def sku_of(shopify: ShopifyStandIn, title: str) -> str:
    product = next(p for p in shopify.products.values() if p["title"] == title)
    return str(product["variants"][0]["sku"])


def test_a_shopify_order_is_imported_and_shipped_from_bizq(
    page: Page, shopify: ShopifyStandIn
) -> None:
    new_store(page, "channels@example.com", "Channel Candles")
    add_product(page, "Fig candle", "24", "5")
    add_product(page, "Cedar candle", "24", "5")

    page.goto("/settings/channels")
    form = page.locator("#connect-shopify")
    form.get_by_label("Shop address").fill("standin-candles.myshopify.com")
    form.get_by_label("Admin API access token").fill(TOKEN)
    form.get_by_role("button", name="Test and connect").click()
    card = page.locator("#shopify-connection")
    expect(card).to_contain_text("Stand-in Candles")
    for title in ("Fig candle", "Cedar candle"):
        card.get_by_label("Product to publish").select_option(label=title)
        card.get_by_role("button", name="Publish to Shopify").click()
        expect(page.locator("#channel-listings")).to_contain_text(title)
    fig = sku_of(shopify, "Fig candle")
    assert (
        shopify.quantity_of(fig) == 5 and shopify.quantity_of(sku_of(shopify, "Cedar candle")) == 5
    )

    first = page.locator("#channel-listings li").first
    first.get_by_label("Price").check()
    first.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved: the next publish leaves")).to_be_visible()
    page.reload()
    expect(page.locator("#channel-listings li").first.get_by_label("Price")).to_be_checked()
    assert serious_violations(page) == []  # the card with a shop, listings and forms

    rules = page.locator("#channel-rules")
    rules.get_by_label("Share of stock shown (%)").fill("0")
    rules.get_by_role("button", name="Save rules").click()
    expect(rules.get_by_text("must be between 1 and 100")).to_be_visible()
    rules.get_by_label("Share of stock shown (%)").fill("100")
    rules.get_by_label("Units kept back").fill("1")
    rules.get_by_role("button", name="Save rules").click()
    expect(page.get_by_text("Rules saved: 1 kept back.", exact=False)).to_be_visible()
    wait_until(lambda: shopify.quantity_of(fig) == 4, "the buffer pushed to Shopify")

    shopify.place_order([(fig, 2)])
    placed = shopify.place_order([("FIG-OLD", 1)])  # a SKU from before BizQ
    card.get_by_role("button", name="Import orders now").click()
    expect(page.get_by_text("1 imported, 1 held for you.")).to_be_visible()
    held = page.locator("#channel-holds li").first
    expect(held).to_contain_text("'FIG-OLD' is not a product listed on this channel")
    page.reload()  # the page as it stays, not a toast still fading in
    held = page.locator("#channel-holds li").first
    expect(held).to_contain_text("'FIG-OLD' is not a product listed on this channel")
    assert serious_violations(page) == []  # with an order waiting and its map form
    held.get_by_label("Sells as").select_option(label=f"Fig candle · {fig}")
    held.get_by_role("button", name="Import again").click()
    expect(page.get_by_text("Imported.", exact=True)).to_be_visible()
    expect(page.locator("#channel-holds")).to_have_count(0)

    with page.expect_download() as downloading:
        page.get_by_role("button", name="Download Amazon Inventory Loader").click()
    loader = Path(downloading.value.path()).read_text()
    assert loader.startswith("sku\tproduct-id\tproduct-id-type\tprice")
    assert f"{fig}\t\t\t24.00\t\t\t11\t" in loader

    page.goto("/orders")
    row = page.locator("tr[data-order]").first  # the newest: the one mapped and imported
    expect(row).to_contain_text("Shopify #1002")
    row.get_by_role("link").click()
    ours = page.locator(".order-group[data-group=warehouse]")
    expect(ours).to_contain_text("Its tracking goes to Shopify")
    ours.get_by_label("Tracking").fill(TRACKING)
    ours.get_by_role("button", name="Mark as shipped").click()
    expect(page.locator("#order-fulfilment-status")).to_have_text("Fulfilled")
    wait_until(lambda: shopify.tracking_of(str(placed["name"])) is not None, "the tracking")
    assert shopify.tracking_of(str(placed["name"])) == TRACKING
    assert shopify.quantity_of(fig) == 1  # 2 left in BizQ (3 sold on Shopify), 1 kept back

    page.goto("/orders")  # left open while an order arrives from Shopify
    rows = page.locator("tr[data-order]")
    expect(rows).to_have_count(2)
    settings = page.context.new_page()
    settings.goto("/settings/channels")
    shopify.place_order([(fig, 1)])
    settings.locator("#shopify-connection").get_by_role("button", name="Import orders now").click()
    expect(settings.get_by_text("1 imported", exact=False)).to_be_visible()
    expect(rows).to_have_count(3)  # on the Orders page as it is: live, no reload
    expect(rows.first).to_contain_text("Shopify #")


def test_an_amazon_account_is_connected_beside_shopify_and_each_is_shown_in_turn(
    page: Page, shopify: ShopifyStandIn, amazon: AmazonStandIn, ebay: EbayStandIn
) -> None:
    new_store(page, "two-channels@example.com", "Two Channels")
    add_product(page, "Fig candle", "24", "5")
    page.goto("/settings/channels")
    form = page.locator("#connect-shopify")
    form.get_by_label("Shop address").fill("standin-candles.myshopify.com")
    form.get_by_label("Admin API access token").fill(TOKEN)
    form.get_by_role("button", name="Test and connect").click()
    expect(page.locator("#shopify-connection")).to_contain_text("Stand-in Candles")

    amazon_form = page.locator("#connect-amazon")
    amazon_form.get_by_label("Merchant token (seller id)").fill(SELLER)
    amazon_form.get_by_label("LWA client id").fill(CLIENT_ID)
    amazon_form.get_by_label("LWA client secret").fill(CLIENT_SECRET)
    amazon_form.get_by_label("Refresh token").fill("Atzr|IwEBIWrongRefreshToken000000000")
    amazon_form.get_by_role("button", name="Test and connect Amazon").click()
    expect(amazon_form.get_by_text("Amazon refused the refresh token")).to_be_visible()
    amazon_form.get_by_label("Refresh token").fill(REFRESH_TOKEN)
    amazon_form.get_by_role("button", name="Test and connect Amazon").click()
    expect(page.get_by_text("Amazon is connected.")).to_be_visible()

    marketplaces = page.get_by_role("group", name="Connect a marketplace")
    marketplaces.get_by_role("button", name="eBay").click()
    ebay_form = page.locator("#connect-ebay")
    expect(page.locator("#connect-amazon")).to_have_count(0)  # one form at a time
    ebay_form.get_by_label("eBay user ID").fill(ebay_server.USERNAME)
    ebay_form.get_by_label("App ID (Client ID)").fill(ebay_server.CLIENT_ID)
    ebay_form.get_by_label("Cert ID (Client Secret)").fill(ebay_server.CLIENT_SECRET)
    ebay_form.get_by_label("Refresh token").press_sequentially("v^1.1#")
    ebay_form.get_by_label("Refresh token").press("Enter")
    expect(ebay_form.get_by_text("must be the seller's refresh token")).to_be_visible()
    ebay_form.get_by_label("Refresh token").fill(ebay_server.REFRESH_TOKEN)
    ebay_form.get_by_label("Refresh token").press("Enter")  # the keyboard alone submits
    expect(page.get_by_text("eBay is connected.")).to_be_visible()

    marketplaces.get_by_role("button", name="Walmart").click()
    walmart_form = page.locator("#connect-walmart")
    walmart_form.get_by_label("Client ID").fill(walmart_server.CLIENT_ID)
    walmart_form.get_by_label("Client Secret").fill(walmart_server.CLIENT_SECRET)
    walmart_form.get_by_role("button", name="Test and connect Walmart").click()
    expect(page.get_by_text("Walmart is connected.")).to_be_visible()

    marketplaces.get_by_role("button", name="TikTok Shop").click()
    tiktok_form = page.locator("#connect-tiktok")
    tiktok_form.get_by_label("Shop name").fill(tiktok_server.SHOP)
    tiktok_form.get_by_label("App key").fill(tiktok_server.APP_KEY)
    tiktok_form.get_by_label("App secret").fill(tiktok_server.APP_SECRET)
    tiktok_form.get_by_label("Refresh token").fill(tiktok_server.REFRESH_TOKEN)
    tiktok_form.get_by_role("button", name="Test and connect TikTok Shop").click()
    expect(page.get_by_text("TikTok Shop is connected.")).to_be_visible()

    marketplaces.get_by_role("button", name="Etsy").click()
    etsy_form = page.locator("#connect-etsy")
    etsy_form.get_by_label("Shop name").fill(etsy_server.SHOP)
    etsy_form.get_by_label("Keystring").fill(etsy_server.KEYSTRING)
    etsy_form.get_by_label("Shared secret").fill(etsy_server.SHARED_SECRET)
    etsy_form.get_by_label("Refresh token").fill(etsy_server.REFRESH_TOKEN)
    etsy_form.get_by_label("Refresh token").press("Enter")
    expect(page.get_by_text("Etsy is connected.")).to_be_visible()

    channels = page.get_by_role("group", name="Connected channels")
    channels.get_by_role("button", name=f"Amazon · Amazon seller {SELLER} on Amazon.com").click()
    card = page.locator("#shopify-connection")
    expect(card.get_by_role("button", name="Publish to Amazon")).to_be_visible()
    page.reload()
    expect(page.get_by_role("group", name="Connected channels")).to_be_visible()
    assert serious_violations(page) == []  # six connections, a marketplace's form

    channels.get_by_role(
        "button", name=f"eBay · eBay seller {ebay_server.USERNAME}", exact=False
    ).click()
    card.get_by_label("Product to publish").select_option(label="Fig candle")
    card.get_by_role("button", name="Publish to eBay").click()
    expect(page.get_by_text("at least one image", exact=False).first).to_be_visible()
    assert ebay.items == {}  # refused before anything was written
    give_image(page, "Fig candle", "https://images.example.com/fig-candle.jpg")
    card.get_by_role("button", name="Publish to eBay").click()
    expect(page.locator("#channel-listings")).to_contain_text("Fig candle")
    sku = next(iter(ebay.items))
    assert ebay.quantity(sku) == 5

    report = tiktok_export(("576900000000000777", "To ship", "12/01/2026", sku, 2, "24.00"))
    page.locator("#shopify-orders-report input[type=file]").set_input_files(
        files=[{"name": "tiktok-orders.csv", "mimeType": "text/csv", "buffer": report}]
    )
    expect(page.get_by_text("1 imported, 0 already in BizQ.")).to_be_visible()
    wait_until(lambda: ebay.quantity(sku) == 3, "the TikTok sale pushed to eBay")
