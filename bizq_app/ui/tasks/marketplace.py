"""The task marketplace page."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.components.form import field, form_alert, submit_button
from bizq_app.ui.components.schema_form import schema_form
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.components.text import json_block
from bizq_app.ui.state import SessionState
from bizq_app.ui.tasks.marketplace_state import CATEGORY_CHOICES, MarketplaceState

M = MarketplaceState


def _filters() -> rx.Component:
    return rx.flex(
        rx.select.root(
            rx.select.trigger(custom_attrs={"aria-label": "Category"}),
            rx.select.content(
                *[rx.select.item(label, value=key) for key, label in CATEGORY_CHOICES.items()]
            ),
            default_value="all",
            on_change=M.filter_category,
        ),
        rx.form(
            rx.hstack(
                rx.input(name="search", placeholder="Search tasks", aria_label="Search tasks"),
                rx.button("Search", type="submit", variant="soft"),
            ),
            on_submit=M.filter_search,
        ),
        spacing="3",
        wrap="wrap",
        width="100%",
    )


def _card(d: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.badge(d["category"]), rx.badge(d["origin"], variant="outline"), spacing="2"
            ),
            rx.heading(d["title"], size="3", as_="h2"),
            rx.text(d["description"], size="2", color_scheme="gray", class_name="bizq-clamp-3"),
            rx.hstack(
                rx.text(d["cost"], " credits", weight="bold", size="2"),
                rx.text("· ~", d["time"], " · ", d["workers"], size="2", color_scheme="gray"),
            ),
            rx.button(
                "Details and run",
                size="2",
                variant="soft",
                on_click=M.choose(d["name"]),
                aria_label="Run " + d["title"],
            ),
            spacing="2",
            align="start",
        ),
    )


def _detail() -> rx.Component:
    c = M.chosen
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(c["title"], size="5", as_="h2"),
                rx.spacer(),
                rx.button("Close", variant="ghost", on_click=M.close),
                width="100%",
            ),
            rx.text(c["description"]),
            rx.text(
                "Price: ",
                c["cost"],
                " credits · about ",
                c["time"],
                " · workers: ",
                c["workers"],
                " · owner approval: ",
                c["approval"],
                size="2",
            ),
            rx.cond(
                SessionState.can_operate,
                schema_form(
                    M.form_fields,
                    M.form_errors,
                    on_submit=M.run,
                    submit_label="Run task",
                    on_add=M.add_item,
                    on_remove=M.remove_item,
                    key=M.form_key,
                ),
                rx.text("Viewers cannot run tasks.", color_scheme="gray"),
            ),
            rx.accordion.root(
                rx.accordion.item(
                    header="Details for developers",
                    content=rx.vstack(
                        rx.text("Task type ", rx.code(c["name"]), size="2"),
                        json_block(c["input_schema"], "Input schema"),
                        width="100%",
                    ),
                ),
                rx.accordion.item(
                    header="Output schema",
                    content=json_block(c["output_schema"], "Output schema"),
                ),
                collapsible=True,
                type="multiple",
                width="100%",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _publish() -> rx.Component:
    e = M.custom_errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.text(
                    "You earn your royalty each time anyone's task of this type completes.",
                    size="2",
                    color_scheme="gray",
                ),
                form_alert(e.get("_form", "")),
                field(
                    "Name", "name", error=e.get("name", ""), placeholder="marketing.write_slogan"
                ),
                field("Title", "title", error=e.get("title", "")),
                field("Description", "description", error=e.get("description", "")),
                field(
                    "Price in credits",
                    "estimated_cost",
                    error=e.get("estimated_cost", ""),
                    placeholder="2.50",
                ),
                field(
                    "Estimated time (seconds)",
                    "estimated_time",
                    error=e.get("estimated_time", ""),
                    default_value="60",
                ),
                field(
                    "Royalty %",
                    "royalty_percentage",
                    error=e.get("royalty_percentage", ""),
                    default_value="10",
                    hint="0 to 50",
                ),
                rx.el.label("Worker", html_for="worker", class_name="bizq-label"),
                rx.el.select(
                    rx.el.option("ai"),
                    rx.el.option("human"),
                    rx.el.option("expert"),
                    name="worker",
                    id="worker",
                    class_name="bizq-select",
                ),
                rx.el.label(
                    "Input schema (JSON)", html_for="input_schema", class_name="bizq-label"
                ),
                rx.text_area(name="input_schema", id="input_schema", rows="5", width="100%"),
                rx.cond(e.contains("input_schema"), rx.text(e["input_schema"], color_scheme="red")),
                rx.el.label(
                    "Output schema (JSON)", html_for="output_schema", class_name="bizq-label"
                ),
                rx.text_area(name="output_schema", id="output_schema", rows="5", width="100%"),
                rx.cond(
                    e.contains("output_schema"), rx.text(e["output_schema"], color_scheme="red")
                ),
                rx.checkbox("Owner must approve output", name="requires_approval"),
                submit_button("Publish"),
                spacing="2",
                width="100%",
            ),
            on_submit=M.publish,
        ),
        width="100%",
    )


def marketplace_page() -> rx.Component:
    grid = rx.cond(
        M.definitions.length() > 0,
        rx.vstack(
            rx.grid(
                rx.foreach(M.definitions[: M.shown], _card),
                columns=rx.breakpoints(initial="1", sm="2", lg="3"),
                spacing="3",
                width="100%",
            ),
            rx.cond(
                M.definitions.length() > M.shown,
                rx.button(
                    "Show more task types",
                    variant="soft",
                    on_click=M.show_more,
                    id="marketplace-more",
                ),
            ),
            rx.text(
                rx.cond(M.definitions.length() > M.shown, M.shown, M.definitions.length()),
                " of ",
                M.definitions.length(),
                " task types",
                size="2",
                color_scheme="gray",
            ),
            width="100%",
            align="center",
        ),
        empty_state("search", "No task types match", "Try another category or search."),
    )
    return shell(
        "Marketplace",
        rx.text(
            "Every piece of work is a task with a fixed price and a guaranteed output format. "
            "Tasks marked ai run on BizQ rules (offline) unless an AI provider is configured.",
            color_scheme="gray",
            size="2",
        ),
        _filters(),
        rx.cond(M.chosen.contains("name"), _detail()),
        grid,
        rx.accordion.root(
            rx.accordion.item(header="Publish your own task type", content=_publish()),
            collapsible=True,
            type="single",
            width="100%",
        ),
    )


ON_LOAD = [SessionState.load_session, MarketplaceState.load]
