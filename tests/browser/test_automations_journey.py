"""An owner writes an automation rule in a form; a sale on the storefront fires it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_storefront_journey import add_product, buy
from tests.browser.test_tasks_journey import new_store

pytestmark = pytest.mark.browser


def test_a_rule_written_in_the_form_fires_on_a_new_order(page: Page) -> None:
    new_store(page, "rules@example.com", "Rule Lamps")
    add_product(page, "Brass desk lamp", "60", "8")

    page.goto("/automations")
    expect(page.locator("tr[data-rule='reorder_when_low']")).to_be_visible()  # the template's
    page.get_by_role("button", name="New rule").click()
    page.get_by_label("Rule name").fill("Check stock after big orders")
    page.get_by_label("When", exact=True).select_option("order.created")
    page.get_by_label("Condition 1 field").select_option("total")
    page.get_by_label("Condition 1 comparison").select_option("gte")
    page.get_by_label("Condition 1 value").fill("50")
    page.get_by_label("Then start the task").select_option("operations.check_stock_levels")
    page.get_by_label("low_stock_days").fill("three weeks")
    page.get_by_role("button", name="Save rule").click()
    form = page.locator("#rule-form")
    expect(form.get_by_role("alert")).to_contain_text("not of type 'integer'")
    expect(page.locator("tr[data-rule]")).to_have_count(1)  # nothing saved

    page.get_by_label("low_stock_days").fill("21")
    page.get_by_role("button", name="Save rule").click()
    rule = page.locator("tr[data-rule='check_stock_after_big_orders']")
    expect(rule).to_contain_text(
        "When order.created and total is at least 50, start operations.check_stock_levels"
    )
    expect(rule.locator(".rule-status")).to_have_text("Off")  # it spends credits: off at first
    expect(rule.locator(".rule-cost")).to_contain_text("0.50 credits a run")
    rule.get_by_role("button", name="Turn on rule check_stock_after_big_orders").click()
    expect(page.get_by_text("is on; it spends 0.50 credits a run")).to_be_visible()
    expect(rule.locator(".rule-status")).to_have_text("On")

    buyer = page.context.new_page()
    buy(buyer, "/s/rule-lamps", "Brass desk lamp", "buyer@example.com", "Ada Buyer")
    firing = page.locator("tr[data-firing='check_stock_after_big_orders']")  # live
    expect(firing).to_contain_text("order.created")
    expect(firing).to_contain_text("fired")
    expect(firing).to_contain_text("Started operations.check_stock_levels")

    page.goto("/tasks")
    expect(page.locator("#tasks-list")).to_contain_text("Check stock levels")
