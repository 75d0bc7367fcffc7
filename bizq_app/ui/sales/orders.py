"""The Orders page."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.components.form import labelled_select
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
                href="/orders/" + row["number"],
                aria_label="Open order " + row["number"],
            )
        ),
        rx.table.cell(row["customer"]),
        rx.table.cell(row["total"]),
        rx.table.cell(
            rx.hstack(
                rx.badge(row["payment_status"], class_name="order-status"),
                rx.badge(
                    row["fulfilment_status"], color_scheme="gray", class_name="order-fulfilment"
                ),
                wrap="wrap",
                spacing="1",
            )
        ),
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
    return shell("Orders", top, body)


ON_LOAD = [SessionState.load_session, OrdersState.open_page]
