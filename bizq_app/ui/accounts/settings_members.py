"""Settings → Members: who works on the store, their roles, and admitted marketplace
workers."""

from __future__ import annotations

import reflex as rx

from bizq_app.accounts.models import Role
from bizq_app.ui.accounts.settings import settings_section
from bizq_app.ui.accounts.settings_state import SettingsState
from bizq_app.ui.components.form import field, inline_form, labelled_select, submit_button
from bizq_app.ui.state import SessionState

ROLES = [r.value for r in Role]


def _role_cell(member: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.cond(
        SessionState.is_owner,
        labelled_select(
            ROLES,
            value=member["role"],
            size="1",
            aria_label=member["email"] + "'s role",
            on_change=lambda role: SettingsState.change_role(member["user_id"], role),
        ),
        rx.badge(member["role"]),
    )


def _member_row(member: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(member["email"]),
        rx.table.cell(member["name"]),
        rx.table.cell(_role_cell(member)),
        rx.table.cell(
            rx.cond(
                SessionState.is_owner,
                rx.button(
                    "Remove",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=SettingsState.remove_member(member["user_id"]),
                ),
            )
        ),
    )


def _add_member_form() -> rx.Component:
    errors = SettingsState.member_errors
    return inline_form(
        field(
            "Member's e-mail",
            "email",
            type="email",
            error=errors.get("email", ""),
            required=True,
            hint="They need a BizQ account already.",
        ),
        rx.vstack(
            rx.el.label("Role", html_for="role", class_name="bizq-label"),
            rx.select(ROLES, name="role", id="role", default_value="viewer"),
            spacing="1",
        ),
        submit_button("Add member"),
        on_submit=SettingsState.add_member,
    )


def _members() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Store members", size="4", as_="h2"),
            rx.text(
                "Owners do everything; managers run the store but cannot delete it or change "
                "members; viewers only read.",
                size="2",
                color_scheme="gray",
            ),
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        *[rx.table.column_header_cell(h) for h in ("E-mail", "Name", "Role", "")]
                    )
                ),
                rx.table.body(rx.foreach(SettingsState.members, _member_row)),
                width="100%",
            ),
            rx.cond(SessionState.is_owner, _add_member_form()),
            rx.heading("Marketplace workers", size="3", as_="h3"),
            rx.text(
                "People who do human tasks for stores. Your members can always take your "
                "store's human tasks; a marketplace worker only once you admit them, and only "
                "the one who claims a task sees its input.",
                size="2",
                color_scheme="gray",
            ),
            rx.cond(
                SettingsState.people.length() > 0,
                rx.table.root(
                    rx.table.body(rx.foreach(SettingsState.people, _person_row)), width="100%"
                ),
                rx.text("No one has registered as a worker yet.", size="2"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _person_row(person: rx.Var[dict[str, str]]) -> rx.Component:
    admitted = person["admitted"] != ""
    return rx.table.row(
        rx.table.row_header_cell(person["name"]),
        rx.table.cell(person["skills"]),
        rx.table.cell(rx.cond(admitted, rx.badge("admitted", color_scheme="green"), "")),
        rx.table.cell(
            rx.cond(
                SessionState.is_owner,
                rx.button(
                    rx.cond(admitted, "Dismiss", "Admit"),
                    size="1",
                    variant="soft",
                    on_click=SettingsState.admit_worker(person["id"], ~admitted),
                    aria_label=rx.cond(admitted, "Dismiss ", "Admit ") + person["name"],
                ),
            )
        ),
    )


def members_page() -> rx.Component:
    return settings_section("Members", _members())


ON_LOAD = [SessionState.load_session, SettingsState.load_members]
