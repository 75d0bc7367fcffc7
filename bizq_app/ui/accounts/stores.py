"""All my stores, and a form to create one."""

from __future__ import annotations

import reflex as rx

from bizq_app.accounts.stores import CURRENCIES
from bizq_app.ui import routes
from bizq_app.ui.accounts.stores_state import StoresState
from bizq_app.ui.components.buttons import link_button
from bizq_app.ui.components.form import field, form_alert, submit_button
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.components.text import visually_hidden
from bizq_app.ui.state import SessionState

_errors = StoresState.create_errors


def _create_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Create a store", size="4", as_="h2"),
                form_alert(_errors.get("_form", "")),
                rx.flex(
                    field(
                        "Store name",
                        "name",
                        error=_errors.get("name", ""),
                        required=True,
                        placeholder="e.g. Calm Corner Candles",
                        max_length=80,
                    ),
                    field(
                        "Address (optional)",
                        "slug",
                        error=_errors.get("slug", ""),
                        placeholder="calm-corner-candles",
                        hint="Lower-case letters, digits and dashes; made from the name if empty.",
                    ),
                    rx.vstack(
                        rx.el.label("Currency", html_for="currency", class_name="bizq-label"),
                        rx.select(
                            sorted(CURRENCIES),
                            name="currency",
                            default_value="USD",
                            id="currency",
                            size="3",
                        ),
                        rx.cond(
                            _errors.get("currency", "") != "",
                            rx.text(_errors.get("currency", ""), color_scheme="red", size="2"),
                        ),
                        spacing="1",
                        align="start",
                    ),
                    direction=rx.breakpoints(initial="column", md="row"),
                    spacing="3",
                    width="100%",
                ),
                submit_button("Create store"),
                spacing="3",
                width="100%",
            ),
            on_submit=StoresState.create_store,
            reset_on_submit=False,
        ),
        width="100%",
    )


def _store_row(store: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(store["name"]),
        rx.table.cell(rx.code(store["slug"])),
        rx.table.cell(store["currency"]),
        rx.table.cell(rx.badge(store["role"])),
        rx.table.cell(
            rx.button(
                "Open", size="1", variant="soft", on_click=StoresState.open_store(store["id"])
            )
        ),
    )


def _store_table() -> rx.Component:
    return rx.cond(
        SessionState.stores.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    *[
                        rx.table.column_header_cell(h)
                        for h in (
                            "Name",
                            "Address",
                            "Currency",
                            "Your role",
                            visually_hidden("Actions"),
                        )
                    ]
                )
            ),
            rx.table.body(rx.foreach(SessionState.stores, _store_row)),
            width="100%",
            variant="surface",
        ),
        empty_state(
            "store",
            "No stores yet",
            "Create your first store below, or let Quick setup build one from five answers.",
            link_button(rx.icon("rocket"), "Quick setup", href=routes.SETUP),
        ),
    )


def stores_page() -> rx.Component:
    return shell("Your stores", _store_table(), _create_form(), store_scoped=False)
