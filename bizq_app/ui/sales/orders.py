"""The Orders page."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.components.form import labelled_select
from bizq_app.ui.components.mail import mail_item
from bizq_app.ui.components.pager import pager
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.sales.orders_state import CHANNELS, STATUSES, OrdersState
from bizq_app.ui.state import SessionState

OS = OrdersState


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.link(
                "#",
                row["number"],
                on_click=OS.select(row["id"]),
                href="#",
                aria_label="Open order " + row["number"],
            )
        ),
        rx.table.cell(row["customer"]),
        rx.table.cell(row["total"]),
        rx.table.cell(rx.badge(row["status"], class_name="order-status")),
        rx.table.cell(_channel(row)),
        rx.table.cell(row["created"]),
        custom_attrs={"data-order": row["number"]},
    )


def _channel(row: rx.Var) -> rx.Component:
    """Where the order came from: a marketplace's badge with its own order number there
    (and "History" for one imported from before the connection), else BizQ's channel."""
    return rx.cond(
        row["marketplace"] != "",
        rx.hstack(
            rx.badge(row["marketplace"], " ", row["channel_order"], class_name="order-marketplace"),
            rx.cond(
                row["history"] != "",
                rx.badge("History", color_scheme="gray", class_name="order-history"),
            ),
            spacing="1",
            wrap="wrap",
        ),
        rx.text(row["channel"], size="2"),
    )


def _actions() -> rx.Component:
    d = OS.detail
    return rx.cond(
        SessionState.can_operate,
        rx.vstack(
            rx.cond(
                (d["status"] == "paid") | (d["status"] == "fulfilling"),
                rx.form(
                    rx.hstack(
                        rx.input(
                            name="tracking_number",
                            placeholder="Tracking number",
                            aria_label="Tracking number",
                        ),
                        rx.button("Mark shipped", type="submit"),
                    ),
                    on_submit=OS.fulfil,
                ),
            ),
            rx.cond(
                (d["status"] != "pending")
                & (d["status"] != "cancelled")
                & (d["status"] != "refunded"),
                rx.form(
                    rx.hstack(
                        rx.input(
                            name="amount",
                            placeholder="Amount (empty: all)",
                            aria_label="Refund amount",
                        ),
                        rx.input(name="reason", placeholder="Reason", aria_label="Refund reason"),
                        rx.checkbox("Restock", name="restock"),
                        rx.button("Refund", type="submit", color_scheme="red", variant="soft"),
                        wrap="wrap",
                        align="center",
                    ),
                    on_submit=OS.refund,
                ),
            ),
            rx.cond(
                d["status"] == "shipped",
                rx.button("Mark delivered", variant="soft", on_click=OS.deliver),
            ),
            rx.cond(
                (d["status"] == "pending") | (d["status"] == "paid"),
                rx.button("Cancel order", variant="ghost", color_scheme="red", on_click=OS.cancel),
            ),
            spacing="2",
        ),
    )


def _detail() -> rx.Component:
    d = OS.detail
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Order #", d["number"], size="4", as_="h2"),
                rx.badge(d["status"], id="order-detail-status"),
                _channel(d),
                rx.spacer(),
                rx.button("Close", variant="ghost", on_click=OS.select("")),
                width="100%",
            ),
            rx.text(d["customer"], " · ", d["email"], " · ", d["address"], size="2"),
            rx.text(
                "Total ", d["total"], " · refunded ", d["refunded"], size="2", id="order-money"
            ),
            rx.foreach(
                OS.lines,
                lambda i: rx.text(i["quantity"], " × ", i["title"], " at ", i["price"], size="2"),
            ),
            rx.cond(
                d["pipeline"] == "failed",
                rx.callout.root(
                    rx.callout.icon(rx.icon("triangle_alert")),
                    rx.callout.text("A step failed: ", d["failure"]),
                    rx.cond(
                        SessionState.can_operate,
                        rx.button("Retry", size="1", on_click=OS.retry),
                    ),
                    color_scheme="red",
                    role="alert",
                    id="order-failure",
                ),
            ),
            _actions(),
            rx.form(
                rx.el.label(
                    rx.text("Notes (only your team sees them)", size="2"),
                    rx.text_area(
                        name="notes",
                        default_value=d["notes"],
                        rows="2",
                        max_length=5000,
                        key=OS.selected_id,
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
            ),
            rx.heading("Timeline", size="3", as_="h3"),
            rx.foreach(
                OS.timeline,
                lambda t: rx.text(
                    t["at"], " · ", t["step"], " — ", t["note"], size="1", class_name="order-step"
                ),
            ),
            rx.heading("E-mails", size="3", as_="h3"),
            rx.cond(
                OS.mails.length() > 0,
                rx.foreach(OS.mails, mail_item),
                rx.text("None yet.", size="1", color_scheme="gray"),
            ),
            width="100%",
            spacing="2",
        ),
        width="100%",
        id="order-detail",
    )


def orders_page() -> rx.Component:
    table = rx.table.root(
        rx.table.header(
            rx.table.row(
                *[
                    rx.table.column_header_cell(h)
                    for h in ("Order", "Customer", "Total", "Status", "Channel", "Placed")
                ]
            )
        ),
        rx.table.body(rx.foreach(OS.rows, _row)),
        width="100%",
        variant="surface",
    )
    top = rx.hstack(
        labelled_select(
            STATUSES,
            value=OS.status_filter,
            on_change=OS.set_status_filter,
            aria_label="Filter by status",
        ),
        rx.select.root(
            rx.select.trigger(custom_attrs={"aria-label": "Filter by channel"}),
            rx.select.content(
                *[rx.select.item(label, value=code) for code, label in CHANNELS.items()]
            ),
            value=OS.channel_filter,
            on_change=OS.set_channel_filter,
        ),
        rx.form(
            rx.hstack(
                rx.input(
                    name="customer",
                    placeholder="Customer name or e-mail",
                    aria_label="Find customer",
                ),
                rx.input(name="since", type="date", aria_label="Placed from"),
                rx.input(name="until", type="date", aria_label="Placed until"),
                rx.button("Find", type="submit", variant="soft"),
                wrap="wrap",
            ),
            on_submit=OS.find_customer,
            reset_on_submit=False,
        ),
        rx.cond(
            OS.filter_error != "",
            rx.text(OS.filter_error, color_scheme="red", size="2", role="alert"),
        ),
        width="100%",
        wrap="wrap",
    )
    body = rx.cond(
        OS.rows.length() > 0,
        rx.vstack(table, pager(OS, " orders"), spacing="2", width="100%"),
        empty_state(
            "shopping_cart",
            "No orders yet",
            "Orders from your storefront appear here the moment they are paid.",
        ),
    )
    return shell("Orders", top, rx.cond(OS.selected_id != "", _detail()), body)


ON_LOAD = [SessionState.load_session, OrdersState.open_page]
