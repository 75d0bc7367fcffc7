"""The Templates page."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui import routes
from bizq_app.ui.components.buttons import link_button
from bizq_app.ui.components.shell import shell
from bizq_app.ui.dashboards.templates_state import TemplatesState
from bizq_app.ui.state import SessionState

T = TemplatesState
# The colour of a block in the preview, by its component's category.
CATEGORY_COLOURS = {
    "metric": "blue",
    "chart": "violet",
    "list": "teal",
    "tasks": "amber",
    "insight": "green",
}


def _preview_button(row: rx.Var) -> rx.Component:
    return rx.button(
        rx.icon("eye", size=14),
        "Preview",
        size="1",
        variant="soft",
        color_scheme="gray",
        on_click=T.preview(row["id"]),
        aria_label="Preview " + row["name"],
    )


def _preview_block(block: rx.Var) -> rx.Component:
    colour = rx.match(
        block["category"],
        *[(category, f"var(--{c}-4)") for category, c in CATEGORY_COLOURS.items()],
        "var(--gray-4)",
    )
    return rx.box(
        rx.text(block["label"], size="1", weight="bold", class_name="bizq-clip"),
        rx.text(block["component"], size="1", color_scheme="gray", class_name="bizq-clip"),
        grid_column=block["column"],
        grid_row=block["row"],
        background=colour,
        border_radius="var(--radius-2)",
        padding="0.3rem 0.45rem",
        overflow="hidden",
        class_name="preview-block",
        title=block["label"] + " (" + block["component"] + ")",
    )


def _offered_rule(rule: rx.Var) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.checkbox(name="rule-" + rule["id"], aria_label="Accept rule " + rule["id"]),
            rx.vstack(
                rx.text(rule["summary"], size="2", weight="medium"),
                rx.text(rule["cost"], size="1", color_scheme="gray"),
                spacing="0",
            ),
            align="start",
            spacing="2",
        ),
        class_name="offered-rule",
    )


def _rules_dialog() -> rx.Component:
    """The rules a bought template brings: none runs unless its box is ticked."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Automation rules in this template"),
            rx.dialog.description(
                "These rules start paid tasks in your store. Tick the ones you want; "
                "the others are left out.",
                size="2",
                color_scheme="gray",
            ),
            rx.form(
                rx.vstack(
                    rx.foreach(T.offered_rules, _offered_rule),
                    rx.hstack(
                        rx.dialog.close(
                            rx.button("Cancel", type="button", variant="soft", color_scheme="gray")
                        ),
                        rx.button("Apply with the ticked rules", type="submit"),
                        justify="end",
                        spacing="3",
                        width="100%",
                    ),
                    spacing="3",
                    margin_top="1rem",
                ),
                on_submit=T.apply_with_rules,
                reset_on_submit=True,
            ),
            id="template-rules",
        ),
        open=T.rules_open,
        on_open_change=T.set_rules_open,
    )


def _preview_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Preview: ", T.preview_name),
            rx.dialog.description(T.preview_description, size="2", color_scheme="gray"),
            rx.box(
                rx.foreach(T.preview_blocks, _preview_block),
                display="grid",
                grid_template_columns="repeat(12, minmax(0, 1fr))",
                grid_auto_rows="26px",
                gap="6px",
                margin_y="1rem",
                id="template-preview",
                aria_label="Desktop layout of " + T.preview_name,
            ),
            rx.text(
                T.preview_blocks.length(),
                " blocks, shown where they sit on a desktop screen. "
                "On a phone they stack in one column.",
                size="1",
                color_scheme="gray",
            ),
            rx.flex(
                rx.dialog.close(rx.button("Close", variant="soft")),
                justify="end",
                margin_top="0.75rem",
            ),
            max_width="56rem",
        ),
        open=T.preview_open,
        on_open_change=T.set_preview_open,
    )


def _card(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(row["name"], size="4", as_="h2"),
                rx.badge(row["category"]),
                rx.cond(row["active"] != "", rx.badge("In use", color_scheme="green")),
                rx.spacer(),
                rx.text("v", row["version"], " · ", row["blocks"], " blocks", size="1"),
                width="100%",
                align="center",
            ),
            rx.text(row["description"], size="2"),
            rx.cond(
                (row["own"] != "") & SessionState.can_operate,
                rx.cond(
                    row["public"] != "",
                    rx.text(row["public"], size="1", color_scheme="green"),
                    rx.form(
                        rx.hstack(
                            rx.el.input(type="hidden", name="template_id", value=row["id"]),
                            rx.input(
                                name="price",
                                placeholder="Price in credits (0–100)",
                                aria_label="Price for " + row["name"],
                                size="1",
                            ),
                            rx.button("Publish", size="1", variant="soft", type="submit"),
                        ),
                        on_submit=T.publish,
                    ),
                ),
            ),
            rx.hstack(
                rx.text(row["origin"], size="1", color_scheme="gray"),
                rx.spacer(),
                _preview_button(row),
                rx.cond(
                    SessionState.can_operate,
                    rx.button(
                        "Apply",
                        size="1",
                        on_click=T.apply(row["id"]),
                        aria_label="Apply " + row["name"],
                    ),
                ),
                width="100%",
                align="center",
            ),
            width="100%",
        ),
        width="100%",
        class_name="template-card",
    )


def templates_page() -> rx.Component:
    return shell(
        "Templates",
        rx.hstack(
            rx.text(
                "A dashboard is a template of blocks. Apply one in a click, or arrange your own.",
                color_scheme="gray",
            ),
            rx.spacer(),
            link_button(rx.icon("layout_grid"), "Open the builder", href=routes.BUILDER),
            width="100%",
            align="center",
        ),
        rx.cond(
            T.own_rows.length() > 0,
            rx.vstack(
                rx.heading("Your templates", size="5", as_="h2"),
                rx.grid(
                    rx.foreach(T.own_rows, _card),
                    columns=rx.breakpoints(initial="1", md="2"),
                    spacing="3",
                    width="100%",
                ),
                width="100%",
                id="own-templates",
            ),
        ),
        rx.heading("BizQ templates", size="5", as_="h2"),
        rx.grid(
            rx.foreach(T.shipped_rows, _card),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="3",
            width="100%",
            id="shipped-templates",
        ),
        rx.heading("Marketplace", size="5", as_="h2"),
        rx.cond(
            T.market.length() > 0,
            rx.grid(
                rx.foreach(T.market, _listing),
                columns=rx.breakpoints(initial="1", md="2"),
                spacing="3",
                width="100%",
            ),
            rx.text("No other store has published a template yet.", color_scheme="gray"),
        ),
        _preview_dialog(),
        _rules_dialog(),
    )


def _listing(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(row["name"], size="4", as_="h3"),
                rx.badge(row["category"]),
                rx.spacer(),
                rx.text(
                    row["blocks"], " blocks · applied ", row["applications"], " times", size="1"
                ),
                width="100%",
            ),
            rx.text(row["description"], size="2"),
            rx.hstack(
                _preview_button(row),
                rx.cond(
                    SessionState.can_operate,
                    rx.button(
                        "Apply for ",
                        row["price"],
                        " credits",
                        size="1",
                        on_click=T.apply(row["id"]),
                        aria_label="Buy " + row["name"],
                    ),
                ),
            ),
            width="100%",
        ),
        width="100%",
        class_name="template-listing",
    )


ON_LOAD = [SessionState.load_session, TemplatesState.load]
