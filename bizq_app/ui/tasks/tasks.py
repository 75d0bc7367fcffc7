"""The Tasks page: live list, filters, detail with history, cancel, retry, review."""

from __future__ import annotations

import reflex as rx

from bizq_app.core.pagination import DEFAULT_LIMIT
from bizq_app.tasks.models import STATUS_LABELS
from bizq_app.ui import routes
from bizq_app.ui.components.buttons import link_button
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.components.text import json_block
from bizq_app.ui.state import SessionState
from bizq_app.ui.tasks.tasks_state import STATUSES, TasksState

T = TasksState
COLOURS = {
    "completed": "green",
    "failed": "red",
    "cancelled": "gray",
    "running": "blue",
    "queued": "iris",
    "pending": "amber",
    "awaiting_review": "orange",
}


def status_badge(status: rx.Var) -> rx.Component:
    """The status in the seller's words; the status itself in ``data-status``."""
    return rx.badge(
        rx.match(status, *STATUS_LABELS.items(), status),
        color_scheme=rx.match(status, *COLOURS.items(), "gray"),
        class_name="task-status",
        custom_attrs={"data-status": status},
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.link(
                row["title"],
                on_click=T.select(row["id"]),
                href="#",
                aria_label="Open task " + row["id"],
            )
        ),
        rx.table.cell(status_badge(row["status"])),
        rx.table.cell(row["cost"]),
        rx.table.cell(row["created"]),
        custom_attrs={"data-task-id": row["id"]},
    )


def _list() -> rx.Component:
    table = rx.table.root(
        rx.table.header(
            rx.table.row(
                *[rx.table.column_header_cell(h) for h in ("Task", "Status", "Credits", "Created")]
            )
        ),
        rx.table.body(rx.foreach(T.rows, _row)),
        width="100%",
        variant="surface",
        id="tasks-list",
    )
    pager = rx.hstack(
        rx.button(
            "Previous", size="1", variant="soft", on_click=T.previous_page, disabled=T.page == 0
        ),
        rx.text(T.total, " tasks · page ", T.page + 1, size="2"),
        rx.button(
            "Next",
            size="1",
            variant="soft",
            on_click=T.next_page,
            disabled=(T.page + 1) * DEFAULT_LIMIT >= T.total,
        ),
        align="center",
        spacing="3",
    )
    return rx.cond(
        T.rows.length() > 0,
        rx.vstack(table, pager, width="100%"),
        empty_state(
            "list_checks",
            "No tasks here yet",
            "Run one from the Marketplace: it appears here and updates live.",
            link_button("Open the Marketplace", href=routes.MARKETPLACE),
        ),
    )


def _review() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(
                "This output waits for your approval. Approving completes and charges it; "
                "rejecting is free.",
                size="2",
            ),
            rx.button("Approve", color_scheme="green", on_click=T.approve),
            rx.form(
                rx.hstack(
                    rx.input(
                        name="reason",
                        placeholder="Why reject?",
                        required=True,
                        aria_label="Reason for rejecting",
                    ),
                    rx.checkbox("Try again", name="retry", default_checked=True),
                    rx.button("Reject", color_scheme="red", type="submit"),
                    align="center",
                    wrap="wrap",
                ),
                on_submit=T.reject,
            ),
            spacing="2",
        ),
        width="100%",
    )


def report(blocks: rx.Var, id: str) -> rx.Component:
    """A task's input or output as ``tasks.reports`` lays it out: label and value, a list,
    or a table."""
    return rx.vstack(rx.foreach(blocks, _report_block), width="100%", spacing="3", id=id)


def _report_block(block: rx.Var) -> rx.Component:
    label = rx.text(block["label"], weight="bold", size="2")
    items = block["items"].to(list[str])
    columns = block["columns"].to(list[str])
    rows = block["rows"].to(list[list[str]])
    return rx.match(
        block["kind"],
        ("list", rx.box(label, rx.el.ul(rx.foreach(items, lambda i: rx.el.li(i))), width="100%")),
        (
            "table",
            rx.box(
                label,
                rx.table.root(
                    rx.table.header(
                        rx.table.row(rx.foreach(columns, lambda c: rx.table.column_header_cell(c)))
                    ),
                    rx.table.body(
                        rx.foreach(
                            rows,
                            lambda r: rx.table.row(rx.foreach(r, lambda v: rx.table.cell(v))),
                        )
                    ),
                    size="1",
                    variant="surface",
                ),
                width="100%",
                overflow_x="auto",
            ),
        ),
        rx.hstack(label, rx.text(block["text"], size="2"), wrap="wrap", spacing="2"),
    )


def _detail() -> rx.Component:
    d = T.detail
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading(d["title"], size="4", as_="h2"),
                status_badge(d["status"]),
                rx.spacer(),
                rx.button("Close", variant="ghost", on_click=T.select("")),
                width="100%",
                align="center",
            ),
            rx.text(d["reason"], id="task-reason", color_scheme="gray", size="2"),
            rx.text("Cost ", d["cost"], " credits · attempt ", d["attempt"], size="2"),
            rx.cond(
                SessionState.can_operate,
                rx.hstack(
                    rx.cond(
                        (d["status"] == "pending")
                        | (d["status"] == "queued")
                        | (d["status"] == "running"),
                        rx.button(
                            "Cancel task", color_scheme="red", variant="soft", on_click=T.cancel
                        ),
                    ),
                    rx.cond(
                        (d["status"] == "failed") | (d["status"] == "cancelled"),
                        rx.button("Run again", variant="soft", on_click=T.retry),
                    ),
                ),
            ),
            rx.cond((d["status"] == "awaiting_review") & SessionState.can_operate, _review()),
            rx.cond(
                d["output"] != "",
                rx.vstack(
                    rx.heading("Result", size="3", as_="h3"),
                    report(T.output_report, "task-result"),
                    width="100%",
                ),
            ),
            rx.heading("Asked for", size="3", as_="h3"),
            report(T.input_report, "task-input"),
            rx.el.details(
                rx.el.summary("Details"),
                rx.text("Task type ", rx.code(d["type"]), size="2"),
                json_block(d["input"], "Task input as JSON", width="100%"),
                rx.cond(
                    d["output"] != "", json_block(d["output"], "Task output as JSON", width="100%")
                ),
                width="100%",
            ),
            rx.heading("History", size="3", as_="h3"),
            rx.foreach(
                T.history, lambda h: rx.text(h["when"], " · ", h["what"], " ", h["note"], size="2")
            ),
            spacing="2",
            width="100%",
        ),
        width="100%",
        id="task-detail",
    )


def tasks_page() -> rx.Component:
    top = rx.hstack(
        rx.select.root(
            rx.select.trigger(custom_attrs={"aria-label": "Filter by status"}),
            rx.select.content(
                *[rx.select.item(STATUS_LABELS.get(s, "All statuses"), value=s) for s in STATUSES]
            ),
            value=T.status_filter,
            on_change=T.set_status_filter,
        ),
        rx.spacer(),
        rx.text(
            "Credits: ",
            rx.text.strong(T.credits["balance"]),
            " · available ",
            T.credits["available"],
            size="2",
        ),
        width="100%",
        align="center",
    )
    return shell("Tasks", top, rx.cond(T.selected_id != "", _detail()), _list())


ON_LOAD = [SessionState.load_session, TasksState.open_page]
