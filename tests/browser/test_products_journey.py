"""Products in the browser: add one (with its mistakes shown), optimise its listing, apply it."""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_tasks_journey import new_store

pytestmark = pytest.mark.browser
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def optimise(page: Page) -> None:
    """Ask for a listing rewrite: the button names its price, the dialog asks first."""
    page.get_by_role("button", name=re.compile(r"Optimise listing · \d+\.\d\d credits")).click()
    page.get_by_role("alertdialog").get_by_role("button", name="Write a rewrite").click()


def test_a_seller_adds_a_product_optimises_its_listing_and_applies_the_rewrite(
    page: Page,
) -> None:
    new_store(page, "listing@example.com", "Calm Candles")
    page.goto("/products")
    expect(page.get_by_text("No products here")).to_be_visible()
    page.get_by_role("link", name="Add product").first.click()

    page.get_by_label("Title").fill("candle lavender")
    page.get_by_label("Price").fill("-5")
    page.get_by_label("Cost per unit").fill("7.50")
    page.get_by_role("button", name="Create product").click()
    expect(page.locator("#price-error")).to_have_text("must be 0 or more")

    page.get_by_label("Description").fill("soy wax. lavender oil. burns 40 hours")
    page.get_by_label("Price").fill("24")
    page.get_by_role("button", name="Create product").click()
    expect(page).to_have_url(re.compile(r"/products/[0-9a-f-]{36}$"))
    expect(page.locator("#product-margin")).to_have_text("Margin 68.8%")
    page.locator("#product-images input[type=file]").set_input_files(
        files=[{"name": "candle.png", "mimeType": "image/png", "buffer": PNG}]
    )
    expect(page.locator(".product-image img")).to_have_count(1)

    page.get_by_role("button", name="Add variant").click()
    page.get_by_label("Options, e.g. Size: M, Colour: Red").fill("Large")
    page.get_by_label("Variant price").fill("29.99")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("write them as Size: M, Colour: Red")).to_be_visible()
    page.get_by_label("Options, e.g. Size: M, Colour: Red").fill("Size: Large")
    page.get_by_label("Variant SKU").fill("CAN-LAV-L")
    page.get_by_label("Variant stock").fill("5")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Options, e.g. Size: M, Colour: Red")).to_have_value("Size: Large")
    expect(page.get_by_label("Variant price")).to_have_value("29.99")
    history = page.locator("#stock-history")  # the ledger: the variant's 5 units, set by hand
    expect(history).to_contain_text("Set by hand")
    expect(history.locator("tbody tr").first).to_contain_text("+5")

    optimise(page)
    rewrite = page.locator("#rewrite")
    expect(rewrite.get_by_text("BizQ rules (offline)")).to_be_visible(timeout=20_000)
    expect(rewrite.locator("#title-diff ins").first).to_be_visible()
    expect(rewrite.locator("#description-diff")).to_contain_text("40 hours")  # old and new
    new_title = str(rewrite.get_attribute("data-new-title"))
    assert new_title.lower() != "candle lavender" and "lavender" in new_title.lower()
    screenshot(page, "listing-rewrite")

    rewrite.get_by_role("button", name="Apply rewrite").click()
    expect(page.get_by_label("Title")).to_have_value(new_title)
    expect(page.locator("#rewrite")).to_have_count(0)

    page.goto("/products")
    row = page.locator("tr", has_text=new_title)
    expect(row).to_contain_text("$24.00")
    expect(row.locator("img")).to_have_attribute("src", re.compile(r"^/api/media/.+\.png$"))
    expect(row).to_contain_text("68.8%")


def upload_csv(page: Page, text: str) -> None:
    """Import a CSV through More actions; the import dialog stays open while it has
    problems to show."""
    if not page.get_by_role("dialog", name="Import products").is_visible():
        page.get_by_role("button", name="More actions").click()
        page.get_by_role("menuitem", name="Import CSV").click()
    page.locator("#products-csv input[type=file]").set_input_files(
        files=[{"name": "products.csv", "mimeType": "text/csv", "buffer": text.encode()}]
    )


def test_a_seller_imports_a_csv_fixes_nothing_twice_and_bulk_edits_prices(page: Page) -> None:
    new_store(page, "catalog@example.com", "Bulk Candles")
    page.goto("/products")
    csv_text = (
        "title,price,cost,sku,inventory_quantity,status\n"
        "Lavender candle,24.00,7.50,CAN-1,40,active\n"
        "Cedar candle,cheap,7.50,CAN-2,10,active\n"
        "Oat soap,9.00,2.10,SOAP-1,3,active\n"
    )

    upload_csv(page, csv_text)
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("Line 3, price: must be an amount such as 19.99")
    screenshot(page, "products-import")
    expect(page.get_by_text("No products here")).to_be_visible()  # nothing imported

    page.get_by_role("checkbox", name="Skip bad rows").click()
    upload_csv(page, csv_text)
    expect(page.get_by_text("Imported: 2 new, 0 updated, 1 skipped.")).to_be_visible()
    page.get_by_role("dialog").get_by_role("button", name="Close").click()
    expect(page.locator("tr[data-product-id]")).to_have_count(2)

    page.get_by_label("Search products").fill("candle")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("tr[data-product-id]")).to_have_count(1)
    page.get_by_label("Search products").fill("")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("tr[data-product-id]")).to_have_count(2)

    page.get_by_label("Select Lavender candle").click()
    expect(page.get_by_label("Select Lavender candle")).to_be_checked()
    page.get_by_label("Select Oat soap").click()
    page.get_by_role("button", name="Edit price and stock").click()
    page.get_by_label("New price").fill("12.00")
    screenshot(page, "products-edit")
    page.get_by_role("button", name="Apply to selected").click()
    expect(page.get_by_text("2 products updated.")).to_be_visible()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page.locator("tr", has_text="Lavender candle")).to_contain_text("$12.00")
    expect(page.locator("tr", has_text="Oat soap")).to_contain_text("$12.00")


def test_rewrites_wait_in_the_approvals_queue_until_the_owner_decides(page: Page) -> None:
    new_store(page, "approvals@example.com", "Queue Candles")
    page.goto("/products/new")
    page.get_by_label("Title").fill("candle cedar")
    page.get_by_label("Description").fill("soy wax. cedar oil.")
    page.get_by_label("Price").fill("20")
    page.get_by_role("button", name="Create product").click()
    expect(page).to_have_url(re.compile(r"/products/[0-9a-f-]{36}$"))
    optimise(page)
    expect(page.locator("#rewrite").get_by_text("Apply rewrite")).to_be_visible(timeout=20_000)

    page.get_by_role("link", name="Approvals").first.click()
    item = page.locator(".approval-item")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Listing rewrite")
    expect(item).to_contain_text("candle cedar")
    item.get_by_role("checkbox").click()
    page.get_by_label("Reason for rejecting").fill("Keep my wording")
    page.get_by_role("button", name="Reject selected").click()
    expect(page.get_by_text("Nothing waits for you")).to_be_visible()
