"""The Workers page: the registry, and the inbox for people who work on tasks."""

from __future__ import annotations

import reflex as rx

from bizq_app.tasks.catalog import CATEGORIES
from bizq_app.ui.components.form import field, form_alert, submit_button
from bizq_app.ui.components.schema_form import schema_form
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.components.text import json_block
from bizq_app.ui.state import SessionState
from bizq_app.ui.tasks.workers_state import WorkersState

W = WorkersState


def _registry() -> rx.Component:
    row = lambda w: rx.table.row(  # noqa: E731
        rx.table.row_header_cell(w["name"]),
        rx.table.cell(w["kind"]),
        rx.table.cell(w["skills"], max_width="18rem"),
        rx.table.cell(w["rating"]),
        rx.table.cell(w["price"]),
        rx.table.cell(w["load"]),
        rx.table.cell(w["earned"]),
        rx.table.cell(w["active"]),
    )
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                *[
                    rx.table.column_header_cell(h)
                    for h in (
                        "Worker",
                        "Kind",
                        "Skills",
                        "Rating",
                        "Price ×",
                        "Load",
                        "Earned",
                        "Active",
                    )
                ]
            )
        ),
        rx.table.body(rx.foreach(W.registry, row)),
        width="100%",
        variant="surface",
    )


def _register() -> rx.Component:
    e = W.register_errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Work on tasks", size="4", as_="h2"),
                rx.text(
                    "Register as a person who takes tasks; you only ever see the input of the "
                    "task you claim.",
                    size="2",
                    color_scheme="gray",
                ),
                form_alert(e.get("_form", "")),
                field("Display name", "name", error=e.get("name", ""), required=True),
                rx.el.select(
                    rx.el.option("human"),
                    rx.el.option("expert"),
                    name="kind",
                    class_name="bizq-select",
                    aria_label="Kind",
                ),
                rx.text("Skills", weight="bold", size="2"),
                rx.flex(
                    *[rx.checkbox(c, name=f"skill_{c}") for c in CATEGORIES],
                    wrap="wrap",
                    spacing="3",
                ),
                rx.cond(e.contains("skills"), rx.text(e["skills"], color_scheme="red", size="2")),
                submit_button("Register"),
                spacing="2",
                width="100%",
            ),
            on_submit=W.register,
        ),
        width="100%",
    )


def _offer(o: rx.Var) -> rx.Component:
    return rx.hstack(
        rx.vstack(rx.text(o["title"], weight="bold"), rx.code(o["type"], size="1"), spacing="1"),
        rx.spacer(),
        rx.text(o["pay"], " credits", size="2"),
        rx.button(
            "Claim", size="1", on_click=W.claim(o["task_id"]), aria_label="Claim " + o["type"]
        ),
        width="100%",
        align="center",
    )


def _inbox() -> rx.Component:
    working = W.working_on
    return rx.vstack(
        rx.heading("Your inbox", size="4", as_="h2"),
        rx.cond(
            W.offers.length() > 0,
            rx.vstack(rx.foreach(W.offers, _offer), width="100%"),
            rx.text("Nothing to claim right now.", color_scheme="gray"),
        ),
        rx.cond(
            W.mine.length() > 0,
            rx.vstack(
                rx.heading("Claimed by you", size="3", as_="h3"),
                rx.foreach(
                    W.mine,
                    lambda t: rx.hstack(
                        rx.text(t["title"]),
                        rx.text("until ", t["expires"], size="1"),
                        rx.button(
                            "Open", size="1", variant="soft", on_click=W.open_task(t["task_id"])
                        ),
                        align="center",
                    ),
                ),
                width="100%",
            ),
        ),
        rx.cond(
            working.contains("task_id"),
            rx.card(
                rx.vstack(
                    rx.heading(working["title"], size="4", as_="h2"),
                    rx.text(working["description"], size="2"),
                    rx.heading("Input", size="3", as_="h3"),
                    json_block(working["input"], "Task input", width="100%"),
                    rx.heading("Your output", size="3", as_="h3"),
                    schema_form(
                        W.form_fields,
                        W.form_errors,
                        on_submit=W.submit,
                        submit_label="Submit output",
                        on_add=W.add_item,
                        on_remove=W.remove_item,
                        key=W.form_key,
                    ),
                    width="100%",
                ),
                width="100%",
            ),
        ),
        width="100%",
        spacing="3",
    )


def workers_page() -> rx.Component:
    return shell(
        "Workers",
        rx.cond(
            W.registry.length() > 0,
            _registry(),
            empty_state("users", "No workers", "Seed data is missing."),
        ),
        rx.cond(W.is_worker, _inbox(), _register()),
        store_scoped=False,  # people who work for stores need none of their own
    )


ON_LOAD = [SessionState.load_session, WorkersState.load]
