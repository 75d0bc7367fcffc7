"""Checkout as a buyer sees it, on a phone and on a desktop: the cart drawer with its
pictures and quantity steppers, kept in every tab; the shipping choices with their
prices; the order summary (folded at the top on a phone) and the total on the Pay
button; an error that goes as soon as the field is fixed; the state select for the US;
and the thank-you page with the order's items, address and total."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_storefront_journey import to_checkout
from tests.browser.test_stripe_checkout_journey import PHONE, seller_shop

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def phone(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=app_url, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=app_url, viewport=DESKTOP)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def test_a_phone_buyer_sees_every_price_before_paying_and_is_thanked_by_order(
    phone: Page, app_url: str
) -> None:
    slug, *_ = seller_shop(app_url, "Cork Studio", stock=5)  # a Walnut bowl at 40.00

    phone.goto(f"/s/{slug}")
    phone.get_by_role("button", name="Add Walnut bowl to cart").click()
    drawer = phone.locator("#cart")
    drawer.get_by_role("button", name="One more Walnut bowl").click()
    expect(drawer.get_by_role("status", name="Quantity of Walnut bowl: 2")).to_be_visible()
    expect(drawer.locator(".cart-line-total")).to_have_text("$80.00")  # the line, not one
    expect(drawer.get_by_role("button", name="One fewer Walnut bowl")).to_be_enabled()
    drawer.get_by_role("button", name="One fewer Walnut bowl").click()
    expect(drawer.locator(".cart-line-total")).to_have_text("$40.00")
    form = to_checkout(phone)

    folded = phone.locator(".order-summary-phone")
    expect(folded).to_contain_text("Show order summary · $44.99")
    expect(phone.locator(".order-summary-wide")).to_be_hidden()
    folded.get_by_text("Show order summary").click()
    expect(folded.locator(".summary-line")).to_contain_text("Walnut bowl")
    expect(folded.locator(".summary-shipping")).to_contain_text("$4.99")
    expect(form.get_by_role("radio", name="Standard shipping, $4.99")).to_be_checked()
    expect(form.get_by_role("radio", name="Express shipping, $12.99")).to_be_visible()
    expect(form.get_by_role("button", name="Pay $44.99")).to_be_visible()

    form.get_by_role("button", name="Pay $44.99").click()  # nothing filled in
    email_error = form.locator("#email-error")
    expect(email_error).to_have_text(re.compile("required|e-mail", re.I))
    expect(form.locator("#region-error")).to_be_visible()
    form.get_by_label("E-mail").fill("ada@example.com")
    expect(email_error).to_have_count(0)  # gone as soon as it is fixed
    expect(form.get_by_label("E-mail")).to_have_attribute("aria-invalid", "false")

    expect(form.get_by_label("Country", exact=True)).to_have_value("US")
    state = form.get_by_label("State / province")
    expect(state).to_have_attribute("autocomplete", "address-level1")
    state.select_option(label="Oregon")
    expect(form.locator("#region-error")).to_have_count(0)
    for label, value in (
        ("Full name", "Ada Buyer"),
        ("Address", "2 Wick Lane"),
        ("City", "Portland"),
        ("Postal code", "97201"),
        ("Test card number", "4242 4242 4242 4242"),
    ):
        form.get_by_label(label, exact=True).fill(value)
    form.get_by_role("radio", name="Express shipping, $12.99").click()
    expect(folded).to_contain_text("Show order summary · $52.99")
    form.get_by_role("button", name="Pay $52.99").click()

    thanks = phone.locator("#order-confirmation")
    expect(phone.get_by_role("heading", name="Order #1001 confirmed", level=1)).to_be_visible()
    expect(thanks).to_contain_text("Walnut bowl × 1")
    expect(thanks.locator("#order-total")).to_contain_text("$52.99")
    expect(thanks.locator("#order-address")).to_have_text(
        "2 Wick Lane, Portland 97201, Oregon, United States"
    )
    thanks.get_by_role("link", name="Follow your order").click()
    expect(phone.locator("#buyer-order-status")).to_have_text(
        re.compile("Confirmed|Being prepared")
    )
    expect(phone.get_by_text("Total paid: $52.99")).to_be_visible()


def test_a_desktop_buyer_keeps_one_cart_in_every_tab_and_ships_free_over_the_threshold(
    desktop: Page, app_url: str
) -> None:
    slug, *_ = seller_shop(app_url, "Tab Potters", stock=5)
    desktop.goto(f"/s/{slug}")
    desktop.get_by_role("button", name="Add Walnut bowl to cart").click()
    expect(desktop.locator("#cart-total")).to_contain_text("$40.00")

    other = desktop.context.new_page()  # a second tab: the same cart
    other.goto(f"/s/{slug}")
    expect(other.get_by_role("button", name="Cart 1 items")).to_be_visible()
    other.get_by_role("button", name="Cart 1 items").click()
    other.locator("#cart").get_by_role("button", name="One more Walnut bowl").click()
    told = desktop.locator("#cart").get_by_role("status", name="Quantity of Walnut bowl: 2")
    expect(told).to_be_visible()  # the first tab's open cart shows the second tab's change

    form = to_checkout(desktop)
    summary = desktop.locator(".order-summary-wide")
    expect(summary).to_be_visible()
    expect(desktop.locator(".order-summary-phone")).to_be_hidden()
    expect(summary.locator(".summary-line")).to_contain_text("$80.00")  # 2 × $40.00
    expect(summary.locator(".summary-subtotal")).to_contain_text("$80.00")
    expect(form.get_by_role("radio", name="Standard shipping, Free")).to_be_checked()
    expect(form.get_by_role("radio", name="Express shipping, Free")).to_be_visible()
    expect(summary.locator(".summary-shipping")).to_contain_text("Free")
    expect(summary.locator(".summary-total")).to_contain_text("$80.00")
    expect(form.get_by_role("button", name="Pay $80.00")).to_be_visible()
    for name, token in (
        ("E-mail", "email"),
        ("Full name", "name"),
        ("Address", "address-line1"),
        ("Apartment, suite, etc. (optional)", "address-line2"),
        ("City", "address-level2"),
        ("Postal code", "postal-code"),
        ("Country", "country"),
    ):
        expect(form.get_by_label(name, exact=True)).to_have_attribute("autocomplete", token)

    form.get_by_label("Country", exact=True).select_option("DE")
    state = form.get_by_label("State / province")
    expect(state).to_contain_text("Bayern")
    form.get_by_label("Country", exact=True).select_option("AQ")  # no regions
    expect(state).to_have_count(0)
