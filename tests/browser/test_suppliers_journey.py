"""Supplier search in the browser: criteria, ranked offers, and why each scored as it did."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_tasks_journey import new_store

pytestmark = pytest.mark.browser


def test_a_seller_finds_no_minimum_suppliers_within_a_budget(page: Page) -> None:
    new_store(page, "sourcing@example.com", "Source Candles")
    page.get_by_role("link", name="Suppliers").first.click()
    expect(page.get_by_text("bundled supplier catalog")).to_be_visible()

    page.get_by_label("What you sell").fill("soy candle")
    page.get_by_label("Budget for the first order").fill("lots")
    page.get_by_role("button", name="Find suppliers").click()
    expect(page.locator("#budget-error")).to_have_text("must be an amount such as 250")

    page.get_by_label("Budget for the first order").fill("60")
    page.get_by_label("Largest minimum order").fill("1")
    page.get_by_role("button", name="Find suppliers").click()
    offers = page.locator(".supplier-offer")
    expect(offers.first).to_contain_text("Score")
    expect(offers.first).to_contain_text("From 1 unit(s)")
    expect(offers.first).to_contain_text("points")
    assert offers.count() >= 2
