"""Every signed-in page, opened by a seller whose browser names another seller's store
(its id planted in the browser's storage, as a tampered client would) and records that
do not exist, while that other seller keeps changing their shop: each page shows the
visitor's own store, nothing of the other's, and the server logs no error."""

from __future__ import annotations

import re
import threading
import uuid

import httpx
import pytest
from playwright.sync_api import Page, expect

from bizq_app.ui import routes
from bizq_app.ui.pages import PAGES
from tests.browser.conftest import SERVER_LOGS
from tests.browser.test_account_and_store_journey import PASSWORD
from tests.browser.test_storefront_journey import add_product
from tests.browser.test_tasks_journey import new_store

pytestmark = pytest.mark.browser

PUBLIC = {routes.LOGIN, routes.SIGNUP, routes.FORGOT_PASSWORD, routes.RESET_PASSWORD}
SECRET = "Secret lavender candle"


def signed_in_pages(product_id: str) -> list[str]:
    """Each signed-in page's address; a product page for ``product_id``."""
    addresses = []
    for page in PAGES:
        if page.route in PUBLIC or page.route.startswith("/s/"):
            continue
        addresses.append(page.route.replace("[product_id]", product_id).replace("[number]", "1001"))
    return addresses


class Seller(threading.Thread):
    """The other seller, renaming their product over the API until told to stop."""

    def __init__(self, url: str, email: str, product_id: str) -> None:
        super().__init__(daemon=True)
        self.url, self.email, self.product_id = url, email, product_id
        self.stop, self.answers = threading.Event(), []

    def run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=30) as client:
            login = {"email": self.email, "password": PASSWORD}
            token = client.post("/api/auth/login", json=login).json()["access_token"]
            while not self.stop.is_set():
                changed = client.put(
                    f"/api/products/{self.product_id}",
                    json={"title": SECRET, "inventory_quantity": len(self.answers) % 9 + 1},
                    headers={"Authorization": f"Bearer {token}"},
                )
                self.answers.append(changed.status_code)


def test_a_tampered_store_id_opens_nothing_of_another_store(page: Page, app_url: str) -> None:
    new_store(page, "hidden-owner@example.com", "Hidden Candles")
    add_product(page, SECRET, "24", "5")
    product_id = page.url.rsplit("/", 1)[1]
    their_store = page.evaluate("() => localStorage.getItem('bizq_store')")
    visitor = page.context.browser.new_context(base_url=app_url)  # type: ignore[union-attr]
    nosy = visitor.new_page()
    new_store(nosy, "nosy@example.com", "Nosy Shop")
    seller = Seller(app_url, "hidden-owner@example.com", product_id)
    log = SERVER_LOGS[app_url]
    logged_before = log.stat().st_size
    seller.start()
    try:
        for address in [
            *signed_in_pages(product_id),
            f"/products/{uuid.uuid4()}",
            "/products/not-an-id",
            f"/orders?order={uuid.uuid4()}",
        ]:
            nosy.evaluate("id => localStorage.setItem('bizq_store', id)", their_store)
            nosy.goto(address)
            switcher = nosy.locator("[aria-label='Current store']:visible")
            expect(switcher).to_have_text("Nosy Shop")  # the page is the visitor's own store
            expect(nosy.locator("body")).not_to_contain_text("Hidden Candles")
            expect(nosy.locator("body")).not_to_contain_text(SECRET)
        nosy.goto(routes.DASHBOARD)
        expect(nosy.locator("#store-name")).to_have_text("Nosy Shop")
    finally:
        seller.stop.set()
        seller.join(timeout=30)
        visitor.close()

    logged = log.read_bytes()[logged_before:].decode(errors="replace")
    assert not re.search(r"Traceback|database is locked|NestedUnitOfWork", logged), logged[-3000:]
    assert seller.answers and set(seller.answers) == {200}
