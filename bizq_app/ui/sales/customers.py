"""The Customers page."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.components.form import form_alert
from bizq_app.ui.components.pager import pager
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.sales.customers_state import SORT_CHOICES, CustomersState
from bizq_app.ui.state import SessionState

CS = CustomersState
ERASE_NOTE = (
    "Their name, e-mail and addresses are replaced on the customer record, on their "
    "orders and on the e-mails BizQ sent them; their reviews keep only the rating. "
    "Order numbers, items, totals, payments and refunds stay for your records. "
    "This cannot be undone."
)


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.link(
                row["name"],
                on_click=CS.select(row["id"]),
                href=row["href"],
                aria_label="Open customer " + row["name"],
                color_scheme=rx.cond(row["erased"] != "", "gray", "accent"),
            )
        ),
        rx.table.cell(row["email"]),
        rx.table.cell(row["orders"]),
        rx.table.cell(row["value"]),
        rx.table.cell(row["last_order"]),
        custom_attrs={"data-customer": row["id"]},
    )


def _top() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                name="search",
                placeholder="Name or e-mail",
                default_value=CS.search,
                aria_label="Search customers",
            ),
            rx.button("Search", type="submit", variant="soft"),
            rx.select.root(
                rx.select.trigger(aria_label="Sort customers"),
                rx.select.content(*[rx.select.item(v, value=k) for k, v in SORT_CHOICES.items()]),
                value=CS.sort,
                on_change=CS.set_sort,
            ),
            wrap="wrap",
            align="center",
        ),
        on_submit=CS.apply_search,
        reset_on_submit=False,
        width="100%",
    )


def _erase_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Erase ", CS.detail["name"], "'s personal data?"),
            rx.dialog.description(ERASE_NOTE, size="2"),
            rx.form(
                rx.vstack(
                    rx.el.label(
                        "Type the customer's e-mail (",
                        CS.detail["email"],
                        ") to confirm",
                        html_for="erase-confirm",
                        class_name="bizq-label",
                    ),
                    rx.input(
                        name="confirm",
                        id="erase-confirm",
                        auto_complete="off",
                        width="100%",
                        auto_focus=True,
                    ),
                    rx.cond(
                        CS.erase_error != "",
                        rx.text(CS.erase_error, color_scheme="red", size="2", role="alert"),
                    ),
                    rx.hstack(
                        rx.dialog.close(rx.button("Keep it", variant="soft", type="button")),
                        rx.button("Erase personal data", type="submit", color_scheme="red"),
                        justify="end",
                        spacing="3",
                        width="100%",
                    ),
                    spacing="3",
                    margin_top="1rem",
                ),
                on_submit=CS.erase,
                reset_on_submit=False,
            ),
            max_width="32rem",
        ),
        open=CS.erase_open,
        on_open_change=CS.set_erase_open,
    )


def _actions() -> rx.Component:
    return rx.cond(
        SessionState.can_operate,
        rx.hstack(
            rx.button(rx.icon("download"), "Export data", variant="soft", on_click=CS.export),
            rx.cond(
                CS.detail["erased"] == "",
                rx.button(
                    rx.icon("eraser"),
                    "Erase personal data",
                    variant="soft",
                    color_scheme="red",
                    on_click=CS.set_erase_open(True),
                ),
            ),
            spacing="3",
            wrap="wrap",
        ),
    )


def _history_row(order: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.link("#", order["number"], href=order["href"], aria_label="Order " + order["number"]),
        rx.badge(order["status"]),
        rx.text(order["total"], size="2"),
        rx.text(order["placed"], size="2", color_scheme="gray"),
        spacing="3",
        align="center",
        class_name="customer-order",
    )


def _detail() -> rx.Component:
    d = CS.detail
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(d["name"], size="4", as_="h2", id="customer-name"),
                rx.cond(d["erased"] != "", rx.badge("Erased ", d["erased"], color_scheme="gray")),
                rx.spacer(),
                rx.button("Close", variant="ghost", on_click=CS.select("")),
                width="100%",
                align="center",
            ),
            rx.text(d["email"], size="2", id="customer-email"),
            rx.text(
                d["paid_orders"],
                " · lifetime value ",
                d["value"],
                " · last order ",
                d["last_order"],
                " · customer since ",
                d["since"],
                size="2",
                id="customer-value",
            ),
            _actions(),
            rx.cond(
                CS.result != "",
                rx.callout(CS.result, icon="check", color_scheme="green", role="status"),
            ),
            rx.heading("Orders", size="3", as_="h3"),
            rx.cond(
                CS.history.length() > 0,
                rx.foreach(CS.history, _history_row),
                rx.text("No orders.", size="1", color_scheme="gray"),
            ),
            width="100%",
            spacing="2",
        ),
        width="100%",
        id="customer-detail",
    )


def _table() -> rx.Component:
    headers = ("Customer", "E-mail", "Orders", "Lifetime value", "Last order")
    table = rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(CS.rows, _row)),
        width="100%",
        variant="surface",
    )
    pager_row = pager(CS, rx.cond(CS.total == 1, " customer", " customers"))
    return rx.cond(
        CS.rows.length() > 0,
        rx.vstack(rx.box(table, overflow_x="auto", width="100%"), pager_row, width="100%"),
        empty_state(
            "users",
            rx.cond(CS.search != "", "No customer matches", "No customers yet"),
            "Everyone who buys on your storefront appears here with their orders and what "
            "they spent.",
        ),
    )


def customers_page() -> rx.Component:
    return shell(
        "Customers",
        form_alert(CS.error),
        _top(),
        rx.cond(CS.selected_id != "", _detail()),
        _table(),
        _erase_dialog(),
    )


ON_LOAD = [SessionState.load_session, CustomersState.open_page]
