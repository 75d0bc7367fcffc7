"""A buyer on the storefront: finds a product, is declined once, pays with 4242, is thanked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.test_tasks_journey import new_store

pytestmark = pytest.mark.browser


def add_product(page: Page, title: str, price: str, stock: str) -> None:
    """The seller creates an active product from the product form."""
    page.goto("/products/new")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Price").fill(price)
    page.get_by_label("Stock").fill(stock)
    page.locator("#status").click()
    page.get_by_role("option", name="active").click()
    page.get_by_role("button", name="Create product").click()
    expect(page).to_have_url(re.compile(r"/products/[0-9a-f-]{36}$"))


def to_checkout(page: Page) -> Locator:
    """From the open cart drawer to the checkout page; its form."""
    page.locator("#cart").get_by_role("link", name="Check out").click()
    expect(page).to_have_url(re.compile(r"/s/[a-z0-9-]+/checkout$"))
    return page.locator("#checkout")


REGIONS = {"US": "Oregon", "GB": "England"}


def fill_address(form: Locator, email: str, name: str, country: str = "US") -> None:
    """The buyer's contact and address; the country's states or provinces appear once the
    country is chosen."""
    form.get_by_label("Country", exact=True).select_option(country)
    form.get_by_label("State / province").select_option(label=REGIONS[country])
    for label, value in (
        ("E-mail", email),
        ("Full name", name),
        ("Address", "2 Wick Lane"),
        ("City", "Portland"),
        ("Postal code", "97201"),
    ):
        form.get_by_label(label, exact=True).fill(value)


def buy(page: Page, shop: str, title: str, email: str, name: str) -> None:
    """A buyer puts one ``title`` in the cart at ``shop`` and pays with 4242…"""
    page.goto(shop)
    page.get_by_role("button", name=f"Add {title} to cart").click()
    form = to_checkout(page)
    fill_address(form, email, name)
    form.get_by_label("Test card number").fill("4242424242424242")
    form.get_by_role("button", name="Pay").click()
    expect(page.locator("#order-confirmation")).to_be_visible()


def test_a_buyer_finds_a_product_and_pays_with_a_test_card(page: Page) -> None:
    new_store(page, "seller@example.com", "Ember Candles")
    add_product(page, "Amber soy candle", "24", "3")

    page.goto("/s/ember-candles")
    expect(page.get_by_text("Test mode: no real money is taken.")).to_be_visible()
    expect(page).to_have_title("Ember Candles")
    page.get_by_label("Search products").fill("amber")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Add Amber soy candle to cart").click()
    expect(page.locator("#cart-total")).to_contain_text("$24.00")
    page.keyboard.press("Escape")  # the drawer closes; the sticky cart button reopens it
    page.get_by_role("button", name="Cart 1 items").click()

    form = to_checkout(page)
    fill_address(form, "buyer@example.com", "Ada Buyer")
    form.get_by_label("Test card number").fill("4000 0000 0000 0002")
    form.get_by_role("button", name="Pay").click()
    expect(page.locator("#card-error")).to_have_text("Your card was declined.")

    form.get_by_label("Test card number").fill("4242 4242 4242 4242")
    form.get_by_role("button", name="Pay").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Order #\d+ confirmed$"))).to_be_visible()
    expect(page.locator("#order-total")).to_contain_text("$28.99")
    page.get_by_role("link", name="Continue shopping").click()
    expect(page.get_by_text("Only 2 left")).to_be_visible()
    page.goto("/orders")  # the seller, in the same browser
    row = page.locator("tr[data-order]").first
    expect(row).to_contain_text("Ada Buyer")
    expect(row.locator(".order-status")).to_have_text("Paid")

    other = page.context.new_page()  # a second sale while the Orders page is open
    buy(other, "/s/ember-candles", "Amber soy candle", "second@example.com", "Bo Second")
    expect(page.locator("tr[data-order]", has_text="Bo Second")).to_be_visible()  # live

    row.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/orders/\d+$"))
    ours = page.locator(".order-group[data-group=warehouse]")
    ours.get_by_label("Tracking").fill("1Z999AA1")
    ours.get_by_role("button", name="Mark as shipped").click()
    expect(page.locator("#order-fulfilment-status")).to_have_text("Fulfilled")
    page.locator("#order-payment").get_by_role("button", name="Refund").click()
    refund = page.get_by_role("dialog")
    refund.get_by_label("Amount").fill("10")
    refund.get_by_label("Reason").fill("Late delivery")
    refund.get_by_role("button", name="Refund").click()
    expect(page.locator("#order-refunded")).to_have_text("$10.00")
    steps = page.locator("#order-timeline .order-step")
    expect(steps.first).to_contain_text("Refunded $10.00")
    page.get_by_role("button", name="Mark delivered").click()
    expect(page.locator("#order-fulfilment-status")).to_have_text("Delivered")
    expect(steps.filter(has_text="Review request started")).to_be_visible()
    mails = page.locator(".order-mail")
    # confirmation (sent by the worker, in its own time), shipped, refunded, review request
    expect(mails).to_have_count(4, timeout=20_000)
    expect(mails.filter(has_text="is on its way")).to_contain_text("outbox")
    expect(steps.filter(has_text="Pick list: 1 × Amber soy candle")).to_be_visible()

    confirmation = (
        mails.filter(has_text="Thank you for your order").locator("pre").text_content() or ""
    )
    link = re.search(r"Follow your order here: (\S+)", confirmation)
    assert link, confirmation
    other.goto(link[1])  # the buyer follows the link in their e-mail
    expect(other.locator("#buyer-order-status")).to_have_text("Delivered")
    expect(other).to_have_title(re.compile(r"^Order #\d+ · Ember Candles$"))
    expect(other.locator("#shop-header")).to_contain_text("Ember Candles")  # the shop's frame
    expect(other.locator("#shop-footer")).to_be_visible()
    steps = other.locator("#buyer-order-steps")
    expect(steps.locator("li").first).to_contain_text(re.compile(r"^[A-Z][a-z]{2} \d{1,2}, 20\d\d"))
    expect(steps).to_contain_text("(tracking 1Z999AA1).")
    expect(steps).to_contain_text("Refunded $10.00")
    expect(steps).not_to_contain_text("Pick list")  # the store's workings stay inside

    rate = other.get_by_role("form", name="Review of Amber soy candle")
    rate.get_by_role("button", name="Send review").click()
    expect(rate.get_by_role("alert")).to_have_text("choose a rating from 1 to 5 stars")
    rate.get_by_label("4 stars").check()
    rate.get_by_label("What did you think?").fill("Smells like a forest after rain.")
    rate.get_by_role("button", name="Send review").click()
    thanked = other.locator(".buyer-review", has_text="Amber soy candle")
    expect(thanked).to_contain_text("Thank you for your review.")
    expect(thanked.get_by_role("img", name="4 out of 5 stars")).to_be_visible()
    expect(page.locator("#order-timeline .order-step").first).to_contain_text(
        "The buyer rated Amber soy candle 4/5."
    )  # live, on the seller's open order

    page.get_by_role("link", name="E-mails").first.click()  # every order's e-mails together
    listed = page.locator("#emails .order-mail")
    expect(listed).to_have_count(5)  # two confirmations, shipped, refunded, review request
    expect(listed.filter(has_text="review request")).to_contain_text("order #1003")
    page.get_by_label("Show").select_option("sent")
    expect(page.get_by_text("No e-mails here yet")).to_be_visible()  # no SMTP server set
    other.goto(link[1][:-4] + "abcd")
    expect(other.get_by_role("alert")).to_contain_text("This link is not valid.")


def test_a_buyer_picks_a_variant_and_the_open_dashboard_counts_the_sale(page: Page) -> None:
    new_store(page, "tees@example.com", "Linen Tees")
    add_product(page, "Linen tee", "22", "0")
    for n, (options, price, stock) in enumerate(
        (("Size: S", "20", "2"), ("Size: L", "24.50", "0"))
    ):
        page.get_by_role("button", name="Add variant").click()
        page.get_by_label("Options, e.g. Size: M, Colour: Red").nth(n).fill(options)
        page.get_by_label("Variant price").nth(n).fill(price)
        page.get_by_label("Variant stock").nth(n).fill(stock)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.get_by_role("link", name="Templates").first.click()
    page.get_by_role("button", name="Apply Scale").click()
    expect(page.get_by_text("Template: Scale")).to_be_visible()
    orders_card = page.locator('[data-block="orders"] .metric-value')
    conversion_card = page.locator('[data-block="conversion"] .metric-value')
    expect(orders_card).to_have_text("0")
    expect(conversion_card).to_have_text("—")  # nobody has visited the shop yet

    buyer = page.context.new_page()
    buyer.goto("/s/linen-tees")
    expect(buyer.get_by_text("From $20.00")).to_be_visible()
    buyer.get_by_role("link", name="Choose size").click()
    expect(buyer.get_by_role("heading", name="Linen tee", exact=True)).to_be_visible()
    expect(buyer.get_by_label("L — $24.50 · Sold out")).to_be_disabled()
    small = buyer.get_by_label("S — $20.00 · Only 2 left")
    expect(small).to_be_checked()
    buyer.get_by_role("button", name="Add to cart").click()
    cart = buyer.locator("#cart")
    expect(cart.locator(".cart-line")).to_contain_text("Linen tee (S)")
    expect(cart.get_by_role("status", name="Quantity of Linen tee (S): 1")).to_be_visible()
    expect(buyer.locator("#cart-total")).to_contain_text("$20.00")
    form = to_checkout(buyer)
    fill_address(form, "tee-buyer@example.com", "Tess Buyer", country="GB")
    form.get_by_label("Test card number").fill("4242424242424242")
    form.get_by_role("button", name="Pay").click()
    expect(buyer.locator("#order-total")).to_contain_text("$24.99")

    # The owner's dashboard, open all along, counts the order and the conversion live.
    expect(orders_card).to_have_text("1")
    expect(conversion_card).to_have_text("100.0%")  # one visitor, one order
