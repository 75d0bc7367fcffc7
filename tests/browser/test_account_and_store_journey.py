"""A seller signs up, creates a store, renames it, logs out and back in."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser
PASSWORD = "candles-and-soap-7"


def sign_up(page: Page, email: str, name: str = "Maya Seller") -> None:
    page.goto("/signup")
    page.get_by_label("Your name").fill(name)
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()


def log_in(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_sign_up_create_rename_log_out_log_in(page: Page) -> None:
    sign_up(page, "maya@example.com")
    expect(page).to_have_url(re.compile(r"/stores/?$"))
    expect(page.get_by_text("No stores yet")).to_be_visible()

    page.get_by_label("Store name").fill("Calm Corner Candles")
    page.get_by_role("button", name="Create store").click()
    expect(page).to_have_url(re.compile(r":\d+/$"))
    expect(page.locator("#store-name")).to_have_text("Calm Corner Candles")
    expect(page.get_by_text("calm-corner-candles").first).to_be_visible()

    page.get_by_role("link", name="Settings").first.click()
    page.locator("#settings-sections").get_by_role("link", name="General", exact=True).click()
    name_field = page.get_by_label("Store name")
    expect(name_field).to_have_value("Calm Corner Candles")
    name_field.fill("Calm Corner Co")
    page.get_by_role("region", name="Unsaved changes").get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved: the store is now called “Calm Corner Co”.")).to_be_visible()

    page.reload()
    expect(page.get_by_label("Store name")).to_have_value("Calm Corner Co")

    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/?$"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login/?$"))

    log_in(page, "maya@example.com", "not-my-password-1")
    expect(page.get_by_text("The e-mail address or the password is wrong.")).to_be_visible()
    log_in(page, "maya@example.com", PASSWORD)
    expect(page.locator("#store-name")).to_have_text("Calm Corner Co")
    screenshot(page, "dashboard-after-login")


def test_sign_up_errors_are_shown_on_their_fields(page: Page) -> None:
    sign_up(page, "taken@example.com")
    expect(page).to_have_url(re.compile(r"/stores/?$"))
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login/?$"))

    sign_up(page, "taken@example.com")
    refused = page.get_by_role("alert").filter(has_text="We could not create an account")
    expect(refused).to_have_text(
        "We could not create an account with these details. "
        "If you already have an account, log in or reset your password."
    )

    page.get_by_label("E-mail").fill("fresh@example.com")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#password-error")).to_contain_text("at least 10 characters")
    expect(page).to_have_url(re.compile(r"/signup/?$"))


def test_a_bad_store_name_is_refused_and_nothing_is_created(page: Page) -> None:
    sign_up(page, "picky@example.com")
    expect(page.get_by_text("No stores yet")).to_be_visible()

    page.get_by_label("Store name").fill("x")
    page.get_by_label("Address (optional)").fill("Not A Slug")
    page.get_by_role("button", name="Create store").click()

    expect(page.locator("#slug-error")).to_contain_text("lower-case letters")
    expect(page.get_by_text("No stores yet")).to_be_visible()


def test_the_shell_works_at_phone_width(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_up(page, "phone@example.com")
    page.get_by_label("Store name").fill("Pocket Shop")
    page.get_by_role("button", name="Create store").click()
    expect(page.locator("#store-name")).to_have_text("Pocket Shop")

    page.get_by_role("button", name="Open navigation").click()
    page.get_by_role("menuitem", name="Orders").click()
    expect(page).to_have_url(re.compile(r"/orders/?$"))
    expect(page.get_by_text("No orders yet")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    screenshot(page, "orders-phone")


def test_the_embedded_default_runs_jobs_in_process(app_url: str) -> None:
    signed_up = httpx.post(
        f"{app_url}/api/auth/signup",
        json={"email": "health@example.com", "password": "health-check-1"},
        timeout=10,
    ).json()
    auth = {"Authorization": f"Bearer {signed_up['access_token']}"}
    httpx.post(f"{app_url}/api/stores", json={"name": "Health"}, headers=auth, timeout=10)
    health = httpx.get(
        f"{app_url}/api/health", params={"round_trip": "true"}, headers=auth, timeout=10
    ).json()

    assert health["ok"] is True
    assert health["database"]["backend"] == "sqlite"
    assert health["queue"]["backend"] == "embedded"
    assert health["queue"]["workers"] == 1
    assert health["queue"]["round_trip_ms"] > 0
