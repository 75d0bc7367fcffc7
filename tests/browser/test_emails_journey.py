"""The owner rewords the order confirmation in Settings: a broken template is refused
with its line, the preview shows the branded HTML and the text copy, the saved words
go out with the next order, and Reset brings BizQ's wording back."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_storefront_journey import add_product, buy
from tests.browser.test_tasks_journey import new_store

pytestmark = pytest.mark.browser

DEFAULT_SUBJECT = "Your order #{{ number }} at {{ store }}"


def test_the_owner_rewords_the_order_confirmation_and_buyers_get_it(page: Page) -> None:
    new_store(page, "mail-owner@example.com", "Fern Letters")
    add_product(page, "Fern notebook", "12", "5")
    page.goto("/settings/emails")
    card = page.locator("#emails-settings")
    expect(card.get_by_label("Subject")).to_have_value(DEFAULT_SUBJECT)

    card.get_by_label("Subject").fill("Order {{ number }} from {{ store }}: on its way soon")
    card.get_by_label("Body").fill("Hello {{ name }},\n\nThanks for order {{ number }.")
    card.get_by_role("button", name="Save e-mail").click()
    expect(card.locator("#email_body-error")).to_have_text("line 3: unexpected '}'")

    card.get_by_label("Body").fill("Hello {{ name }},\n\nThanks for order {{ number }}!")
    card.get_by_role("button", name="Preview").click()
    expect(card.locator("#email-preview-text")).to_contain_text("Thanks for order")
    frame = page.frame_locator("#email-preview-html")
    expect(frame.get_by_text("Fern Letters").first).to_be_visible()  # the store's brand
    card.get_by_role("button", name="Save e-mail").click()
    expect(page.get_by_text("E-mail saved")).to_be_visible()

    buy(page.context.new_page(), "/s/fern-letters", "Fern notebook", "ivy@example.com", "Ivy")
    page.goto("/emails")
    expect(page.get_by_text("Order 1001 from Fern Letters: on its way soon")).to_be_visible()
    # no mail server in these runs: the seller is told buyers were not e-mailed
    expect(page.locator("#mail-not-configured")).to_contain_text("Set BIZQ_SMTP_HOST")

    page.goto("/settings/emails")
    card.get_by_role("button", name="Reset to default").click()
    expect(page.get_by_text("Back to BizQ's default wording.")).to_be_visible()
    expect(card.get_by_label("Subject")).to_have_value(DEFAULT_SUBJECT)
