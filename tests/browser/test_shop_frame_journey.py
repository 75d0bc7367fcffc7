"""The shop looks like its brand on every page: buttons in the brand's colour, the shop's
name in each tab's title, a footer; a buyer's order page sits in the same frame."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.test_stripe_checkout_journey import PHONE
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser
IRIS_9 = "rgb(91, 91, 214)"  # BizQ's own accent: the shop's buttons must not keep it
ANSWERS = {
    "businessName": "Tide Pottery",
    "niche": "ceramic mugs",
    "targetAudience": "coffee lovers",
    "startingBudget": "300",
    "experience": "beginner",
}


@pytest.fixture
def phone(browser: Browser, app_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=app_url, viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def branded_shop(url: str) -> tuple[str, str, str]:
    """A store made by quick setup (its brand has its own colours), one of its drafts put
    on sale; the shop's address, its brand's name and the product's title."""
    auth = {"Authorization": "Bearer " + _signed_up(url, "tide@example.com")}
    started = httpx.post(f"{url}/api/stores/quick-setup", headers=auth, json=ANSWERS)
    assert started.status_code == 201, started.text
    store = started.json()["store"]
    progress: dict[str, Any] = {}
    deadline = time.monotonic() + 60
    while not progress.get("ready") and time.monotonic() < deadline:
        time.sleep(0.5)
        progress = httpx.get(f"{url}/api/stores/{store['id']}/setup", headers=auth).json()
    assert progress.get("ready"), progress
    drafts = httpx.get(
        f"{url}/api/products", params={"store_id": store["id"]}, headers=auth
    ).json()["items"]
    chosen = drafts[0]
    put = httpx.put(f"{url}/api/products/{chosen['id']}", headers=auth, json={"status": "active"})
    assert put.status_code == 200, put.text
    return store["slug"], str(progress["brand"]["name"]), chosen["title"]


def _signed_up(url: str, email: str) -> str:
    answer = httpx.post(f"{url}/api/auth/signup", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 201, answer.text
    return str(answer.json()["access_token"])


def background(page: Page, selector: str) -> str:
    return str(page.locator(selector).first.evaluate("e => getComputedStyle(e).backgroundColor"))


def test_the_shop_wears_its_brand_on_every_page(phone: Page, app_url: str) -> None:
    slug, brand, title = branded_shop(app_url)

    phone.goto(f"/s/{slug}")
    add = phone.get_by_role("button", name=f"Add {title} to cart")
    expect(add).to_be_visible()
    expect(phone).to_have_title(brand)
    header = background(phone, "#shop-header")
    assert header != IRIS_9
    add_colour = str(add.evaluate("e => getComputedStyle(e).backgroundColor"))
    assert add_colour == header  # the shop's colour, not BizQ's
    footer = phone.locator("#shop-footer")
    expect(footer).to_contain_text(brand)
    expect(footer).to_contain_text("Prices in USD")

    phone.get_by_role("link", name=title).first.click()
    expect(phone).to_have_title(f"{title} · {brand}")
    phone.get_by_role("button", name="Add to cart").click()
    checkout = phone.locator("#cart").get_by_role("link", name="Check out")
    checkout_colour = str(
        checkout.get_by_role("button").evaluate("e => getComputedStyle(e).backgroundColor")
    )
    assert checkout_colour == header  # in the cart drawer too
    checkout.click()
    expect(phone).to_have_title(f"Checkout · {brand}")
    expect(phone.locator("#shop-footer")).to_be_visible()
