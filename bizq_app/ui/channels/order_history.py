"""The channel card's "Import earlier orders": the orders placed before the connection,
imported as history at the seller's request."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.channels.settings_channels_state import ChannelsState

DAYS = ("30", "90", "180", "365")


def history_form() -> rx.Component:
    """How many days before the connection to import, and the button that queues it."""
    return rx.form(
        rx.vstack(
            rx.text(
                "Orders placed before you connected are not imported by themselves. Import "
                "them as history: they count in your reports and customers, take no stock "
                "and send no e-mail.",
                size="2",
                color_scheme="gray",
            ),
            rx.hstack(
                rx.select.root(
                    rx.select.trigger(aria_label="How far back"),
                    rx.select.content(
                        *[rx.select.item(f"The {d} days before", value=d) for d in DAYS]
                    ),
                    name="days",
                    default_value="30",
                ),
                rx.button("Import earlier orders", type="submit", variant="outline"),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            spacing="1",
        ),
        on_submit=ChannelsState.import_history,
        reset_on_submit=False,
        id="channel-history",
    )
