"""A buyer's page for one order, opened from the link in their e-mails (no account)."""

from __future__ import annotations

from typing import Any

import reflex as rx

from bizq_app.accounts.models import Store
from bizq_app.core.dates import format_when, locale_of
from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.integrations.payments.registry import payment_provider
from bizq_app.sales import addresses, buyer_orders, checkout, order_timeline, orders, reviews
from bizq_app.ui import off_loop
from bizq_app.ui.errors import error_message, form_errors
from bizq_app.ui.storefront.cart import money
from bizq_app.ui.storefront.shop_frame import brand_style, shop_body, shop_footer, shop_header
from bizq_app.ui.storefront.storefront_state import StorefrontState

STARS = ["1", "2", "3", "4", "5"]


class OrderStatusState(rx.State):
    shop_name: str = ""
    order: dict[str, str] = {}
    lines: list[dict[str, str]] = []
    steps: list[dict[str, str]] = []
    problem: str = ""
    # The order's products once delivered, each with the buyer's review (if given).
    reviews: list[dict[str, str]] = []
    # What is wrong with the review being sent: field -> message, for one product.
    review_product: str = ""
    review_errors: dict[str, str] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        off_loop.install(cls)  # plain handlers wait on a worker thread

    def _back_from_payment(self, shop: str, token: str) -> None:
        """Opened by Stripe's page on the way back (paid, or ``left=1``): settle the order
        with what the page became. When Stripe cannot be asked now, its webhook and the
        payment check settle it; the page shows the order as it is."""
        query = self.router.url.query_parameters
        if "session_id" not in query and "left" not in query:
            return
        try:
            buyer_orders.back_from_payment(
                open_session=session_scope,
                slug=shop,
                token=token,
                provider=payment_provider(),
                left="left" in query,
            )
        except BizQError:
            pass  # a bad link is shown by ``load``; an unreachable Stripe settles it later

    def _link(self) -> tuple[str, str]:
        shop = self.router.url.path.rstrip("/").split("/")[-2]
        return shop, self.router.url.query_parameters.get("t", "")

    @rx.event
    def send_review(self, form: dict[str, Any]) -> Any:
        shop, token = self._link()
        product_id = str(form.get("product_id", ""))
        rating = str(form.get("rating", ""))
        data = {
            "product_id": product_id,
            "rating": int(rating) if rating.isdigit() else rating,
            "text": str(form.get("text", "")),
        }
        try:
            with session_scope() as session:
                reviews.submit(session=session, slug=shop, token=token, data=data)
        except BizQError as exc:
            self.review_product, self.review_errors = product_id, form_errors(exc)
            return None
        self.review_product, self.review_errors = "", {}
        self.load()
        return rx.toast.success("Thank you for your review!")

    @rx.event
    def load(self) -> None:
        shop, token = self._link()
        self._back_from_payment(shop, token)
        try:
            with session_scope() as session:
                order = buyer_orders.order_for_buyer(session=session, slug=shop, token=token)
                self.reviews = reviews.reviewable(session, order)
                store = session.get(Store, order.store_id)  # loaded already: no new query
                self.shop_name = store.name if store else ""
                self.lines = [
                    {
                        "title": i.title,
                        "quantity": str(i.quantity),
                        "price": money(i.unit_price, order.currency),
                    }
                    for i in orders.items(session, order)
                ]
        except BizQError as exc:
            self.problem, self.order, self.reviews = error_message(exc), {}, []
            return
        self.problem = ""
        self.order = {
            "shop": shop,
            "number": str(order.number),
            "status": buyer_orders.buyer_status(order),
            "payment": order.payment_status,
            "pay_at": checkout.payment_page(order),
            "total": money(order.total, order.currency),
            "refunded": money(order.refunded, order.currency) if order.refunded else "",
            "tracking": order.tracking_number or "",
            "address": addresses.one_line(order.shipping_address or {}),
        }
        locale = locale_of(self.router.headers.accept_language or "")
        self.steps = [
            {**step, "at": format_when(step["at"], locale)}
            for step in order_timeline.shown(buyer_orders.buyer_timeline(order))
        ]

    @rx.var
    def title(self) -> str:
        """The tab's title: the order and the shop."""
        number = self.order.get("number", "")
        return f"Order #{number} · {self.shop_name}" if number else "Your order"


S = OrderStatusState


off_loop.install(OrderStatusState)


def _error(field: str, product_id: rx.Var) -> rx.Component:
    return rx.cond(
        (S.review_product == product_id) & S.review_errors.contains(field),
        rx.text(S.review_errors[field], color_scheme="red", size="1", role="alert"),
    )


def stars(count: rx.Var) -> rx.Component:
    """Five stars, ``count`` of them filled (``count`` is a number as text)."""
    return rx.hstack(
        *[
            rx.icon(
                "star",
                size=16,
                fill=rx.cond(count.to(int) >= int(n), "var(--amber-9)", "none"),
                color="var(--amber-9)",
            )
            for n in STARS
        ],
        spacing="0",
        aria_label=count + " out of 5 stars",
        role="img",
    )


def _review_form(row: rx.Var) -> rx.Component:
    return rx.form(
        rx.el.input(type="hidden", name="product_id", value=row["product_id"]),
        rx.el.fieldset(
            rx.el.legend(rx.text("Your rating", size="2", weight="medium")),
            rx.hstack(
                *[
                    rx.el.label(
                        rx.el.input(type="radio", name="rating", value=n),
                        f" {n} star" + ("" if n == "1" else "s"),
                        class_name="bizq-label",
                    )
                    for n in STARS
                ],
                spacing="3",
                wrap="wrap",
            ),
            _error("rating", row["product_id"]),
            class_name="bizq-fieldset",
        ),
        rx.el.label(
            rx.text("What did you think? (optional)", size="2"),
            rx.text_area(name="text", max_length=2000, rows="3"),
            class_name="bizq-label",
        ),
        _error("text", row["product_id"]),
        _error("_form", row["product_id"]),
        rx.button("Send review", type="submit", margin_top="0.5rem"),
        on_submit=S.send_review,
        reset_on_submit=False,
        aria_label="Review of " + row["title"],
    )


def _review(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(row["title"], weight="bold"),
            rx.cond(
                row["rating"] != "",
                rx.vstack(
                    stars(row["rating"]),
                    rx.cond(row["text"] != "", rx.text(row["text"], size="2")),
                    rx.text("Thank you for your review.", size="1", color_scheme="gray"),
                    spacing="1",
                ),
                _review_form(row),
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="buyer-review",
    )


def _payment_state() -> rx.Component:
    """Where the payment stands, when it is not simply paid."""
    return rx.fragment(
        rx.cond(
            S.order["pay_at"] != "",
            rx.callout(
                rx.vstack(
                    rx.text("This order waits for its payment."),
                    rx.link(
                        rx.button("Complete your payment", tab_index=-1), href=S.order["pay_at"]
                    ),
                    spacing="2",
                ),
                icon="credit_card",
                color_scheme="amber",
                high_contrast=True,
                id="payment-waiting",
            ),
        ),
        rx.cond(
            S.order["payment"] == "expired",
            rx.callout(
                "This order was cancelled before it was paid; nothing was charged.",
                icon="info",
                color_scheme="gray",
                high_contrast=True,
                id="payment-expired",
            ),
        ),
    )


def order_status_page() -> rx.Component:
    found = rx.vstack(
        rx.hstack(
            rx.heading("Order #", S.order["number"], size="6", as_="h1"),
            rx.badge(S.order["status"], size="2", id="buyer-order-status"),
            align="center",
        ),
        rx.foreach(
            S.lines, lambda i: rx.text(i["quantity"], " × ", i["title"], " at ", i["price"])
        ),
        _payment_state(),
        rx.text(
            rx.cond(S.order["payment"] == "paid", "Total paid: ", "Total: "),
            S.order["total"],
            weight="bold",
        ),
        rx.cond(S.order["refunded"] != "", rx.text("Refunded: ", S.order["refunded"])),
        rx.cond(S.order["address"] != "", rx.text("Shipping to: ", S.order["address"])),
        rx.cond(S.order["tracking"] != "", rx.text("Tracking number: ", S.order["tracking"])),
        rx.heading("What happened so far", size="3", as_="h2"),
        rx.el.ol(
            rx.foreach(S.steps, lambda s: rx.el.li(s["at"], " — ", s["note"])),
            id="buyer-order-steps",
        ),
        rx.cond(
            S.reviews.length() > 0,
            rx.vstack(
                rx.heading("Rate what you received", size="3", as_="h2"),
                rx.foreach(S.reviews, _review),
                spacing="2",
                width="100%",
                id="buyer-reviews",
            ),
        ),
        spacing="3",
    )
    body = rx.container(
        rx.cond(
            S.problem != "",
            rx.callout(
                rx.text(S.problem, " Ask the shop to send the link again."),
                icon="triangle_alert",
                color_scheme="red",
                role="alert",
            ),
            rx.cond(S.order["number"], found, rx.spinner()),
        ),
        size="2",
        padding_y="1rem",
    )
    return rx.box(
        shop_header(),
        rx.el.main(shop_body(body)),
        shop_footer(),
        class_name="storefront",
        style=brand_style(),
    )


ON_LOAD = [StorefrontState.load_frame, OrderStatusState.load]
