"""Quick setup in the browser: five answers, a mistake fixed, the store built live."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_account_and_store_journey import sign_up

pytestmark = pytest.mark.browser


def test_a_new_seller_launches_a_store_from_five_answers(page: Page) -> None:
    sign_up(page, "launch@example.com")
    expect(page.get_by_text("Create your first store")).to_be_visible()
    page.get_by_role("link", name="Quick setup").click()
    expect(page).to_have_url(re.compile(r"/setup/?$"))

    page.get_by_label("Business name").fill("Calm Candle Co")
    page.get_by_label("Niche").fill("soy candles")
    page.get_by_label("Target audience").fill("people who love a cosy home")
    page.get_by_label("Starting budget (USD)").fill("-20")
    page.get_by_role("button", name="Launch my store").click()
    expect(page.locator("#startingBudget-error")).to_have_text("must be 0 or more")

    page.get_by_label("Starting budget (USD)").fill("500")
    page.get_by_role("button", name="Launch my store").click()
    expect(page.locator(".setup-step")).to_have_count(4)
    expect(page.locator("#setup-ready")).to_be_visible(timeout=30_000)
    expect(page.locator(".setup-step[data-status=completed]")).to_have_count(4)
    expect(page.locator("#brand-name")).to_have_text("Calm Candle Co")
    expect(page.locator("#setup-products")).to_contain_text("10 draft products")
    expect(page.locator(".setup-guide-step[data-done=yes]")).to_have_count(
        0
    )  # nothing the seller did not do
    expect(page.locator("#setup-next")).to_contain_text("Review your brand")
    page.get_by_role("checkbox", name="Review your brand: name, colours and voice").click()
    expect(page.locator("#setup-next")).to_contain_text("Read your niche report")
    expect(page.locator("#setup-next").get_by_role("button", name="Read report")).to_be_visible()
    screenshot(page, "quick-setup-ready")

    page.get_by_role("link", name="Products").first.click()
    expect(page.locator("tr[data-product-id]")).to_have_count(10)  # the new store is open
    page.get_by_label("Filter by supplier").click()
    page.get_by_role("option").nth(1).click()  # the first supplier the drafts name
    rows = page.locator("tr[data-product-id]")
    expect(rows.first).to_be_visible()
    expect(rows).not_to_have_count(10)


def launch_store(page: Page, name: str, niche: str, budget: str) -> None:
    """A seller just signed up has Quick setup build a store, and waits till it is ready."""
    page.get_by_role("link", name="Quick setup").click()
    page.get_by_label("Business name").fill(name)
    page.get_by_label("Niche").fill(niche)
    page.get_by_label("Starting budget (USD)").fill(budget)
    page.get_by_role("button", name="Launch my store").click()
    expect(page.locator("#setup-ready")).to_be_visible(timeout=30_000)


def test_the_dashboard_draws_the_starter_template_with_the_stores_data(page: Page) -> None:
    sign_up(page, "dashboard@example.com")
    launch_store(page, "Wag Treats", "dog treats", "300")

    page.get_by_role("link", name="Dashboard").first.click()
    grid = page.locator("#dashboard-grid")
    expect(grid.locator("[data-component=brand_card]")).to_contain_text("Wag Treats")
    expect(grid.locator("[data-component=setup_checklist]")).to_contain_text(
        "0 of 5 done · next: Review brand"
    )
    expect(grid.locator("[data-component=niche_report]")).to_contain_text("/100")
    expect(grid.locator("[data-component=product_grid]")).to_contain_text("in stock")
    screenshot(page, "dashboard-starter")

    grid.get_by_role("button", name="Check stock levels").click()  # a block action
    expect(page.locator("[data-sonner-toast]").first).to_contain_text("Task started")
    page.get_by_role("link", name="Tasks").first.click()
    expect(page.locator("tr", has_text="Check stock levels")).to_be_visible()
