"""One order's page, at its own address (``/orders/1001``): what ships how, the money,
the customer and what happened, in plain words."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui import routes
from bizq_app.ui.components.mail import mail_item
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.sales.order_state import OrderState
from bizq_app.ui.state import SessionState

OS = OrderState
H = OS.head


def _ship_form(group: rx.Var) -> rx.Component:
    return rx.form(
        rx.el.input(type="hidden", name="group", value=group["key"]),
        rx.hstack(
            rx.input(name="carrier", placeholder="Carrier (optional)", aria_label="Carrier"),
            rx.input(name="tracking_number", placeholder="Tracking number", aria_label="Tracking"),
            rx.button("Mark as shipped", type="submit"),
            wrap="wrap",
            align="center",
        ),
        on_submit=OS.ship_group,
        width="100%",
    )


def _group(group: rx.Var) -> rx.Component:
    shipped = (group["state"] == "shipped") | (group["state"] == "delivered")
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(group["title"], size="3", as_="h3"),
                rx.badge(
                    group["state_label"],
                    color_scheme=rx.cond(group["state"] == "unfulfilled", "amber", "green"),
                    class_name="order-group-state",
                ),
                wrap="wrap",
                align="center",
            ),
            rx.text(group["lines"], size="2"),
            rx.text(group["note"], size="1", color_scheme="gray"),
            rx.cond(
                shipped & (group["tracking"] != ""),
                rx.text("Tracking ", rx.code(group["tracking"]), size="2"),
            ),
            rx.cond((group["ships"] != "") & SessionState.can_operate, _ship_form(group)),
            spacing="2",
            width="100%",
        ),
        width="100%",
        class_name="order-group",
        custom_attrs={"data-group": group["kind"]},
    )


def _amount(label: str, key: str, strong: bool = False) -> rx.Component:
    weight = "bold" if strong else "regular"
    return rx.hstack(
        rx.text(label, size="2", weight=weight),
        rx.spacer(),
        rx.text(OS.payment[key], size="2", weight=weight, id=f"order-{key}"),
        width="100%",
    )


def _refund_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button("Refund", variant="soft", color_scheme="red")),
        rx.dialog.content(
            rx.dialog.title("Refund order #", H["number"]),
            rx.dialog.description(
                "Give back all or part of what was paid (", OS.payment["net"], " left).", size="2"
            ),
            rx.form(
                rx.vstack(
                    rx.input(
                        name="amount", placeholder="Empty: all that is left", aria_label="Amount"
                    ),
                    rx.input(name="reason", placeholder="Reason", aria_label="Reason"),
                    rx.checkbox("Put the items back in stock", name="restock"),
                    rx.hstack(
                        rx.dialog.close(rx.button("Keep the money", variant="soft", type="button")),
                        rx.button("Refund", type="submit", color_scheme="red"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                ),
                on_submit=OS.refund,
            ),
        ),
        open=OS.refund_open,
        on_open_change=OS.set_refund_open,
    )


def _payment() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Payment", size="3", as_="h2"),
                rx.badge(H["payment_status"], id="order-payment-status"),
                align="center",
            ),
            _amount("Subtotal", "subtotal"),
            _amount("Shipping", "shipping"),
            _amount("Taxes", "tax"),
            _amount("Total", "total", strong=True),
            _amount("Refunded", "refunded"),
            _amount("Net", "net", strong=True),
            rx.cond(SessionState.can_operate & (H["can_refund"] != ""), _refund_dialog()),
            spacing="2",
            width="100%",
        ),
        width="100%",
        id="order-payment",
    )


def _step(step: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.box(
            rx.text(
                rx.text.strong(step["label"]),
                " · ",
                step["at"],
                rx.cond(step["by"] != "", rx.fragment(" · ", step["by"])),
                size="1",
                color_scheme="gray",
            ),
            rx.text(step["note"], size="2"),
            class_name="order-step-said",
        ),
        rx.cond(
            step["details"] != "",
            rx.el.details(rx.el.summary("Details"), rx.code(step["details"])),
        ),
        class_name="order-step",
    )


def _timeline() -> rx.Component:
    return rx.card(
        rx.heading("Timeline", size="3", as_="h2"),
        rx.el.ol(rx.foreach(OS.timeline, _step), class_name="order-steps"),
        width="100%",
        id="order-timeline",
    )


def _customer() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Customer", size="3", as_="h2"),
            rx.text(H["customer"], size="2", weight="bold", id="order-customer-name"),
            rx.text(H["email"], size="2"),
            rx.text(H["address"], size="2"),
            rx.cond(H["method"] != "", rx.text("Shipping: ", H["method"], size="2")),
            rx.text(
                "From ",
                H["channel"],
                rx.cond(H["channel_order"] != "", rx.fragment(" ", H["channel_order"])),
                size="2",
                color_scheme="gray",
            ),
            spacing="1",
        ),
        width="100%",
        id="order-customer",
    )


def _notes() -> rx.Component:
    return rx.form(
        rx.el.label(
            rx.text("Notes (only your team sees them)", size="2"),
            rx.text_area(
                name="notes", default_value=H["notes"], rows="3", max_length=5000, key=OS.order_id
            ),
            class_name="bizq-label",
        ),
        rx.cond(
            SessionState.can_operate,
            rx.button("Save notes", size="1", variant="soft", type="submit"),
        ),
        on_submit=OS.save_notes,
        reset_on_submit=False,
        width="100%",
        id="order-notes",
    )


def _actions() -> rx.Component:
    return rx.cond(
        SessionState.can_operate,
        rx.hstack(
            rx.cond(
                H["status"] == "shipped",
                rx.button("Mark delivered", variant="soft", on_click=OS.deliver),
            ),
            rx.cond(
                H["can_cancel"] != "",
                rx.button("Cancel order", variant="ghost", color_scheme="red", on_click=OS.cancel),
            ),
            wrap="wrap",
        ),
    )


def _failure() -> rx.Component:
    return rx.cond(
        H["pipeline"] == "failed",
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle_alert")),
            rx.callout.text("A step failed: ", H["failure"]),
            rx.cond(SessionState.can_operate, rx.button("Retry", size="1", on_click=OS.retry)),
            color_scheme="red",
            role="alert",
            id="order-failure",
        ),
    )


def _order() -> rx.Component:
    top = rx.hstack(
        rx.link("← All orders", href=routes.ORDERS, size="2"),
        rx.spacer(),
        rx.text("Placed ", H["placed"], size="2", color_scheme="gray"),
        rx.badge(H["fulfilment_status"], id="order-fulfilment-status", color_scheme="amber"),
        width="100%",
        wrap="wrap",
        align="center",
    )
    main = rx.vstack(
        rx.heading("Fulfilment", size="4", as_="h2"),
        rx.foreach(OS.groups, _group),
        _actions(),
        _payment(),
        _timeline(),
        spacing="3",
        width="100%",
        min_width="0",
    )
    side = rx.vstack(
        _customer(),
        _notes(),
        rx.card(
            rx.heading("E-mails", size="3", as_="h2"),
            rx.cond(
                OS.mails.length() > 0,
                rx.foreach(OS.mails, mail_item),
                rx.text("None yet.", size="1", color_scheme="gray"),
            ),
            width="100%",
        ),
        spacing="3",
        width="100%",
        min_width="0",
    )
    return rx.vstack(
        top,
        _failure(),
        rx.grid(
            main, side, columns=rx.breakpoints(initial="1", md="3fr 2fr"), gap="4", width="100%"
        ),
        width="100%",
        spacing="3",
        id="order-page",
    )


def order_page() -> rx.Component:
    missing = empty_state(
        "shopping_cart",
        "No such order",
        "This store has no order with that number. Find it on the Orders page.",
        rx.link("Go to Orders", href=routes.ORDERS),
    )
    return shell(OS.title, rx.cond(OS.missing, missing, rx.cond(OS.order_id != "", _order())))


ON_LOAD = [SessionState.load_session, OrderState.open_page]
