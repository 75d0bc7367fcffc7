"""The owner pages through every order on the Orders page, newest first."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_storefront_journey import add_product
from tests.browser.test_tasks_journey import new_store

pytestmark = pytest.mark.browser
ADDRESS = {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201", "country": "US"}
ORDERS = 27  # a full page of 25 and two more


def test_the_orders_page_pages_through_every_order(page: Page) -> None:
    new_store(page, "pages@example.com", "Paged Candles")
    add_product(page, "Paged candle", "10", "100")
    product_id = page.url.rsplit("/", 1)[1]
    for i in range(ORDERS):
        placed = page.request.post(
            "/api/storefront/paged-candles/checkout",
            data={
                "email": f"buyer{i}@example.com",
                "name": f"Buyer {i}",
                "address": ADDRESS,
                "lines": [{"product_id": product_id, "quantity": 1}],
                "payment_method": "4242 4242 4242 4242",
            },
        )
        assert placed.status == 201, placed.text()

    page.goto("/orders")
    rows = page.locator("tr[data-order]")
    expect(rows).to_have_count(25)
    expect(rows.first).to_have_attribute("data-order", "1027")
    expect(page.get_by_text(f"{ORDERS} orders · page 1 of 2")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(rows).to_have_count(2)
    expect(rows.last).to_have_attribute("data-order", "1001")
    expect(page.get_by_role("button", name="Next")).to_be_disabled()
    page.get_by_role("button", name="Previous").click()
    expect(rows).to_have_count(25)
