"""The seller publishes a mug to eBay (a local stand-in): choosing it, the publish form asks
for the item specifics eBay's category for mugs requires, each labelled — a list where eBay
takes only the values it lists —; one left empty is refused beside its field in BizQ's
words, naming it; filled in from the keyboard, the mug is listed with them."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_channels_journey import give_image
from tests.browser.test_storefront_accessibility import serious_violations
from tests.browser.test_storefront_journey import add_product
from tests.browser.test_tasks_journey import new_store
from tests.standins import ebay_server
from tests.standins.ebay_server import EbayStandIn

pytestmark = pytest.mark.browser
MUGS = "20625"
GLAZES = ("Matte", "Gloss", "Speckled")


def settled(page: Page) -> Page:
    """The page once its toasts have gone: what stays on it, for axe to read."""
    expect(page.locator("[data-sonner-toast]")).to_have_count(0, timeout=20_000)
    return page


def connect_ebay(page: Page) -> None:
    page.goto("/settings/channels")
    page.get_by_role("group", name="Connect a marketplace").get_by_role(
        "button", name="eBay"
    ).click()
    form = page.locator("#connect-ebay")
    form.get_by_label("eBay user ID").fill(ebay_server.USERNAME)
    form.get_by_label("App ID (Client ID)").fill(ebay_server.CLIENT_ID)
    form.get_by_label("Cert ID (Client Secret)").fill(ebay_server.CLIENT_SECRET)
    form.get_by_label("Refresh token").fill(ebay_server.REFRESH_TOKEN)
    form.get_by_label("Refresh token").press("Enter")
    expect(page.get_by_text("eBay is connected.")).to_be_visible()


def test_the_item_specifics_ebay_requires_are_asked_refused_when_empty_and_sent(
    page: Page, ebay: EbayStandIn
) -> None:
    ebay.category(MUGS, "Mugs", words="mug", required={"Brand": (), "Glaze": GLAZES})
    new_store(page, "item-specifics@example.com", "Mug House")
    add_product(page, "Stoneware mug", "18", "4")
    give_image(page, "Stoneware mug", "https://images.example.com/stoneware-mug.jpg")
    connect_ebay(page)

    publish = page.locator("#channel-publish")
    publish.get_by_label("Product to publish").select_option(label="Stoneware mug")
    specifics = publish.get_by_role("group", name="Item specifics eBay requires")
    brand = specifics.get_by_label("Brand")  # text, with eBay's values suggested (if any)
    glaze = specifics.get_by_role("combobox", name="Glaze")
    expect(brand).to_be_visible(timeout=20_000)  # asked of eBay once the mug is chosen
    expect(glaze.locator("option")).to_have_text(["Choose one", *GLAZES])
    assert serious_violations(settled(page)) == []  # the form with its item specifics

    glaze.select_option("Gloss")
    publish.get_by_role("button", name="Publish to eBay").click()
    expect(brand).to_have_attribute("aria-invalid", "true")
    expect(brand).to_have_accessible_description(
        "is an item specific eBay requires in the category Mugs: give it when publishing, like "
        '"aspects": {"Brand": "…"}, or as a variant option'
    )
    expect(glaze).to_have_attribute("aria-invalid", "false")
    assert not [i for i in ebay.items.values() if i["product"]["title"] == "Stoneware mug"]
    assert serious_violations(settled(page)) == []  # with the error beside its field

    brand.fill("Wick & Co")
    brand.press("Enter")  # the keyboard alone publishes
    expect(page.locator("#channel-listings")).to_contain_text("Stoneware mug")
    listed = [i for i in ebay.items.values() if i["product"]["title"] == "Stoneware mug"]
    assert [i["product"]["aspects"] for i in listed] == [
        {"Brand": ["Wick & Co"], "Glaze": ["Gloss"]}
    ]
    expect(brand).to_have_attribute("aria-invalid", "false")
