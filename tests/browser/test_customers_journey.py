"""The owner finds a buyer on Customers, exports what BizQ holds about them, erases their
personal data, and the order on the Orders page then names no one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_storefront_journey import add_product, buy
from tests.browser.test_tasks_journey import new_store

pytestmark = pytest.mark.browser


def test_the_owner_exports_and_erases_a_buyers_personal_data(page: Page) -> None:
    new_store(page, "privacy@example.com", "Cedar Privacy")
    add_product(page, "Cedar soy candle", "24", "5")
    buy(
        page.context.new_page(),
        "/s/cedar-privacy",
        "Cedar soy candle",
        "ada@example.com",
        "Ada Lovelace",
    )

    page.goto("/customers")
    row = page.locator("tr[data-customer]", has_text="Ada Lovelace")
    expect(row).to_contain_text("ada@example.com")
    expect(row).to_contain_text("28.99")
    page.get_by_label("Search customers").fill("LOVELACE")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("tr[data-customer]")).to_have_count(1)
    row.get_by_role("link", name="Open customer Ada Lovelace").click()
    detail = page.locator("#customer-detail")
    expect(detail.locator(".customer-order")).to_contain_text("#1001")

    with page.expect_download() as downloading:
        detail.get_by_role("button", name="Export data").click()
    download = downloading.value
    assert re.fullmatch(r"customer-[0-9a-f]{8}\.json", download.suggested_filename)
    exported = json.loads(Path(download.path()).read_text())
    assert exported["customer"]["email"] == "ada@example.com"
    assert [o["number"] for o in exported["orders"]] == [1001]

    detail.get_by_role("button", name="Erase personal data").click()
    dialog = page.get_by_role("dialog")
    confirm = dialog.get_by_label("Type the customer's e-mail")
    confirm.fill("someone@example.com")
    confirm.press("Enter")  # the keyboard alone submits
    expect(dialog.get_by_role("alert")).to_have_text("must be the customer's e-mail address")
    confirm.fill("ada@example.com")
    dialog.get_by_role("button", name="Erase personal data").click()
    expect(dialog).to_be_hidden()
    expect(detail.get_by_role("status")).to_contain_text("Personal data erased")
    expect(detail.locator("#customer-name")).to_have_text("Erased customer")
    expect(detail.get_by_role("button", name="Erase personal data")).to_have_count(0)
    expect(page.get_by_text("No customer matches")).to_be_visible()  # "lovelace" is gone
    page.get_by_label("Search customers").fill("")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("tr[data-customer]")).to_have_text(re.compile("^Erased customer—1"))
    screenshot(page, "customers-erased")

    detail.get_by_role("link", name="Order 1001").click()  # the order, on the Orders page
    expect(page).to_have_url(re.compile(r"/orders/1001$"))  # an older link, to its page
    order = page.locator("#order-page")
    expect(order).to_contain_text("Erased customer")
    expect(order).to_contain_text(re.compile(r"erased-[0-9a-f]{8}@invalid"))
    expect(order).not_to_contain_text("ada@example.com")
    expect(order.locator(".order-step").first).to_contain_text(
        "The buyer's personal data was erased on request."
    )
    page.get_by_role("link", name="All orders").click()
    expect(page.locator("tr[data-order]").first).to_contain_text("Erased customer")
