"""Settings in the browser: an index of sections, each its own page; General's name and
currency saved from the save bar that shows only while something changed."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect

from tests.browser.conftest import screenshot
from tests.browser.test_tasks_journey import new_store

pytestmark = pytest.mark.browser
VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1280, "height": 800},
    "phone": {"width": 390, "height": 844},
}
SECTIONS = {
    "General": "/settings/general",
    "Plan and credits": "/settings/plan",
    "AI": "/settings/ai",
    "E-mails": "/settings/emails",
    "Members": "/settings/members",
    "Sales channels": "/settings/channels",
    "Your account": "/settings/account",
}


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def seller(viewport: str, browser: Browser, app_url: str) -> Iterator[Page]:
    """A fresh browser at the ``viewport``'s size."""
    context = browser.new_context(base_url=app_url, viewport=VIEWPORTS[viewport])
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def save_bar(page: Page) -> Locator:
    return page.get_by_role("region", name="Unsaved changes")


def open_general(page: Page) -> None:
    page.goto("/settings")
    expect(page.get_by_role("heading", name="Settings", level=1)).to_be_visible()
    sections = page.locator("#settings-sections")
    expect(sections.get_by_role("link")).to_have_count(len(SECTIONS))
    for title, address in SECTIONS.items():
        link = sections.get_by_role("link", name=title, exact=True)
        expect(link).to_have_attribute("href", address)
    expect(page.get_by_text("Your credit balance, buying credits")).to_be_visible()
    sections.get_by_role("link", name="General", exact=True).click()
    expect(page).to_have_url(re.compile(r"/settings/general/?$"))
    expect(page).to_have_title("General · Settings · BizQ")
    expect(page.get_by_role("heading", name="General", level=1)).to_be_visible()


def test_general_saves_from_its_save_bar_and_discard_puts_the_saved_name_back(
    viewport: str, seller: Page
) -> None:
    page, shop = seller, f"Fern Paper {viewport}"
    new_store(page, f"general-{viewport}@example.com", shop)
    open_general(page)
    name = page.get_by_label("Store name")
    expect(name).to_have_value(shop)
    expect(save_bar(page)).to_have_count(0)  # nothing changed, nothing to save

    name.fill("Fern Paper and Ink")
    expect(save_bar(page)).to_contain_text("Unsaved changes")
    screenshot(page, f"settings-save-bar-{viewport}")
    save_bar(page).get_by_role("button", name="Discard").click()
    expect(name).to_have_value(shop)
    expect(save_bar(page)).to_have_count(0)

    name.fill("")
    save_bar(page).get_by_role("button", name="Save").click()
    expect(page.locator("#name-error")).to_have_text("is required")
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(save_bar(page)).to_be_visible()  # the change is still not saved
    page.reload()
    expect(name).to_have_value(shop)
    expect(save_bar(page)).to_have_count(0)

    name.fill("Fern Paper and Ink")
    save_bar(page).get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved: the store is now called “Fern Paper and Ink”.")).to_be_visible()
    expect(save_bar(page)).to_have_count(0)
    page.reload()
    expect(name).to_have_value("Fern Paper and Ink")
    picker = page.get_by_role("combobox", name="Current store").filter(visible=True)
    expect(picker).to_have_text("Fern Paper and Ink")

    page.locator("#settings-back").click()
    expect(page).to_have_url(re.compile(r"/settings/?$"))
    page.goto("/")
    expect(page.locator("#store-name")).to_have_text("Fern Paper and Ink")


def test_settings_stays_highlighted_in_the_navigation_on_its_sections(page: Page) -> None:
    new_store(page, "nav-settings@example.com", "Nav Candles")
    navigation = page.get_by_role("navigation", name="Main")
    for address in SECTIONS.values():
        page.goto(address)
        expect(page.locator("#settings-back")).to_be_visible()
        entry = navigation.get_by_role("link", name="Settings")
        expect(entry).to_have_attribute("aria-current", "true")
    page.goto("/settings")
    expect(navigation.get_by_role("link", name="Settings")).to_have_attribute(
        "aria-current", "page"
    )
