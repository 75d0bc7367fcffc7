"""The component registry's Reflex side: how each kind of dashboard block is drawn.

The block list (names, props schemas, sizes) lives in ``services/components.py``;
``services/dashboard_blocks.py`` fills every block into one flat shape, and this
module draws that shape by its ``kind``. Blocks are placed on a 12-column grid
(desktop) or stacked in the mobile layout's order.
"""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.dashboards.dashboard_state import DashboardState


def _title(block: rx.Var) -> rx.Component:
    return rx.cond(block["title"] != "", rx.heading(block["title"].to(str), size="3", as_="h3"))


def _actions(block: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.foreach(
            block["actions"].to(list[dict[str, str]]),
            lambda a: rx.button(
                a["label"],
                size="1",
                variant="soft",
                on_click=DashboardState.run_action(block["id"].to(str), a["key"]),
            ),
        ),
        wrap="wrap",
    )


def _rows(block: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.foreach(
            block["rows"].to(list[dict[str, str]]),
            lambda r: rx.hstack(
                rx.cond(
                    r["href"] != "",
                    rx.link(r["primary"], href=r["href"], size="2"),
                    rx.text(r["primary"], size="2"),
                ),
                rx.spacer(),
                rx.text(r["secondary"], size="1", color_scheme="gray"),
                width="100%",
            ),
        ),
        spacing="1",
        width="100%",
    )


def _metric(block: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.text(block["title"].to(str), size="2", color_scheme="gray"),
        rx.text(block["value"].to(str), size="7", weight="bold", class_name="metric-value"),
        rx.text(block["hint"].to(str), size="1", color_scheme="gray"),
        spacing="1",
    )


def _chart(block: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            _title(block),
            rx.spacer(),
            rx.text(block["value"].to(str), size="1", color_scheme="gray"),
            width="100%",
            align="center",
        ),
        rx.cond(
            block["hint"] != "",
            rx.text(block["hint"].to(str), size="1", color_scheme="gray", class_name="chart-empty"),
        ),
        rx.recharts.bar_chart(
            rx.recharts.bar(data_key="value", fill="var(--accent-9)"),
            rx.recharts.x_axis(data_key="label", tick={"fontSize": 10}),
            rx.recharts.y_axis(tick={"fontSize": 10}, width=40),
            rx.recharts.graphing_tooltip(),
            data=block["points"].to(list[dict[str, str]]),
            height=180,
            width="100%",
        ),
        width="100%",
    )


def _insight(block: rx.Var) -> rx.Component:
    return rx.vstack(
        _title(block),
        rx.cond(block["value"] != "", rx.text(block["value"].to(str), size="5", weight="bold")),
        rx.cond(block["text"] != "", rx.text(block["text"].to(str), size="2")),
        _rows(block),
        rx.cond(block["hint"] != "", rx.text(block["hint"].to(str), size="1", color_scheme="gray")),
        _actions(block),
        spacing="2",
        width="100%",
    )


def _primitive(block: rx.Var) -> rx.Component:
    return rx.match(
        block["kind"],
        ("heading", rx.heading(block["title"].to(str), size="6", as_="h2")),
        ("text", rx.text(block["text"].to(str))),
        ("badge", rx.badge(block["title"].to(str), size="2")),
        ("image", rx.image(src=block["src"].to(str), alt=block["title"].to(str), width="100%")),
        ("divider", rx.separator(size="4")),
        ("button", _actions(block)),
        (
            "stat",
            rx.vstack(
                rx.text(block["title"].to(str), size="2"),
                rx.text(block["value"].to(str), size="6", weight="bold"),
            ),
        ),
        _insight(block),
    )


def render_block(block: rx.Var) -> rx.Component:
    """One block, in a card placed by its layout."""
    body = rx.match(
        block["kind"],
        ("metric", _metric(block)),
        ("chart", _chart(block)),
        ("list", _insight(block)),
        ("launcher", _insight(block)),
        ("insight", _insight(block)),
        _primitive(block),
    )
    return rx.card(
        body,
        class_name="dashboard-block",
        custom_attrs={
            "data-block": block["id"].to(str),
            "data-component": block["component"].to(str),
        },
        grid_column=block["grid_column"].to(str),
        grid_row=block["grid_row"].to(str),
        order=block["order"].to(str),
        overflow="hidden",
    )
