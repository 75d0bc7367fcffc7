"""The Approvals page: one list of everything waiting on the owner."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.approvals.approvals_state import ApprovalsState
from bizq_app.ui.components.form import form_alert
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.state import SessionState

A = ApprovalsState


def _item(item: rx.Var) -> rx.Component:
    return rx.card(
        rx.hstack(
            rx.checkbox(
                checked=A.selected.contains(item["key"]),
                on_change=lambda checked: A.toggle(item["key"], checked),
                aria_label="Select " + item["title"],
            ),
            rx.vstack(
                rx.hstack(
                    rx.badge(item["label"], color_scheme="iris"),
                    rx.text(item["when"], size="1", color_scheme="gray"),
                    align="center",
                ),
                rx.text(item["title"], weight="bold"),
                rx.text(item["summary"], size="2"),
                rx.hstack(
                    rx.text(item["cost"], size="1", color_scheme="gray"),
                    rx.cond(
                        item["product"] != "",
                        rx.link("Open product", href=item["product"], size="1"),
                    ),
                    spacing="3",
                ),
                spacing="1",
                width="100%",
            ),
            rx.button(
                "Approve", size="1", color_scheme="green", on_click=A.approve_one(item["key"])
            ),
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
            "Approve selected",
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
