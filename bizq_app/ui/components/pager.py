"""Previous / "N things · page X of Y" / Next under a paged list."""

from __future__ import annotations

from typing import Any

import reflex as rx


def pager(state: Any, *counted: rx.Component | rx.Var | str) -> rx.Component:
    """``state`` mixes in ``PagedState``; ``counted`` says what the total counts
    (" products", or a Var that says "customer" or "customers")."""
    return rx.hstack(
        rx.button(
            "Previous",
            size="1",
            variant="soft",
            on_click=state.previous_page,
            disabled=state.page == 0,
        ),
        rx.text(
            state.total, *counted, " · page ", state.page + 1, " of ", state.page_count, size="2"
        ),
        rx.button(
            "Next",
            size="1",
            variant="soft",
            on_click=state.next_page,
            disabled=state.page + 1 >= state.page_count,
        ),
        align="center",
        spacing="3",
    )
