"""A buyer on a phone pays on Stripe's page (the local Stripe stand-in): the card number
is typed there and never reaches BizQ — not in a request to BizQ, not over its
WebSocket, not in its log — and the order is paid once. A second buyer leaves the
payment page and the item goes back on sale."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import httpx
import pytest
from playwright.sync_api import Browser, Page, Request, WebSocket, expect

from tests.browser.conftest import StripeShop
from tests.browser.test_storefront_journey import fill_address, to_checkout
from tests.browser.test_tasks_journey import new_store
from tests.factories import PASSWORD
from tests.standins.stripe_server import StripeStandIn

pytestmark = pytest.mark.browser

CARD = "4242 4242 4242 4242"
DECLINED = "4000 0000 0000 0002"
PHONE = {"width": 390, "height": 844}


def _digits(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


class Wire:
    """Everything the phone sent to BizQ: request bodies and WebSocket frames."""

    def __init__(self, page: Page, origin: str) -> None:
        self.origin, self.sent = origin, []  # type: ignore[var-annotated]
        page.on("request", self._request)
        page.on("websocket", self._socket)

    def _request(self, request: Request) -> None:
        if request.url.startswith(self.origin):
            self.sent.append(f"{request.url} {request.post_data or ''}")

    def _socket(self, socket: WebSocket) -> None:
        if socket.url.replace("ws://", "http://").startswith(self.origin):
            socket.on("framesent", lambda frame: self.sent.append(str(frame)))

    def carried(self, card: str) -> bool:
        return any(_digits(card) in _digits(text) for text in self.sent)


@pytest.fixture
def phone(browser: Browser, stripe_shop: StripeShop) -> Iterator[Page]:
    context = browser.new_context(
        base_url=stripe_shop.url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def seller_shop(url: str, name: str, stock: int) -> tuple[str, dict[str, str], str, str]:
    """A seller's store with one active product, set up through the REST API."""
    email = f"{name.lower().replace(' ', '-')}@example.com"
    signed_up = httpx.post(
        f"{url}/api/auth/signup", json={"email": email, "password": PASSWORD, "full_name": name}
    )
    assert signed_up.status_code == 201, signed_up.text
    token = signed_up.json()["access_token"]
    auth = {"Authorization": f"Bearer {token}"}
    created = httpx.post(f"{url}/api/stores", json={"name": name}, headers=auth)
    assert created.status_code == 201, created.text
    store = created.json()
    product = httpx.post(
        f"{url}/api/products",
        headers=auth,
        json={
            "store_id": store["id"],
            "title": "Walnut bowl",
            "price": "40.00",
            "cost": "12.00",
            "inventory_quantity": stock,
            "status": "active",
        },
    ).json()
    return store["slug"], auth, store["id"], product["id"]


def _delivered(stripe: StripeStandIn, kinds: set[str], within: float = 15) -> bool:
    """Whether Stripe's webhook deliveries of ``kinds`` were all accepted (they go out a
    moment after the payment, as Stripe's do)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if kinds <= {kind for kind, status in stripe.deliveries if status == 200}:
            return True
        time.sleep(0.2)
    return False


def _stock(url: str, auth: dict[str, str], product_id: str) -> int:
    answer = httpx.get(f"{url}/api/products/{product_id}", headers=auth).json()
    return int(answer["inventory_quantity"])


def test_a_phone_buyer_pays_on_stripes_page_and_no_card_number_reaches_bizq(
    phone: Page, stripe_shop: StripeShop
) -> None:
    url, stripe = stripe_shop.url, stripe_shop.stripe
    slug, auth, store_id, product_id = seller_shop(url, "Oak Turners", stock=2)
    wire = Wire(phone, url)

    phone.goto(f"/s/{slug}")
    expect(phone.get_by_text("Test mode: no real money is taken.")).to_be_visible()
    phone.get_by_role("button", name="Add Walnut bowl to cart").click()
    form = to_checkout(phone)
    expect(form.get_by_label("Test card number")).to_have_count(0)  # no card field here
    fill_address(form, "ada@example.com", "Ada Buyer")
    pay = form.get_by_role("button", name="Pay $44.99")  # $40.00 and $4.99 shipping
    expect(phone.locator(".order-summary-phone")).to_contain_text("Show order summary · $44.99")
    pay.click()

    expect(phone).to_have_url(re.compile(rf"^{re.escape(stripe.url)}/pay/cs_test_"))
    page_id = phone.url.rsplit("/", 1)[1]
    assert (stripe.sessions[page_id]["amount_total"], stripe.sessions[page_id]["currency"]) == (
        4499,
        "usd",
    )  # Stripe is asked for the total the button showed
    phone.get_by_label("Card number").fill(DECLINED)
    phone.get_by_role("button", name="Pay").click()
    expect(phone.locator("#card-error")).to_have_text("Your card was declined.")
    phone.get_by_label("Card number").fill(CARD)
    phone.get_by_role("button", name="Pay").click()

    expect(phone).to_have_url(re.compile(rf"^{re.escape(url)}/s/{slug}/order\?"))
    # paid, and then handed to fulfilment by the order pipeline
    expect(phone.locator("#buyer-order-status")).to_have_text(
        re.compile("Confirmed|Being prepared")
    )
    expect(phone.get_by_text("Total paid: $44.99")).to_be_visible()
    _delivered(stripe, {"checkout.session.completed", "payment_intent.succeeded"})
    orders = httpx.get(f"{url}/api/orders", params={"store_id": store_id}, headers=auth)
    order = orders.json()["items"][0]
    charged = [s for s in order["timeline"] if s["step"] == "charged"]
    assert len(charged) == 1  # the return and Stripe's webhook: paid once
    assert _delivered(stripe, {"checkout.session.completed", "payment_intent.succeeded"})
    assert _stock(url, auth, product_id) == 1
    assert {p["card"] for p in stripe.page_posts} == {DECLINED, CARD}  # typed at Stripe's
    assert wire.sent and not wire.carried(CARD) and not wire.carried(DECLINED)
    log = stripe_shop.log.read_text(errors="replace")
    assert _digits(CARD) not in _digits(log) and _digits(DECLINED) not in _digits(log)


def test_a_buyer_who_leaves_stripes_page_gets_the_item_back_on_sale(
    phone: Page, stripe_shop: StripeShop
) -> None:
    url, stripe = stripe_shop.url, stripe_shop.stripe
    slug, auth, _, product_id = seller_shop(url, "Elm Carvers", stock=1)

    phone.goto(f"/s/{slug}")
    phone.get_by_role("button", name="Add Walnut bowl to cart").click()
    form = to_checkout(phone)
    fill_address(form, "bo@example.com", "Bo Buyer")
    form.get_by_role("button", name="Pay $44.99").click()
    expect(phone).to_have_url(re.compile(rf"^{re.escape(stripe.url)}/pay/"))
    held = _stock(url, auth, product_id)
    phone.get_by_role("link", name="Back").click()

    expect(phone.locator("#payment-expired")).to_be_visible()
    expect(phone.locator("#buyer-order-status")).to_have_text("Cancelled")
    assert held == 0
    assert _stock(url, auth, product_id) == 1
    phone.get_by_role("link", name="Elm Carvers").click()
    expect(phone.get_by_role("button", name="Add Walnut bowl to cart")).to_be_enabled()


def test_an_owner_buys_credits_on_stripes_page_and_is_credited_once(
    phone: Page, stripe_shop: StripeShop
) -> None:
    url, stripe = stripe_shop.url, stripe_shop.stripe
    new_store(phone, "credits-owner@example.com", "Ash Credits")
    wire = Wire(phone, url)
    phone.goto("/settings/plan")
    expect(phone.get_by_label("Card number")).to_have_count(0)  # Stripe takes the card
    phone.get_by_label("Credits", exact=True).fill("250")
    expect(phone.locator("#credit-price")).to_have_text("Price: $25.00")
    phone.get_by_role("button", name="Continue to payment").click()

    expect(phone).to_have_url(re.compile(rf"^{re.escape(stripe.url)}/pay/cs_test_"))
    phone.get_by_label("Card number").fill(CARD)
    phone.get_by_role("button", name="Pay").click()

    expect(phone).to_have_url(re.compile(rf"^{re.escape(url)}/settings/plan/?\?purchase="))
    expect(phone.locator("#credit-balance")).to_have_text("350.00")
    expect(phone.locator("#credit-purchases").locator("tr", has_text="paid")).to_contain_text(
        "$25.00"
    )
    phone.reload()  # the webhook and a second visit of the return address credit nothing more
    expect(phone.locator("#credit-balance")).to_have_text("350.00")
    assert not wire.carried(CARD)
