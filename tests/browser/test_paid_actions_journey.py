"""Nothing paid without the seller's consent: every price shows before anything is charged,
an approval card shows what changes and what it costs, and Reject changes nothing."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_accessibility import Screen, assert_accessible
from tests.browser.test_tasks_journey import new_store

pytestmark = pytest.mark.browser
PRODUCT = "candle cedar"


def checked(page: Page, name: str) -> None:
    assert_accessible(page, Screen(name, page.url, lambda p: p.locator("h1").first))


def expect_balance(page: Page, credits: str) -> None:
    """The store's balance on Settings → Plan and credits, once the page has read it (it
    may first show the figure it held when last open)."""
    page.goto("/settings/plan")
    expect(page.locator("#credit-balance")).to_have_text(credits)


def ask_for_rewrite(page: Page, product_url: str) -> str:
    """The priced button, the dialog that asks, the rewrite waiting: its new title."""
    page.goto(product_url)
    button = page.get_by_role("button", name="Optimise listing · 5.00 credits")
    expect(button).to_be_visible()
    button.click()
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_contain_text("costs 5.00 credits, charged only if you apply it")
    dialog.get_by_role("button", name="Write a rewrite · 5.00 credits").click()
    rewrite = page.locator("#rewrite")
    expect(rewrite.get_by_text("Apply rewrite")).to_be_visible(timeout=20_000)
    return str(rewrite.get_attribute("data-new-title"))


def test_a_seller_sees_each_price_first_and_rejects_or_approves_a_card(page: Page) -> None:
    new_store(page, "consent@example.com", "Consent Candles")
    page.goto("/automations")
    rule = page.locator("tr[data-rule='reorder_when_low']")  # the template's paid rule
    expect(rule.locator(".rule-status")).to_have_text("Off")
    expect(rule.locator(".rule-cost")).to_contain_text("2.00 credits a run")
    expect(rule.get_by_role("button", name="Turn on rule reorder_when_low")).to_be_visible()
    checked(page, "automations")

    page.goto("/products/new")
    page.get_by_label("Title").fill(PRODUCT)
    page.get_by_label("Description").fill("soy wax. cedar oil.")
    page.get_by_label("Price").fill("20")
    page.get_by_role("button", name="Create product").click()
    expect(page).to_have_url(re.compile(r"/products/[0-9a-f-]{36}$"))
    product_url = page.url
    new_title = ask_for_rewrite(page, product_url)
    checked(page, "product")

    page.goto("/approvals")
    card = page.locator(".approval-item")
    title = card.locator("[data-change='Title']")
    expect(title.locator("del")).to_have_text(PRODUCT)
    expect(title.locator("ins")).to_have_text(new_title)
    expect(card.locator("[data-change='Description']")).to_contain_text("soy wax. cedar oil.")
    expect(card.locator(".approval-cost")).to_have_text("Approving costs 5.00 credits")
    checked(page, "approvals")
    card.get_by_role("button", name=re.compile(r"^Reject: ")).click()
    expect(page.get_by_text("Nothing waits for you")).to_be_visible()
    expect_balance(page, "100.00")
    page.goto(product_url)
    expect(page.get_by_label("Title")).to_have_value(PRODUCT)

    new_title = ask_for_rewrite(page, product_url)
    page.goto("/approvals")
    page.locator(".approval-item").get_by_role(
        "button", name=re.compile(r"^Approve · 5\.00 credits")
    ).click()
    expect(page.get_by_text("Nothing waits for you")).to_be_visible()
    expect_balance(page, "95.00")  # exactly the cost the card showed
    page.goto(product_url)
    expect(page.get_by_label("Title")).to_have_value(new_title)


def test_the_price_of_a_pack_of_credits_shows_before_buying(page: Page) -> None:
    new_store(page, "packs@example.com", "Pack Candles")
    page.goto("/settings/plan")
    expect(page.locator("#credit-unit-price")).to_have_text("$0.10")
    page.locator(".credit-pack", has_text="250.00 credits").click()
    expect(page.get_by_label("Credits", exact=True)).to_have_value("250.00")
    expect(
        page.get_by_role("button", name="Buy credits · 250.00 credits for $25.00")
    ).to_be_visible()
    expect(page.locator("#credit-balance")).to_have_text("100.00")  # nothing bought yet
    checked(page, "settings")
