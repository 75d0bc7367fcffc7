"""Sections whose tools are on their way: each says what it will hold."""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from bizq_app.ui import routes
from bizq_app.ui.components.shell import empty_state, shell

SECTIONS: list[tuple[str, str, str, str, str]] = [
    (
        routes.ORDERS,
        "Orders",
        "shopping_cart",
        "No orders yet",
        "Orders from your storefront appear here with payment and fulfilment status.",
    ),
]


def section_page(title: str, icon: str, heading: str, text: str) -> Callable[[], rx.Component]:
    """A page builder showing the section's empty state."""

    def page() -> rx.Component:
        return shell(title, empty_state(icon, heading, text))

    page.__name__ = f"{title.lower()}_page"
    return page
