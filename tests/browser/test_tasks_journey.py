"""Tasks in the browser: run one from the Marketplace and watch it finish live; do a human task."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import screenshot
from tests.browser.test_account_and_store_journey import sign_up

pytestmark = pytest.mark.browser


def new_store(page: Page, email: str, name: str) -> None:
    sign_up(page, email)
    page.get_by_label("Store name").fill(name)
    page.get_by_role("button", name="Create store").click()
    expect(page.locator("#store-name")).to_have_text(name)


def open_task_type(page: Page, search: str, title: str) -> None:
    page.goto("/marketplace")
    page.get_by_label("Search tasks").fill(search)
    page.get_by_role("button", name="Search", exact=True).click()
    page.get_by_role("button", name=f"Run {title}").click()


def test_a_marketplace_task_completes_live_on_an_open_tasks_page(
    page: Page, browser: Browser
) -> None:
    new_store(page, "live@example.com", "Live Candles")
    page.goto("/tasks")
    expect(page.get_by_text("No tasks here yet")).to_be_visible()
    other = page.context.new_page()  # the same seller, in a second tab

    open_task_type(other, "sentiment", "Analyse review sentiment")
    other.get_by_label("Text *").fill("Absolutely love it, the scent is amazing")
    other.get_by_label("Rating").fill("9")
    other.get_by_role("button", name="Run task").click()
    expect(other.get_by_text("9 is greater than the maximum of 5")).to_be_visible()
    other.get_by_label("Rating").fill("5")
    other.get_by_role("button", name="Run task").click()
    expect(other).to_have_url(re.compile(r"/tasks/?$"))

    row = page.locator("tr", has_text="Analyse review sentiment")
    expect(row.locator(".task-status")).to_have_text("Done", timeout=15_000)
    expect(page.locator("#tasks-list")).not_to_contain_text("customer.analyze_review_sentiment")
    row.get_by_role("link").click()
    result = page.locator("#task-result")
    expect(result).to_contain_text("positive")  # a report in words, the JSON behind Details
    expect(result).not_to_contain_text('"label"')
    expect(page.get_by_text('"label": "positive"')).not_to_be_visible()
    expect(page.get_by_text("Credits: 99.00")).to_be_visible()
    screenshot(page, "tasks-live")


def test_a_person_completes_a_task_through_the_inbox_form(page: Page, browser: Browser) -> None:
    new_store(page, "needs-help@example.com", "Sample Shop")
    open_task_type(page, "inspect", "Inspect a supplier sample")
    page.get_by_label("Supplier name *").fill("Wick & Co")
    page.get_by_label("Product description *").fill("Soy wax candle, 200 g, cotton wick")
    page.get_by_role("button", name="Run task").click()
    expect(page.locator(".task-status").first).to_have_text("Queued")

    worker = browser.new_context(base_url=page.url.split("/tasks")[0]).new_page()
    sign_up(worker, "inspector@example.com", name="Ines Inspector")
    expect(worker).to_have_url(re.compile(r"/stores/?$"))
    worker.goto("/workers")
    worker.get_by_label("Display name").fill("Ines")
    worker.get_by_role("checkbox", name="operations").click()
    worker.get_by_role("button", name="Register").click()
    claim = worker.get_by_role("button", name="Claim operations.inspect_sample")
    expect(worker.get_by_text("Ines").first).to_be_visible()
    expect(claim).to_have_count(0)  # the store has not admitted her: its task stays private

    page.goto("/settings/members")
    page.get_by_role("button", name="Admit Ines").click()
    expect(page.get_by_role("button", name="Dismiss Ines")).to_be_visible()
    page.goto("/tasks")
    worker.goto("/workers")
    claim.click()
    expect(worker.get_by_text("Wick & Co")).to_be_visible()

    worker.get_by_label("Overall rating *").fill("7")
    worker.get_by_role("button", name="Submit output").click()
    expect(worker.get_by_text("7 is greater than the maximum of 5")).to_be_visible()
    expect(worker.get_by_text("The output was not accepted")).to_be_visible()

    worker.get_by_role("button", name="Remove last").nth(1).click()  # no defects
    expect(worker.get_by_text("Defects #1")).to_have_count(0)
    worker.get_by_label("Passed *").select_option("true")
    worker.get_by_label("Overall rating *").fill("4")
    worker.get_by_label("Item *").fill("Wick centred")
    worker.get_by_label("Result *").select_option("pass")
    worker.get_by_label("Notes *").fill("Straight and trimmed")
    worker.get_by_label("Photos taken *").fill("3")
    worker.get_by_label("Recommendation *").select_option("approve_supplier")
    worker.get_by_label("Summary *").fill("Good sample, clean burn.")
    worker.get_by_role("button", name="Submit output").click()
    expect(worker.get_by_text("Submitted. Thank you!")).to_be_visible()
    screenshot(worker, "inbox-submitted")

    expect(page.locator(".task-status").first).to_have_text("Done", timeout=15_000)
    worker.goto("/workers")
    expect(worker.locator("tr", has_text="Ines")).to_contain_text("0/3")
    expect(worker.locator("tr", has_text="Ines")).to_contain_text("24.00")  # 80% of 30


def test_the_owner_buys_credits_and_a_task_over_the_budget_waits(page: Page) -> None:
    new_store(page, "budget@example.com", "Budget Shop")
    page.goto("/settings/plan")
    expect(page.locator("#payments-test-mode")).to_have_text("Test mode")
    expect(page.get_by_text("No credits bought yet.")).to_be_visible()
    credits, card = page.get_by_label("Credits", exact=True), page.get_by_label("Card number")
    credits.fill("12.345")
    card.fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Buy credits").click()
    expect(page.locator("#credits-error")).to_have_text("must have at most two decimal places")
    credits.fill("25")
    expect(page.locator("#credit-price")).to_have_text("Price: $2.50")
    card.fill("4000 0000 0000 0002")
    card.press("Enter")  # the form is submitted from the keyboard
    expect(page.locator("#payment_method-error")).to_have_text("Your card was declined.")
    expect(page.locator("#credit-balance")).to_have_text("100.00")
    card.fill("4242 4242 4242 4242")
    card.press("Enter")
    expect(page.get_by_text("Bought 25.00 credits for $2.50.")).to_be_visible()
    expect(page.locator("#credit-balance")).to_have_text("125.00")
    expect(credits).to_have_value("")
    purchases = page.locator("#credit-purchases")
    expect(purchases.locator("tr", has_text="failed")).to_contain_text("Your card was declined.")
    expect(purchases.locator("tr", has_text="paid")).to_contain_text("$2.50")
    screenshot(page, "credits-bought")
    page.get_by_label("Daily task budget").fill("0.50")
    page.get_by_role("button", name="Save budget").click()
    expect(page.get_by_text("Daily task budget saved.")).to_be_visible()

    open_task_type(page, "sentiment", "Analyse review sentiment")
    page.get_by_label("Text *").fill("Nice soap")
    page.get_by_role("button", name="Run task").click()
    row = page.locator("tr", has_text="Analyse review sentiment")
    expect(row.locator(".task-status")).to_have_text("Waiting to start")
    row.get_by_role("link").click()
    expect(page.locator("#task-reason")).to_contain_text("Waits for tomorrow's budget")


def test_the_owner_saves_an_ai_key_and_sees_it_only_masked(page: Page) -> None:
    new_store(page, "keys@example.com", "Key Shop")
    page.goto("/settings/ai")
    expect(page.get_by_text("No AI usage yet.")).to_be_visible()

    page.get_by_label("API key").fill("short")
    page.get_by_role("button", name="Save key").click()
    expect(page.get_by_text("must be the provider's API key")).to_be_visible()
    page.get_by_label("API key").fill("sk-proj-browser-test-key-0123456789-LAST")
    page.get_by_role("button", name="Save key").click()

    expect(page.get_by_text("••••LAST")).to_be_visible()
    assert "sk-proj-browser-test-key" not in page.content()
    page.reload()
    expect(page.get_by_text("••••LAST")).to_be_visible()
    assert "sk-proj-browser-test-key" not in page.content()
