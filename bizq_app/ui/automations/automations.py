"""The Automations page: rules that start tasks when something happens in the store."""

from __future__ import annotations

import reflex as rx

from bizq_app.automations import automation_rules as R
from bizq_app.ui import routes
from bizq_app.ui.automations.automations_state import AutomationsState
from bizq_app.ui.components.form import field, form_alert
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.components.text import visually_hidden
from bizq_app.ui.errors import FORM
from bizq_app.ui.state import SessionState

A = AutomationsState
SELECT = "bizq-select"


def _error(message: rx.Var) -> rx.Component:
    return rx.cond(message != "", rx.text(message, color_scheme="red", size="2", role="alert"))


def _label(text: str, html_for: str) -> rx.Component:
    return rx.el.label(text, html_for=html_for, class_name="bizq-label")


def _trigger() -> rx.Component:
    return rx.vstack(
        _label("When", "rule-trigger"),
        rx.el.select(
            *[rx.el.option(t, value=t) for t in R.TRIGGERS],
            id="rule-trigger",
            value=A.trigger,
            on_change=A.set_trigger,
            class_name=SELECT,
        ),
        _error(A.errors.get("trigger", "")),
        spacing="1",
        width="100%",
    )


def _condition(row: rx.Var) -> rx.Component:
    n = row["n"]
    return rx.vstack(
        rx.hstack(
            rx.el.select(
                rx.el.option("(no condition)", value=""),
                rx.foreach(A.event_fields, lambda f: rx.el.option(f, value=f)),
                name="cond" + n + ".field",
                default_value=row["field"],
                aria_label="Condition " + row["number"] + " field",
                class_name=SELECT,
            ),
            rx.el.select(
                *[rx.el.option(label, value=op) for op, label in R.OPERATOR_LABELS.items()],
                name="cond" + n + ".op",
                default_value=row["op"],
                aria_label="Condition " + row["number"] + " comparison",
                class_name=SELECT,
            ),
            rx.input(
                name="cond" + n + ".value",
                default_value=row["value"],
                placeholder="value",
                aria_label="Condition " + row["number"] + " value",
            ),
            spacing="2",
            width="100%",
        ),
        _error(row["error"]),
        spacing="1",
        width="100%",
    )


def _param(row: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.el.label(
            row["name"],
            rx.cond(row["required"] != "", " *", ""),
            html_for="param-" + row["name"],
            class_name="bizq-label",
        ),
        rx.input(
            name="param." + row["name"],
            id="param-" + row["name"],
            default_value=row["value"],
            width="100%",
        ),
        rx.cond(
            row["error"] != "",
            rx.text(row["error"], color_scheme="red", size="2", role="alert"),
            rx.text(row["description"], " (", row["type"], ")", color_scheme="gray", size="1"),
        ),
        spacing="1",
        width="100%",
    )


def _action() -> rx.Component:
    return rx.vstack(
        _label("Then start the task", "rule-task"),
        rx.el.select(
            rx.el.option("Choose a task…", value=""),
            *[rx.el.option(f"{t['title']} — {t['name']}", value=t["name"]) for t in R.task_types()],
            id="rule-task",
            value=A.task,
            on_change=A.set_task,
            class_name=SELECT,
        ),
        _error(A.errors.get("task", "")),
        rx.cond(
            A.params.length() > 0,
            rx.text(
                "Leave a param empty to use the task's default. Write {{field}} to fill it from "
                "the event, e.g. {{email}}.",
                size="1",
                color_scheme="gray",
            ),
        ),
        rx.foreach(A.params, _param),
        spacing="2",
        width="100%",
    )


def _form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading(
                    rx.cond(A.editing != "", "Change rule " + A.editing, "New rule"),
                    size="4",
                    as_="h2",
                ),
                form_alert(A.errors.get(FORM, "")),
                _error(A.errors.get("rule", "")),
                field(
                    "Rule name",
                    "name",
                    default_value=A.values.get("name", ""),
                    error=A.errors.get("name", ""),
                    hint="Saved as a short id: lower case, words joined by _.",
                ),
                _trigger(),
                rx.text("Only if (optional)", class_name="bizq-label"),
                rx.foreach(A.conditions, _condition),
                _action(),
                rx.hstack(
                    rx.button("Save rule", type="submit", size="3"),
                    rx.button(
                        "Cancel", type="button", variant="soft", size="3", on_click=A.close_form
                    ),
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=A.save,
            key=A.form_version.to_string(),
            id="rule-form",
        ),
        width="100%",
        max_width="44rem",
    )


def _switch(row: rx.Var) -> rx.Component:
    on = row["on"] == "yes"
    return rx.button(
        rx.cond(on, "Turn off", "Turn on"),
        size="1",
        variant=rx.cond(on, "soft", "solid"),
        color_scheme=rx.cond(on, "gray", "green"),
        on_click=A.switch(row["id"], row["on"] != "yes"),
        aria_label=rx.cond(on, "Turn off rule ", "Turn on rule ") + row["id"],
    )


def _rule_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.code(row["id"])),
        rx.table.cell(row["sentence"]),
        rx.table.cell(
            rx.text(
                row["cost"], size="2", weight=rx.cond(row["spends"] == "yes", "bold", "regular")
            ),
            class_name="rule-cost",
        ),
        rx.table.cell(
            rx.badge(
                rx.cond(row["on"] == "yes", "On", "Off"),
                color_scheme=rx.cond(row["on"] == "yes", "green", "gray"),
                class_name="rule-status",
            )
        ),
        rx.table.cell(
            rx.cond(
                SessionState.can_operate,
                rx.hstack(
                    _switch(row),
                    rx.button(
                        "Edit",
                        size="1",
                        variant="soft",
                        on_click=A.edit_rule(row["id"]),
                        aria_label="Edit rule " + row["id"],
                    ),
                    rx.button(
                        "Delete",
                        size="1",
                        variant="soft",
                        color_scheme="red",
                        on_click=A.delete(row["id"]),
                        aria_label="Delete rule " + row["id"],
                    ),
                ),
            )
        ),
        custom_attrs={"data-rule": row["id"]},
    )


def _rules() -> rx.Component:
    return rx.cond(
        A.rules.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell("Rule"),
                    rx.table.column_header_cell("What it does"),
                    rx.table.column_header_cell("What it spends"),
                    rx.table.column_header_cell("Runs"),
                    rx.table.column_header_cell(visually_hidden("Actions")),
                )
            ),
            rx.table.body(rx.foreach(A.rules, _rule_row)),
            width="100%",
            id="rules",
        ),
        empty_state(
            "zap",
            "No rules yet",
            "A rule starts a task when something happens: a new order, low stock, a finished "
            "task, a review, or every hour, day or week.",
        ),
    )


def _firing_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row["at"]),
        rx.table.cell(rx.code(row["rule"])),
        rx.table.cell(row["event"]),
        rx.table.cell(
            rx.badge(
                row["outcome"],
                color_scheme=rx.cond(row["outcome"] == "fired", "green", "red"),
            )
        ),
        rx.table.cell(
            row["note"],
            rx.cond(row["task_id"] != "", rx.link(" View tasks", href=routes.TASKS)),
        ),
        custom_attrs={"data-firing": row["rule"]},
    )


def _log() -> rx.Component:
    return rx.vstack(
        rx.heading("What fired", size="4", as_="h2"),
        rx.cond(
            A.firings.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[
                            rx.table.column_header_cell(h)
                            for h in ("When", "Rule", "Event", "Outcome", "Result")
                        ]
                    )
                ),
                rx.table.body(rx.foreach(A.firings, _firing_row)),
                width="100%",
                id="firings",
            ),
            rx.text(
                "Nothing has fired yet. Each firing and each failure (with the reason) "
                "is listed here as it happens.",
                size="2",
                color_scheme="gray",
            ),
        ),
        width="100%",
        spacing="2",
    )


def automations_page() -> rx.Component:
    return shell(
        "Automations",
        rx.text(
            "Rules run in the background when something happens in your store. They are part "
            "of your applied dashboard template: saving a rule saves and applies a new version. "
            "A rule that spends credits stays off until you turn it on.",
            size="2",
            color_scheme="gray",
        ),
        rx.cond(
            SessionState.can_operate & ~A.show_form,
            rx.button(
                rx.icon("plus", size=16), "New rule", on_click=A.new_rule, width="fit-content"
            ),
        ),
        rx.cond(A.show_form, _form()),
        _rules(),
        _log(),
    )


ON_LOAD = [SessionState.load_session, AutomationsState.open_page]
