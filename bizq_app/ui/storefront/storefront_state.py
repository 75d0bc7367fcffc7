"""A store's public storefront: browse, cart, checkout, confirmation (no account)."""

from __future__ import annotations

import asyncio
import json
import uuid
from decimal import Decimal
from typing import Any

import reflex as rx

from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError, PaymentDeclined
from bizq_app.core.rate_limits import TooManyRequests
from bizq_app.core.settings import get_settings
from bizq_app.integrations.payments.registry import payment_provider
from bizq_app.inventory.stock import label as stock_label
from bizq_app.sales import checkout
from bizq_app.sales.models import Order
from bizq_app.storefront import storefront, storefront_events, storefront_product
from bizq_app.ui import off_loop
from bizq_app.ui.errors import error_message, form_errors


class StorefrontState(rx.State):
    """One buyer's visit: the shop, what they picked and their order."""

    slug: str = ""
    shop: dict[str, str] = {}
    products: list[dict[str, str]] = []
    cart: list[dict[str, str]] = []
    errors: dict[str, str] = {}
    order: dict[str, str] = {}
    missing: bool = False
    test_mode: bool = True
    # Stripe's page takes the card (no card field here); else BizQ's test-card form.
    hosted: bool = False
    cart_open: bool = False
    attempt: str = ""  # the checkout's idempotency key: a double click pays once
    # A random id for this browser, so visits are counted once (no personal data).
    visitor: str = rx.LocalStorage("", name="bizq_visitor")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        off_loop.install(cls)  # plain handlers wait on a worker thread

    @rx.var
    def cart_total(self) -> str:
        total = sum((Decimal(i["price"]) * int(i["quantity"]) for i in self.cart), Decimal(0))
        return str(total.quantize(Decimal("0.01")))

    @rx.var
    def cart_count(self) -> int:
        return sum(int(i["quantity"]) for i in self.cart)

    @rx.event
    def load(self) -> None:
        self.slug = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.order, self.errors, self.attempt = {}, {}, uuid.uuid4().hex
        self._provider_mode()
        self.search({})
        self._track("view")

    @rx.event
    def load_checkout(self) -> None:
        """The checkout page, ``/s/{slug}/checkout``: the shop and the cart as they are."""
        self.slug = self.router.url.path.rstrip("/").split("/")[-2]
        self.errors, self.cart_open = {}, False
        self._provider_mode()
        self.search({})

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
        self.products = [{**{k: str(v) for k, v in vars(p).items()}} for p in found]

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
        for item in self.cart:
            if item["key"] == key:
                item["quantity"] = str(min(int(item["quantity"]) + 1, int(stock["in_stock"])))
                self.cart = list(self.cart)
                return None
        self.attempt = uuid.uuid4().hex  # a different cart: a different order
        label = stock_label(options)
        self.cart = [
            *self.cart,
            {
                "key": key,
                "product_id": product_id,
                "options": json.dumps(options),
                "title": f"{title} ({label})" if label else title,
                "price": price,
                "quantity": "1",
            },
        ]
        return None

    @rx.event
    def remove(self, key: str) -> None:
        self.attempt = uuid.uuid4().hex
        self.cart = [i for i in self.cart if i["key"] != key]

    @rx.event(background=True)
    async def pay(self, form: dict[str, Any]) -> Any:
        """Check out; the payment provider is asked on a worker thread, so a slow charge
        holds up only this buyer, never the other visitors of this web process."""
        async with self:
            fields = _checkout_fields(form, self.cart)
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
            order = _shown(placed.order)
        except PaymentDeclined as exc:
            async with self:
                self.errors = {"card": error_message(exc)}
                self.attempt = uuid.uuid4().hex  # another card is another attempt
            return None
        except BizQError as exc:
            async with self:
                self.errors = {_field(k): v for k, v in form_errors(exc).items()}
            return None
        async with self:
            if order["payment_url"]:  # on to Stripe's page; the order page welcomes them back
                self.cart, self.errors, self.attempt = [], {}, uuid.uuid4().hex
                return rx.redirect(order["payment_url"])
            self.order = order
            self.cart, self.errors, self.attempt = [], {}, uuid.uuid4().hex
            await asyncio.to_thread(self.search, {})
        return None


off_loop.install(StorefrontState)


class ProductPageState(StorefrontState):
    """One product's page at ``/s/{slug}/p/{product_id}``; the cart is the shop's."""

    product: dict[str, str] = {}
    choices: list[dict[str, str]] = []
    reviews: list[dict[str, str]] = []
    chosen: str = ""  # the label of the picked variant
    product_missing: bool = False

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
    return "card" if path == "payment_method" else path


def _checkout_fields(form: dict[str, Any], cart: list[dict[str, str]]) -> dict[str, Any]:
    """The checkout form and the cart as ``checkout.place_order`` reads them."""
    return {
        "email": form.get("email", ""),
        "name": form.get("name", ""),
        "address": {k: form.get(k, "") for k in ("line1", "city", "postal_code", "country")},
        "shipping_method": form.get("shipping_method") or "standard",
        "lines": [
            {
                "product_id": i["product_id"],
                "quantity": int(i["quantity"]),
                "options": json.loads(i["options"]),
            }
            for i in cart
        ],
        "payment_method": form.get("card", ""),  # the offline test card; none with Stripe
    }


def _shown(order: Order) -> dict[str, str]:
    """What the confirmation shows of a placed order."""
    return {
        "id": str(order.id),
        "number": str(order.number),
        "total": str(order.total),
        "email": order.customer_email,
        "status": order.status,
        "payment_url": checkout.payment_page(order),
    }
