"""The store's dashboard."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui import routes
from bizq_app.ui.components.buttons import link_button
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.dashboards.dashboard_state import DashboardState
from bizq_app.ui.dashboards.registry import render_block
from bizq_app.ui.state import SessionState

_store = SessionState.current_store


def _store_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(_store["name"], size="5", as_="h2", id="store-name"),
                rx.badge(_store["role"]),
                rx.spacer(),
                rx.text("Template: ", DashboardState.template_name, size="1", color_scheme="gray"),
                rx.link("Change", href=routes.TEMPLATES, size="1"),
                align="center",
                spacing="3",
            ),
            rx.text(
                "Address: ",
                rx.code(_store["slug"]),
                " · Currency: ",
                _store["currency"],
                size="2",
                color_scheme="gray",
            ),
            spacing="2",
        ),
        width="100%",
    )


def _grid() -> rx.Component:
    return rx.box(
        rx.foreach(DashboardState.blocks, render_block),
        display="grid",
        grid_template_columns=rx.breakpoints(initial="1fr", md="repeat(12, minmax(0, 1fr))"),
        grid_auto_rows="minmax(3.5rem, auto)",
        gap="0.75rem",
        width="100%",
        class_name="dashboard-grid",
        id="dashboard-grid",
    )


def dashboard_page() -> rx.Component:
    body = rx.cond(
        _store["id"] != "",
        rx.vstack(
            _store_card(),
            _grid(),
            spacing="4",
            width="100%",
        ),
        empty_state(
            "store",
            "Create your first store",
            "Answer five questions and BizQ builds it: niche research, suppliers, 10 draft "
            "products and a brand, in under a minute.",
            rx.hstack(
                link_button(rx.icon("rocket"), "Quick setup", href=routes.SETUP),
                link_button("Create an empty store", variant="soft", href=routes.STORES),
            ),
        ),
    )
    return shell("Dashboard", body, store_scoped=False)


ON_LOAD = [SessionState.load_session, DashboardState.open_page]
