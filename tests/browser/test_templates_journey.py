"""Dashboard templates in the browser: each shipped template applied in one click."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_tasks_journey import new_store

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "screenshots"
SHIPPED = ROOT / "bizq_app" / "data" / "templates"
EXPECTED = {  # a block each template has that the others do not all have
    "Starter": "setup_checklist",
    "Growth": "chart_revenue",
    "Scale": "metric_conversion",
}


def test_each_shipped_template_applies_and_draws_its_blocks(page: Page) -> None:
    new_store(page, "templates@example.com", "Layout Lab")

    for name, component in EXPECTED.items():
        page.get_by_role("link", name="Templates").first.click()
        page.get_by_role("button", name=f"Apply {name}").click()
        expect(page.get_by_text(f"{name} applied.")).to_be_visible()
        grid = page.locator("#dashboard-grid")
        expect(grid.locator(f"[data-component={component}]").first).to_be_visible()
        expect(page.get_by_text(f"Template: {name}")).to_be_visible()
        if os.environ.get("BIZQ_SCREENSHOTS"):
            DOCS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(DOCS / f"template-{name.lower()}.png"), full_page=True)
    scale_blocks = page.locator("#dashboard-grid .dashboard-block")
    assert scale_blocks.count() >= 15


def test_a_template_published_by_one_store_is_bought_by_another(page: Page) -> None:
    new_store(page, "author@example.com", "Author Shop")
    page.get_by_role("link", name="Templates").first.click()
    page.get_by_role("button", name="Apply Growth").click()
    expect(page.get_by_text("Growth applied.")).to_be_visible()
    page.get_by_role("link", name="Templates").first.click()
    own = page.locator(".template-card", has_text="This store")
    own.get_by_label("Price for Growth").fill("12")
    own.get_by_role("button", name="Publish").click()
    expect(own.get_by_text("Published at 12.00 credits")).to_be_visible()

    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Log out").click()
    new_store(page, "buyer@example.com", "Buyer Shop")
    page.get_by_role("link", name="Templates").first.click()
    listing = page.locator(".template-listing")
    listing.get_by_role("button", name="Preview Growth").click()
    preview = page.get_by_role("dialog")
    expect(preview).to_contain_text("Preview: Growth")
    # The wireframe has each of the template's blocks, placed as on the author's desktop.
    blocks = preview.locator(".preview-block")
    growth = json.loads((SHIPPED / "growth.json").read_text())
    expect(blocks).to_have_count(len(growth["blocks"]))
    chart = blocks.filter(has_text="chart_revenue")
    expect(chart).to_contain_text("Revenue by day")
    expect(chart).to_have_css("grid-column-start", "1")  # x 0, y 2, 6 wide, 4 high
    expect(chart).to_have_css("grid-row-start", "3")
    expect(chart).to_have_css("grid-column-end", "span 6")
    if os.environ.get("BIZQ_SCREENSHOTS"):
        page.wait_for_timeout(500)  # the dialog's fade-in
        page.screenshot(path=str(DOCS / "template-preview.png"))
    preview.get_by_role("button", name="Close").click()
    expect(preview).to_have_count(0)
    listing.get_by_role("button", name="Buy Growth").click()
    # Its automation rules start paid tasks: each waits for the buyer's tick.
    rules = page.get_by_role("dialog")
    expect(rules).to_contain_text("Automation rules in this template")
    expect(rules.locator(".offered-rule")).to_have_count(2)
    expect(rules).to_contain_text("every week")
    rules.get_by_label("Accept rule reorder_when_low").click()
    rules.get_by_role("button", name="Apply with the ticked rules").click()
    expect(page.get_by_text("Growth applied.")).to_be_visible()
    expect(page.get_by_text("Template: Growth")).to_be_visible()
