"""The Products list on a desktop and on a phone: status tabs that count, a tab the
address keeps, select-all and one click to set the selected products active, prices in
the store's currency."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_tasks_journey import new_store

pytestmark = pytest.mark.browser
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
CATALOG = (
    ("Amber candle", "24", "active"),
    ("Cedar candle", "18.50", "draft"),
    ("Fig candle", "20", "draft"),
    ("Oat soap", "9", "archived"),
)


def add_products(page: Page) -> None:
    """The seller's catalog, added over the REST API (as a script of theirs would)."""
    token = page.evaluate("() => localStorage.getItem('bizq_token')")
    store_id = page.evaluate("() => localStorage.getItem('bizq_store')")
    for title, price, status in CATALOG:
        added = page.request.post(
            "/api/products",
            data={"store_id": store_id, "title": title, "price": price, "status": status},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert added.ok, added.text()


def tab(page: Page, name: str) -> Locator:
    return page.get_by_role("navigation", name="Products by status").get_by_role(
        "link", name=re.compile(f"^{name} ")
    )


def expect_counts(page: Page, **counts: int) -> None:
    for name, count in counts.items():
        expect(tab(page, name.capitalize())).to_have_text(f"{name.capitalize()} {count}")


@pytest.mark.parametrize("device", VIEWPORTS)
def test_a_seller_activates_every_draft_from_the_draft_tab_in_one_click(
    page: Page, device: str
) -> None:
    page.set_viewport_size(VIEWPORTS[device])
    new_store(page, f"product-list-{device}@example.com", f"List Candles {device}")
    add_products(page)

    page.goto("/products")
    expect_counts(page, all=4, active=1, draft=2, archived=1)
    expect(page.locator("tr", has_text="Amber candle")).to_contain_text("$24.00")
    expect(page.locator("tr", has_text="Cedar candle")).to_contain_text("$18.50")

    tab(page, "Draft").click()
    expect(page).to_have_url(re.compile(r"/products\?status=draft$"))
    page.reload()  # the address alone brings the tab back
    expect(tab(page, "Draft")).to_have_attribute("aria-current", "page")
    rows = page.locator("tr[data-product-id]")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Amber candle")).to_have_count(0)

    select_all = page.get_by_label("Select every product on this page")
    page.get_by_label("Select Cedar candle").click()
    expect(select_all).to_have_attribute("aria-checked", "mixed")  # some, not all
    select_all.click()
    expect(page.get_by_label("Select Fig candle")).to_be_checked()
    expect(page.locator("#selected-count")).to_have_text("2 selected")
    screenshot(page, f"products-selected-{device}")

    page.get_by_role("button", name="Set as active").click()
    expect(page.get_by_text("2 products set as active.")).to_be_visible()
    expect(page.get_by_role("heading", name="No draft products")).to_be_visible()
    expect_counts(page, all=4, active=3, draft=0, archived=1)

    tab(page, "Active").click()
    expect(page.locator("tr[data-product-id]")).to_have_count(3)
    expect(page.locator("tr", has_text="Fig candle")).to_contain_text("Active")
