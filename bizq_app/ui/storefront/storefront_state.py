"""A store's public storefront: browse, cart, checkout, confirmation (no account)."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

import reflex as rx

from bizq_app.accounts import stores
from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError, PaymentDeclined
from bizq_app.core.rate_limits import TooManyRequests
from bizq_app.core.settings import get_settings
from bizq_app.integrations.payments.registry import payment_provider
from bizq_app.inventory.stock import label as stock_label
from bizq_app.sales import addresses, checkout, order_pipeline, quotes
from bizq_app.sales.checkout import Placed
from bizq_app.storefront import storefront, storefront_events, storefront_product
from bizq_app.ui import off_loop
from bizq_app.ui.errors import error_message, form_errors
from bizq_app.ui.storefront import cart as carts


class StorefrontState(rx.State):
    """One buyer's visit: the shop, what they picked and their order."""

    slug: str = ""
    shop: dict[str, str] = {}
    products: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    order: dict[str, str] = {}  # the order just placed, as its thank-you page shows it
    order_lines: list[dict[str, str]] = []
    missing: bool = False
    test_mode: bool = True
    # Stripe's page takes the card (no card field here); else BizQ's test-card form.
    hosted: bool = False
    cart_open: bool = False
    attempt: str = ""  # the checkout's idempotency key: a double click pays once
    # A random id for this browser, so visits are counted once (no personal data).
    visitor: str = rx.LocalStorage("", name="bizq_visitor")
    # Every shop's cart in this browser, the same in all its tabs (``cart.py``).
    saved_carts: str = rx.LocalStorage("{}", name="bizq_cart", sync=True)
    # Checkout: where it goes and how, and what it costs (the sales domain's quote).
    country: str = ""
    region: str = ""
    regions: list[dict[str, str]] = []
    shipping_method: str = "standard"
    summary: dict[str, str] = {}
    summary_lines: list[dict[str, str]] = []
    shipping_choices: list[dict[str, str]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        off_loop.install(cls)  # plain handlers wait on a worker thread

    @rx.var
    def cart(self) -> list[dict[str, str]]:
        """This shop's cart lines, each with its unit price and line total as money."""
        lines = carts.carts(self.saved_carts).get(self.slug, [])
        return carts.shown(lines, self.shop.get("currency", ""))

    @rx.var
    def cart_total(self) -> str:
        lines = carts.carts(self.saved_carts).get(self.slug, [])
        return carts.money(carts.total(lines), self.shop.get("currency", ""))

    @rx.var
    def cart_count(self) -> int:
        return sum(carts.quantity(i) for i in carts.carts(self.saved_carts).get(self.slug, []))

    def _lines(self) -> list[dict[str, str]]:
        return carts.carts(self.saved_carts).get(self.slug, [])

    def _keep(self, lines: list[dict[str, str]]) -> None:
        """Store this shop's cart; an open checkout prices it again."""
        self.saved_carts = carts.saved(self.saved_carts, self.slug, lines)
        if self.summary or self.shipping_choices:
            self._requote()

    @rx.event
    def load(self) -> None:
        self.slug = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.order, self.errors, self.attempt = {}, {}, uuid.uuid4().hex
        self._provider_mode()
        self.search({})
        self._track("view")

    @rx.event
    def load_frame(self) -> None:
        """A page in the shop's frame that lists no products (a buyer's order)."""
        self.slug = self.router.url.path.strip("/").split("/")[1]
        self._provider_mode()
        try:
            with session_scope() as session:
                self.shop = {**vars(storefront.shopfront(session=session, slug=self.slug))}
        except BizQError:
            self.shop = {}

    @rx.var
    def shop_title(self) -> str:
        """The tab's title on the shop's pages: the shop's name."""
        return self.shop.get("name", "") or "Shop"

    @rx.var
    def checkout_title(self) -> str:
        return f"{'Thank you' if self.order else 'Checkout'} · {self.shop_title}"

    @rx.event
    def load_checkout(self) -> None:
        """The checkout page, ``/s/{slug}/checkout``: the shop and the cart as they are."""
        self.slug = self.router.url.path.rstrip("/").split("/")[-2]
        self.errors, self.cart_open, self.order, self.order_lines = {}, False, {}, []
        self._provider_mode()
        self.search({})
        if not self.country:
            self.country = addresses.home_country(self.shop.get("currency", ""))
        self.regions = [vars(r) for r in addresses.regions(self.country)] if self.country else []
        self._requote()

    def _requote(self) -> None:
        """The order summary and the shipping choices, priced by the sales domain."""
        lines = self._lines()
        if not lines or self.missing:
            self.summary, self.summary_lines, self.shipping_choices = {}, [], []
            return
        fields = {
            "lines": carts.for_checkout(lines),
            "shipping_method": self.shipping_method,
            "country": self.country,
        }
        try:
            with session_scope() as session:
                quote = quotes.quote(session=session, store_slug=self.slug, fields=fields)
        except BizQError as exc:
            self.summary, self.summary_lines = {}, []
            self.errors = {**self.errors, "lines": error_message(exc)}
            return
        self.errors = {k: v for k, v in self.errors.items() if k != "lines"}
        self.summary, self.summary_lines = carts.summary(quote), carts.summary_lines(quote)
        self.shipping_choices = carts.shipping_choices(quote)

    @rx.event
    def choose_shipping(self, method: str) -> None:
        self.shipping_method = method
        self._requote()

    @rx.event
    def choose_country(self, code: str) -> None:
        self.country, self.region = code, ""
        self.regions = [vars(r) for r in addresses.regions(code)] if code else []
        self.fix("country", code)
        self._requote()

    @rx.event
    def choose_region(self, code: str) -> None:
        self.region = code
        self.fix("region", code)

    @rx.event
    def fix(self, name: str, value: str) -> None:
        """The buyer changed a field: its error goes as soon as there is something in it
        (checkout checks it again when they pay)."""
        if name in self.errors and str(value).strip():
            self.errors = {k: v for k, v in self.errors.items() if k not in (name, "_form")}

    @rx.event
    def step(self, key: str, change: int) -> None:
        """One more or one fewer of a cart line (never fewer than one, nor more than the
        shop has)."""
        lines = self._lines()
        for line in lines:
            if line["key"] == key:
                limit = min(int(line.get("max") or quotes.MAX_QUANTITY), quotes.MAX_QUANTITY)
                line["quantity"] = str(max(1, min(carts.quantity(line) + change, limit)))
        self.attempt = uuid.uuid4().hex  # a different cart: a different order
        self._keep(lines)

    def _provider_mode(self) -> None:
        provider = payment_provider()
        self.test_mode, self.hosted = provider.test_mode, provider.hosted

    @rx.event
    def set_cart_open(self, value: bool) -> None:
        self.cart_open = bool(value)

    def _track(self, kind: str, product_id: str | None = None) -> None:
        """Count a page view or add-to-cart for the shop's conversion rate."""
        if self.missing:
            return
        if not self.visitor:
            self.visitor = uuid.uuid4().hex
        try:
            with session_scope() as session:
                storefront_events.record(
                    session=session,
                    slug=self.slug,
                    kind=kind,
                    visitor=self.visitor,
                    product_id=product_id,
                    client=self.router.session.client_ip,
                )
        except TooManyRequests:
            pass  # a flood from this address: the visit is not counted, the page still works
        except BizQError:
            self.visitor = uuid.uuid4().hex  # a tampered id: start a new one next time

    @rx.event
    def search(self, form: dict[str, Any]) -> None:
        try:
            with session_scope() as session:
                shop = storefront.shopfront(session=session, slug=self.slug)
                found = storefront.listings(
                    session=session, slug=self.slug, search=str(form.get("q", ""))
                )
        except BizQError:
            self.missing = True
            return
        self.missing = False
        self.shop = {**vars(shop)}
        currency = shop.currency
        self.products = [
            {**{k: str(v) for k, v in vars(p).items()}, "shown": carts.money(p.price, currency)}
            for p in found
        ]

    @rx.event
    def add(self, product_id: str) -> Any:
        """Add one of a product without variants (from the product list)."""
        product = next((p for p in self.products if p["id"] == product_id), None)
        if product is None or product["in_stock"] == "0":
            return rx.toast.error("That item is sold out.")
        return self._add_to_cart(product_id, product["title"], product["price"], {}, product)

    def _add_to_cart(
        self,
        product_id: str,
        title: str,
        price: str,
        options: dict[str, str],
        stock: dict[str, str],
    ) -> Any:
        key = product_id + json.dumps(options, sort_keys=True)
        self._track("add_to_cart", product_id)
        self.cart_open = True  # the cart drawer shows what was added and the way to check out
        self.attempt = uuid.uuid4().hex  # a different cart: a different order
        lines = self._lines()
        for item in lines:
            if item["key"] == key:
                item["quantity"] = str(min(carts.quantity(item) + 1, int(stock["in_stock"])))
                self._keep(lines)
                return None
        label = stock_label(options)
        line = {
            "key": key,
            "product_id": product_id,
            "options": json.dumps(options),
            "title": f"{title} ({label})" if label else title,
            "price": price,
            "quantity": "1",
            "image": str(stock.get("image") or ""),
            "max": str(stock["in_stock"]),
        }
        self._keep([*lines, line])
        return None

    @rx.event
    def remove(self, key: str) -> None:
        self.attempt = uuid.uuid4().hex
        self._keep([i for i in self._lines() if i["key"] != key])

    @rx.event(background=True)
    async def pay(self, form: dict[str, Any]) -> Any:
        """Check out; the payment provider is asked on a worker thread, so a slow charge
        holds up only this buyer, never the other visitors of this web process."""
        async with self:
            fields = {
                **_checkout_fields(form, self._lines()),
                "shipping_method": self.shipping_method,
                "shown_total": self.summary.get("total_amount", ""),
            }
            fields["address"] |= {"country": self.country, "region": self.region}
            slug, attempt, client = self.slug, self.attempt, self.router.session.client_ip
        provider = payment_provider()
        try:
            placed = await asyncio.to_thread(
                checkout.place_order,
                open_session=session_scope,
                store_slug=slug,
                fields=fields,
                provider=provider,
                idempotency_key=attempt,
                client=client,
            )
            order, lines = await asyncio.to_thread(_thanks, slug, placed)
        except PaymentDeclined as exc:
            async with self:
                self.errors = {"card": error_message(exc)}
                self.attempt = uuid.uuid4().hex  # another card is another attempt
            return None
        except BizQError as exc:
            async with self:
                self.errors = {_field(k): v for k, v in form_errors(exc).items()}
                await asyncio.to_thread(self._requote)  # a changed price shows at once
            return None
        async with self:
            self.saved_carts = carts.saved(self.saved_carts, slug, [])
            self.errors, self.attempt = {}, uuid.uuid4().hex
            if order["payment_url"]:  # on to Stripe's page; the order page welcomes them back
                return rx.redirect(order["payment_url"])
            self.order, self.order_lines = order, lines
            self.summary, self.summary_lines, self.shipping_choices = {}, [], []
        return None


off_loop.install(StorefrontState)


class ProductPageState(StorefrontState):
    """One product's page at ``/s/{slug}/p/{product_id}``; the cart is the shop's."""

    product: dict[str, str] = {}
    choices: list[dict[str, str]] = []
    reviews: list[dict[str, str]] = []
    chosen: str = ""  # the label of the picked variant
    product_missing: bool = False

    @rx.var
    def product_title(self) -> str:
        """The tab's title: the product, then the shop."""
        title = self.product.get("title", "")
        return f"{title} · {self.shop_title}" if title else self.shop_title

    @rx.event
    def load_product(self) -> None:
        parts = self.router.url.path.rstrip("/").split("/")
        self.slug, product_id = parts[-3], parts[-1]
        self._provider_mode()
        try:
            with session_scope() as session:
                shop = storefront.shopfront(session=session, slug=self.slug)
                view = storefront_product.product_view(
                    session=session, slug=self.slug, product_id=product_id
                )
        except BizQError:
            self.product_missing, self.product = True, {}
            return
        self.product_missing, self.missing, self.shop = False, False, {**vars(shop)}
        self.product = {
            "id": str(view.id),
            "title": view.title,
            "description": view.description,
            "image": view.images[0] if view.images else "",
            "price": view.price,
            "shown": carts.money(view.price, shop.currency),
            "availability": view.availability,
            "in_stock": str(view.in_stock),
            "options": ", ".join(view.option_names),
            "share": f"{get_settings().base_url}/api/storefront/{self.slug}/products/"
            f"{view.id}/share",
            "rating": str(view.rating.average),
            "reviews": str(view.rating.count),
        }
        self.choices = [
            {
                "label": c.label,
                "options": json.dumps(c.options),
                "price": c.price,
                "shown": carts.money(c.price, shop.currency),
                "availability": c.availability,
                "in_stock": str(c.in_stock),
            }
            for c in view.choices
        ]
        self.reviews = view.reviews
        self.chosen = next((c["label"] for c in self.choices if c["in_stock"] != "0"), "")
        self._track("view", product_id)

    @rx.event
    def choose(self, label: str) -> None:
        self.chosen = label

    @rx.event
    def add_chosen(self) -> Any:
        if not self.choices:
            if self.product.get("in_stock", "0") == "0":
                return rx.toast.error("That item is sold out.")
            p = self.product
            return self._add_to_cart(p["id"], p["title"], p["price"], {}, p)
        choice = next((c for c in self.choices if c["label"] == self.chosen), None)
        if choice is None:
            return rx.toast.error("Choose " + self.product["options"] + " first.")
        if choice["in_stock"] == "0":
            return rx.toast.error(f"{choice['label']} is sold out.")
        options = json.loads(choice["options"])
        return self._add_to_cart(
            self.product["id"], self.product["title"], choice["price"], options, choice
        )


def _field(path: str) -> str:
    """The checkout form's input for an error's path (``address.city`` is ``city``)."""
    path = path.replace("address.", "")
    if path.startswith("lines"):
        return "lines"  # an item's problem shows over the order
    return {"payment_method": "card", "shown_total": "_form"}.get(path, path)


def _checkout_fields(form: dict[str, Any], lines: list[dict[str, str]]) -> dict[str, Any]:
    """The checkout form and the cart as ``checkout.place_order`` reads them."""
    address = ("line1", "line2", "city", "postal_code")
    return {
        "email": form.get("email", ""),
        "name": form.get("name", ""),
        "address": {k: form.get(k, "") for k in address},
        "lines": carts.for_checkout(lines),
        "payment_method": form.get("card", ""),  # the offline test card; none with Stripe
    }


def _thanks(slug: str, placed: Placed) -> tuple[dict[str, str], list[dict[str, str]]]:
    """What the thank-you page shows of a placed order, and its lines."""
    order = placed.order
    with session_scope() as session:
        status_url = order_pipeline.status_url(stores.store_at(session, slug), order)
    shown = {
        "id": str(order.id),
        "number": str(order.number),
        "total": carts.money(order.total, order.currency),
        "subtotal": carts.money(order.subtotal, order.currency),
        "shipping": carts.money(order.shipping, order.currency) if order.shipping else "Free",
        "email": order.customer_email,
        "name": order.customer_name,
        "address": addresses.one_line(order.shipping_address or {}),
        "status": order.status,
        "status_url": status_url,
        "payment_url": checkout.payment_page(order),
    }
    lines = [
        {
            "title": i.title,
            "quantity": str(i.quantity),
            "line_total": carts.money(i.unit_price * i.quantity, order.currency),
        }
        for i in placed.items
    ]
    return shown, lines
