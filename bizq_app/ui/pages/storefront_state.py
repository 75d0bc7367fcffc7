"""A store's public storefront: browse, cart, checkout, confirmation (no account)."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import reflex as rx

from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError, PaymentDeclined
from bizq_app.integrations.payments.registry import payment_provider
from bizq_app.models import Order
from bizq_app.services import checkout, storefront
from bizq_app.ui.errors import form_errors


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
    attempt: str = ""  # the checkout's idempotency key: a double click pays once

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
        self.test_mode = payment_provider().test_mode
        self.search({})

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
        product = next((p for p in self.products if p["id"] == product_id), None)
        if product is None or product["in_stock"] == "0":
            return rx.toast.error("That item is sold out.")
        for item in self.cart:
            if item["product_id"] == product_id:
                item["quantity"] = str(min(int(item["quantity"]) + 1, int(product["in_stock"])))
                self.cart = list(self.cart)
                return rx.toast.success("Added to cart.")
        self.attempt = uuid.uuid4().hex  # a different cart: a different order
        self.cart = [
            *self.cart,
            {
                "product_id": product_id,
                "title": product["title"],
                "price": product["price"],
                "quantity": "1",
            },
        ]
        return rx.toast.success("Added to cart.")

    @rx.event
    def remove(self, product_id: str) -> None:
        self.attempt = uuid.uuid4().hex
        self.cart = [i for i in self.cart if i["product_id"] != product_id]

    @rx.event
    def pay(self, form: dict[str, Any]) -> Any:
        fields = {
            "email": form.get("email", ""),
            "name": form.get("name", ""),
            "address": {k: form.get(k, "") for k in ("line1", "city", "postal_code", "country")},
            "shipping_method": form.get("shipping_method") or "standard",
            "lines": [
                {"product_id": i["product_id"], "quantity": int(i["quantity"])} for i in self.cart
            ],
            "payment_method": form.get("card", ""),
        }
        try:
            order_id = checkout.place_order(
                open_session=session_scope,
                store_slug=self.slug,
                fields=fields,
                provider=payment_provider(),
                idempotency_key=self.attempt,
            )
        except PaymentDeclined as exc:
            self.errors = {"card": exc.message}
            self.attempt = uuid.uuid4().hex  # another card is another attempt
            return None
        except BizQError as exc:
            self.errors = {k.replace("address.", ""): v for k, v in form_errors(exc).items()}
            return None
        with session_scope() as session:
            order = session.get(Order, order_id)
            assert order is not None
            self.order = {
                "id": str(order.id),
                "number": str(order.number),
                "total": str(order.total),
                "email": order.customer_email,
                "status": order.status,
            }
        self.cart, self.errors, self.attempt = [], {}, uuid.uuid4().hex
        self.search({})
        return None
