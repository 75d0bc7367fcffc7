"""The buyer's pages on a phone pass axe-core with no serious or critical violation —
the shop, a product, the cart drawer, checkout (also with its errors showing) and the
order page — and checkout can be done with the keyboard alone."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_stripe_checkout_journey import PHONE, seller_shop

pytestmark = pytest.mark.browser
SERIOUS = ("serious", "critical")
# The page's cumulative layout shift so far (the browser's own layout-shift entries; -1
# where the browser does not report them, so the check cannot pass by not measuring).
LAYOUT_SHIFT = """() => new Promise(resolve => {
  if (!PerformanceObserver.supportedEntryTypes.includes("layout-shift")) return resolve(-1);
  let total = 0;
  new PerformanceObserver(found => {
    for (const shift of found.getEntries()) if (!shift.hadRecentInput) total += shift.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 300);
})"""


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now, readable."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + ", ".join(str(n["target"]) for n in v["nodes"][:4])
        for v in results.response["violations"]
        if v.get("impact") in SERIOUS
    ]


@pytest.fixture
def phone(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=app_url, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def _status_link(url: str, auth: dict[str, str], store_id: str) -> str:
    """The order page's link, from the confirmation e-mail in the store's outbox."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        sent: list[dict[str, Any]] = httpx.get(
            f"{url}/api/notifications", params={"store_id": store_id}, headers=auth
        ).json()["items"]
        for mail in sent:
            found = re.search(r"https?://\S+/order\?t=\S+", mail["body"])
            if found:
                return found.group(0)
        time.sleep(0.5)
    raise AssertionError("no order confirmation e-mail with the order's link")


def test_every_page_a_buyer_sees_passes_axe_on_a_phone(phone: Page, app_url: str) -> None:
    slug, auth, store_id, product_id = seller_shop(app_url, "Axe Potters", stock=3)
    found: dict[str, list[str]] = {}

    phone.goto(f"/s/{slug}")
    expect(phone.get_by_role("button", name="Add Walnut bowl to cart")).to_be_visible()
    found["shop"] = serious_violations(phone)
    phone.get_by_role("link", name="Walnut bowl").click()
    expect(phone.get_by_role("heading", name="Walnut bowl", level=1)).to_be_visible()
    found["product"] = serious_violations(phone)
    phone.get_by_role("button", name="Add to cart").click()
    expect(phone.locator("#cart-total")).to_contain_text("$40.00")
    found["cart drawer"] = serious_violations(phone)
    phone.locator("#cart").get_by_role("link", name="Check out").click()
    form = phone.locator("#checkout")
    form.get_by_role("button", name="Pay").click()  # everything left empty
    expect(form.locator("#email-error")).to_be_visible()
    found["checkout, with errors"] = serious_violations(phone)
    form.get_by_label("Country", exact=True).select_option("GB")
    form.get_by_label("State / province").select_option(label="England")
    for label, value in (
        ("E-mail", "ada@example.com"),
        ("Full name", "Ada Buyer"),
        ("Address", "1 Clay Lane"),
        ("City", "Stoke"),
        ("Postal code", "ST1 1AA"),
        ("Test card number", "4242 4242 4242 4242"),
    ):
        form.get_by_label(label, exact=True).fill(value)
    form.get_by_role("button", name="Pay").click()
    expect(phone.locator("#order-confirmation")).to_contain_text("Your payment went through.")
    found["checkout, paid"] = serious_violations(phone)
    phone.goto(_status_link(app_url, auth, store_id))
    expect(phone.locator("#buyer-order-status")).to_be_visible()
    found["order page"] = serious_violations(phone)

    assert {page: v for page, v in found.items() if v} == {}


def test_a_buyer_checks_out_with_the_keyboard_alone(phone: Page, app_url: str) -> None:
    slug, *_ = seller_shop(app_url, "Key Weavers", stock=3)
    phone.goto(f"/s/{slug}")
    add = phone.get_by_role("button", name="Add Walnut bowl to cart")
    add.focus()
    phone.keyboard.press("Enter")
    checkout = phone.locator("#cart").get_by_role("link", name="Check out")
    expect(checkout).to_be_visible()
    checkout.focus()
    phone.keyboard.press("Enter")
    expect(phone).to_have_url(re.compile(r"/checkout$"))

    form = phone.locator("#checkout")
    form.get_by_label("E-mail").focus()
    phone.keyboard.type("kim@example.com")
    phone.keyboard.press("Tab")  # to the country: a select typed into picks by name
    expect(form.get_by_label("Country", exact=True)).to_be_focused()
    phone.keyboard.type("United Kingdom")
    expect(form.get_by_label("State / province")).to_contain_text("Scotland")
    for value in ("Kim Buyer", "4 Loom Row", "", "Leeds", "England", "LS1 4AB"):
        phone.keyboard.press("Tab")
        phone.keyboard.type(value)
    phone.keyboard.press("Tab")
    standard = phone.get_by_role("radio", name="Standard shipping, $4.99")
    expect(standard).to_be_focused()
    phone.keyboard.press("ArrowDown")  # to the other shipping choice, taken with Space
    express = phone.get_by_role("radio", name="Express shipping, $12.99")
    expect(express).to_be_focused()
    phone.keyboard.press("Space")
    expect(express).to_be_checked()
    expect(form.get_by_role("button", name="Pay $52.99")).to_be_visible()
    phone.keyboard.press("Tab")
    phone.keyboard.type("4242 4242 4242 4242")
    phone.keyboard.press("Enter")

    expect(phone.locator("#order-total")).to_contain_text("$52.99")
    expect(phone.locator("#order-address")).to_contain_text(
        "Leeds LS1 4AB, England, United Kingdom"
    )


def test_the_shop_shows_from_its_first_html_and_the_live_page_takes_over_cleanly(
    browser: Browser, phone: Page, app_url: str
) -> None:
    slug, _, _, product_id = seller_shop(app_url, "First Paint Potters", stock=3)
    still = browser.new_context(base_url=app_url, viewport=PHONE, java_script_enabled=False)
    before_scripts = still.new_page()
    problems: list[str] = []
    phone.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    phone.on("pageerror", lambda error: problems.append(str(error)))

    before_scripts.goto(f"/s/{slug}/p/{product_id}")
    drawn = before_scripts.get_by_role("heading", name="Walnut bowl", level=1).is_visible()
    before_scripts.goto(f"/s/{slug}")
    listed = before_scripts.get_by_role("link", name="Walnut bowl").is_visible()
    still.close()
    phone.goto(f"/s/{slug}/p/{product_id}")
    expect(phone.get_by_role("button", name="Add to cart")).to_be_visible()
    expect(phone.locator("#first-paint")).to_have_count(0)
    product_shifted = float(phone.evaluate(LAYOUT_SHIFT))
    phone.goto(f"/s/{slug}")
    expect(phone.get_by_role("button", name="Add Walnut bowl to cart")).to_be_visible()
    expect(phone.locator("#first-paint")).to_have_count(0)
    shifted = float(phone.evaluate(LAYOUT_SHIFT))

    assert drawn and listed  # the product and the grid, before any script has run
    assert (product_shifted, shifted) == (0, 0)  # cumulative layout shift: nothing moves
    assert problems == []  # React hydrates past the snapshot: no mismatch, no error
