"""A buyer's page for one order, opened from the link in their e-mails (no account)."""

from __future__ import annotations

import reflex as rx

from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.models import Store
from bizq_app.services import orders, storefront


class OrderStatusState(rx.State):
    shop_name: str = ""
    order: dict[str, str] = {}
    lines: list[dict[str, str]] = []
    steps: list[dict[str, str]] = []
    problem: str = ""

    @rx.event
    def load(self) -> None:
        shop = self.router.url.path.rstrip("/").split("/")[-2]
        token = self.router.url.query_parameters.get("t", "")
        try:
            with session_scope() as session:
                order = storefront.order_for_buyer(session=session, slug=shop, token=token)
                store = session.get(Store, order.store_id)  # loaded already: no new query
                self.shop_name = store.name if store else ""
                self.lines = [
                    {"title": i.title, "quantity": str(i.quantity), "price": str(i.unit_price)}
                    for i in orders.items(session, order)
                ]
        except BizQError as exc:
            self.problem, self.order = exc.message, {}
            return
        self.problem = ""
        self.order = {
            "number": str(order.number),
            "status": order.status,
            "total": f"{order.total} {order.currency}",
            "refunded": f"{order.refunded} {order.currency}" if order.refunded else "",
            "tracking": order.tracking_number or "",
        }
        self.steps = [
            {"at": str(s.get("at", ""))[:16].replace("T", " "), "note": str(s.get("note", ""))}
            for s in storefront.buyer_timeline(order)
        ]


S = OrderStatusState


def order_status_page() -> rx.Component:
    found = rx.vstack(
        rx.heading(S.shop_name, size="6", as_="h1"),
        rx.hstack(
            rx.heading("Order #", S.order["number"], size="4", as_="h2"),
            rx.badge(S.order["status"], size="2", id="buyer-order-status"),
            align="center",
        ),
        rx.foreach(
            S.lines, lambda i: rx.text(i["quantity"], " × ", i["title"], " at ", i["price"])
        ),
        rx.text("Total paid: ", S.order["total"], weight="bold"),
        rx.cond(S.order["refunded"] != "", rx.text("Refunded: ", S.order["refunded"])),
        rx.cond(S.order["tracking"] != "", rx.text("Tracking number: ", S.order["tracking"])),
        rx.heading("What happened so far", size="3", as_="h2"),
        rx.el.ol(
            rx.foreach(S.steps, lambda s: rx.el.li(s["at"], " — ", s["note"])),
            id="buyer-order-steps",
        ),
        spacing="3",
    )
    return rx.container(
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
        padding_y="2rem",
    )


ON_LOAD = [OrderStatusState.load]
