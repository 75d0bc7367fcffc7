"""The store's dashboard."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui import routes
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.state import SessionState

_store = SessionState.current_store

NEXT_STEPS = [
    ("Add your first products", "Products", routes.PRODUCTS),
    ("Invite a manager or a viewer", "Settings", routes.SETTINGS),
    ("Browse the task catalog", "Marketplace", routes.MARKETPLACE),
]


def _store_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(_store["name"], size="5", as_="h2", id="store-name"),
                rx.badge(_store["role"]),
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


def _next_steps() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Next steps", size="4", as_="h2"),
            *[
                rx.hstack(
                    rx.icon("circle", size=14),
                    rx.text(text),
                    rx.spacer(),
                    rx.link(place, href=href),
                    width="100%",
                    align="center",
                )
                for text, place, href in NEXT_STEPS
            ],
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def dashboard_page() -> rx.Component:
    body = rx.cond(
        _store["id"] != "",
        rx.vstack(
            _store_card(),
            empty_state(
                "chart_line",
                "No sales yet",
                "Revenue, orders and running tasks appear here as soon as your store has them.",
            ),
            _next_steps(),
            spacing="4",
            width="100%",
        ),
        empty_state(
            "store",
            "Create your first store",
            "Answer five questions and BizQ builds it: niche research, suppliers, 10 draft "
            "products and a brand, in under a minute.",
            rx.hstack(
                rx.link(rx.button(rx.icon("rocket"), "Quick setup"), href=routes.SETUP),
                rx.link(rx.button("Create an empty store", variant="soft"), href=routes.STORES),
            ),
        ),
    )
    return shell("Dashboard", body)
