"""The seller opens one order at its own address (on a desktop and on a phone): the items
a supplier ships have no ship button, the items from their stock ship with a tracking
number, the timeline speaks plain words, refunds open in a dialog of their own, and a
reload or Back keeps the page."""

from __future__ import annotations

import re
import sqlite3
import uuid

import pytest
from playwright.sync_api import Page, expect

from bizq_app.core.settings import SQLITE_FILE_NAME
from tests.browser.conftest import SERVER_LOGS
from tests.browser.test_storefront_accessibility import serious_violations
from tests.browser.test_storefront_journey import add_product
from tests.browser.test_tasks_journey import new_store

pytestmark = pytest.mark.browser
ADDRESS = {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201", "country": "US"}
UPS = "1Z999AA10123456784"
INTERNAL = re.compile(r"fulfil:|placing:|testpay_|bizq-[0-9a-f]{8}|[0-9a-f]{8}-[0-9a-f]{4}-")
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def dropship_supplier(app_url: str) -> tuple[str, str]:
    """A bundled supplier that dropships (its id and name), from the app's own database."""
    database = SERVER_LOGS[app_url].parent / SQLITE_FILE_NAME
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        found = connection.execute(
            "SELECT id, name FROM suppliers WHERE kind = 'dropship' ORDER BY name LIMIT 1"
        ).fetchone()
    assert found, "the bundled suppliers are synced when BizQ starts"
    return str(uuid.UUID(hex=str(found[0]).replace("-", ""))), str(found[1])


def sell_both_kinds(page: Page, app_url: str, slug: str) -> str:
    """A candle from the seller's stock and a mug a supplier dropships, in one paid order;
    the supplier's name."""
    add_product(page, "Amber candle", "20", "10")
    candle = page.url.rsplit("/", 1)[1]
    add_product(page, "Wick mug", "12", "10")
    mug = page.url.rsplit("/", 1)[1]
    supplier_id, supplier = dropship_supplier(app_url)
    token = page.evaluate("() => localStorage.getItem('bizq_token')")
    linked = page.request.put(
        f"/api/products/{mug}",
        data={"supplier_id": supplier_id},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert linked.ok, linked.text()
    placed = page.request.post(
        f"/api/storefront/{slug}/checkout",
        data={
            "email": "ada@example.com",
            "name": "Ada Buyer",
            "address": ADDRESS,
            "lines": [
                {"product_id": candle, "quantity": 1},
                {"product_id": mug, "quantity": 2},
            ],
            "payment_method": "4242 4242 4242 4242",
        },
    )
    assert placed.status == 201, placed.text()
    return supplier


@pytest.mark.parametrize("device", VIEWPORTS)
def test_an_order_has_a_page_of_its_own(page: Page, app_url: str, device: str) -> None:
    page.set_viewport_size(VIEWPORTS[device])
    new_store(page, f"order-page-{device}@example.com", f"Order Page {device}")
    supplier = sell_both_kinds(page, app_url, f"order-page-{device}")

    page.goto("/orders")
    page.get_by_role("link", name="Open order 1001").click()
    expect(page).to_have_url(re.compile(r"/orders/1001$"))
    page.reload()  # the address alone brings it back
    expect(page.get_by_role("heading", name="Order #1001")).to_be_visible()

    dropshipped = page.locator(".order-group[data-group=dropship]")
    expect(dropshipped).to_contain_text(f"Dropshipped by {supplier}")
    expect(dropshipped).to_contain_text("2 × Wick mug")
    expect(dropshipped.locator(".order-group-state")).to_have_text(f"Sent to {supplier}")
    expect(dropshipped.get_by_role("button")).to_have_count(0)  # its supplier ships it

    ours = page.locator(".order-group[data-group=warehouse]")
    ours.get_by_label("Tracking").fill(UPS)
    ours.get_by_role("button", name="Mark as shipped").click()
    expect(ours.locator(".order-group-state")).to_have_text("Shipped with UPS")
    expect(ours.get_by_role("button")).to_have_count(0)
    expect(page.locator("#order-fulfilment-status")).to_have_text("Partially fulfilled")
    expect(page.locator("#order-payment-status")).to_have_text("Paid")
    expect(page.locator("#order-total")).to_have_text("$48.99")

    timeline = page.locator("#order-timeline")
    expect(timeline.locator(".order-step").first).to_contain_text(
        f"Shipped 1 × Amber candle (UPS, tracking {UPS})."
    )
    expect(timeline.locator(".order-step", has_text="Sent to the supplier")).to_be_visible()
    expect(timeline).to_contain_text(re.compile(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d"))
    said = timeline.locator(".order-step-said").all_text_contents()
    assert said and not [s for s in said if INTERNAL.search(s)], said
    paid = timeline.locator(".order-step", has_text="Paid $48.99.")
    paid.get_by_text("Details").click()
    expect(paid.locator("code")).to_have_text(re.compile("^testpay_"))  # on request only

    expect(page.get_by_role("dialog")).to_have_count(0)  # refunds open only when asked
    page.locator("#order-payment").get_by_role("button", name="Refund").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Amount").fill("5")
    dialog.get_by_label("Reason").fill("Chipped mug")
    dialog.get_by_role("button", name="Refund").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#order-refunded")).to_have_text("$5.00")
    expect(page.locator("#order-payment-status")).to_have_text("Partially refunded")
    page.reload()  # the page as it stays, not a toast still fading out
    expect(page.locator("#order-refunded")).to_have_text("$5.00")
    assert serious_violations(page) == []

    page.go_back()  # the list it came from
    expect(page).to_have_url(re.compile(r"/orders/?$"))
    page.go_forward()
    expect(page.locator("#order-refunded")).to_have_text("$5.00")
