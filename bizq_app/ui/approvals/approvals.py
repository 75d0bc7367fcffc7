"""The Approvals page: one list of everything waiting on the owner."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.approvals.approvals_state import ApprovalsState
from bizq_app.ui.components.form import form_alert
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.state import SessionState

A = ApprovalsState


def _change(change: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(change["field"]),
        rx.table.cell(rx.el.del_(change["before"], class_name="diff-removed")),
        rx.table.cell(rx.el.ins(change["after"], class_name="diff-added")),
        custom_attrs={"data-change": change["field"]},
    )


def _changes(item: rx.Var) -> rx.Component:
    changes = item["changes"].to(list[dict[str, str]])
    return rx.cond(
        changes.length() > 0,
        rx.table.root(
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell("Field"),
                    rx.table.column_header_cell("Now"),
                    rx.table.column_header_cell("After approval"),
                )
            ),
            rx.table.body(rx.foreach(changes, _change)),
            size="1",
            width="100%",
            class_name="approval-changes",
            aria_label="What approving changes",
        ),
    )


def _decision(item: rx.Var) -> rx.Component:
    return rx.vstack(
        rx.button(
            item["approve_label"],
            size="1",
            color_scheme="green",
            on_click=A.approve_one(item["key"], item["cost"]),
            aria_label=item["approve_label"].to(str) + ": " + item["title"].to(str),
        ),
        rx.button(
            "Reject",
            size="1",
            variant="soft",
            color_scheme="red",
            on_click=A.reject_one(item["key"]),
            aria_label="Reject: " + item["title"].to(str),
        ),
        spacing="2",
        align="stretch",
    )


def _item(item: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.checkbox(
                checked=A.selected.contains(item["key"]),
                on_change=lambda checked: A.toggle(item["key"], checked),
                aria_label="Select " + item["title"].to(str),
            ),
            rx.vstack(
                rx.hstack(
                    rx.badge(item["label"], color_scheme="iris"),
                    rx.text(item["when"], size="1", color_scheme="gray"),
                    align="center",
                ),
                rx.text(item["title"], weight="bold"),
                rx.text(item["summary"], size="2"),
                _changes(item),
                rx.hstack(
                    rx.text(
                        item["cost_label"], size="2", weight="bold", class_name="approval-cost"
                    ),
                    rx.cond(
                        item["product"] != "",
                        rx.link("Open product", href=item["product"], size="1"),
                    ),
                    spacing="3",
                ),
                spacing="1",
                width="100%",
            ),
            rx.cond(SessionState.can_operate, _decision(item)),
            width="100%",
            align="start",
        ),
        width="100%",
        custom_attrs={"data-approval": item["key"]},
        class_name="approval-item",
    )


def _bulk() -> rx.Component:
    return rx.flex(
        rx.checkbox(
            "Select all",
            on_change=A.toggle_all,
            checked=(A.selected.length() == A.items.length()) & (A.items.length() > 0),
        ),
        rx.button(
            "Approve selected · ",
            A.selected_cost,
            " credits",
            color_scheme="green",
            on_click=A.approve_selected,
            disabled=A.selected.length() == 0,
        ),
        rx.form(
            rx.hstack(
                rx.input(
                    name="reason",
                    placeholder="Reason for rejecting",
                    required=True,
                    aria_label="Reason for rejecting",
                ),
                rx.button(
                    "Reject selected",
                    color_scheme="red",
                    variant="soft",
                    type="submit",
                    disabled=A.selected.length() == 0,
                ),
            ),
            on_submit=A.reject_selected,
        ),
        rx.spacer(),
        rx.button(rx.icon("refresh_cw"), "Check sales now", variant="soft", on_click=A.scan),
        gap="3",
        wrap="wrap",
        align="center",
        width="100%",
    )


def approvals_page() -> rx.Component:
    body = rx.cond(
        A.items.length() > 0,
        rx.vstack(rx.foreach(A.items, _item), width="100%", spacing="3"),
        empty_state(
            "circle_check",
            "Nothing waits for you",
            "Rewrites and price changes waiting for review, supplier moves when a product sells "
            "well, and reorders when stock runs low appear here.",
        ),
    )
    return shell("Approvals", form_alert(A.error), rx.cond(SessionState.can_operate, _bulk()), body)


ON_LOAD = [SessionState.load_session, ApprovalsState.load]
