"""Store settings: details, credits, AI providers, e-mails, members and the danger zone."""

from __future__ import annotations

import reflex as rx

from bizq_app.accounts.models import Role
from bizq_app.accounts.stores import CURRENCIES
from bizq_app.ui import routes
from bizq_app.ui.accounts.auth import password_field
from bizq_app.ui.accounts.settings_state import SettingsState
from bizq_app.ui.billing.settings_credits import credits_card
from bizq_app.ui.billing.settings_credits_state import CreditsState
from bizq_app.ui.channels.settings_channels import channels_card
from bizq_app.ui.channels.settings_channels_state import ChannelsState
from bizq_app.ui.components.form import (
    field,
    form_alert,
    inline_form,
    labelled_select,
    submit_button,
)
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.sales.settings_emails import emails_card
from bizq_app.ui.sales.settings_emails_state import EmailTemplatesState
from bizq_app.ui.state import SessionState

ROLES = [r.value for r in Role]
_store = SessionState.current_store


def _details() -> rx.Component:
    errors = SettingsState.details_errors
    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Store details", size="4", as_="h2"),
                form_alert(errors.get("_form", "")),
                field(
                    "Store name",
                    "name",
                    error=errors.get("name", ""),
                    default_value=_store["name"],
                    required=True,
                    max_length=80,
                    disabled=~SessionState.can_operate,
                ),
                rx.vstack(
                    rx.el.label("Currency", html_for="currency", class_name="bizq-label"),
                    rx.select(
                        sorted(CURRENCIES),
                        name="currency",
                        id="currency",
                        default_value=_store["currency"],
                        disabled=~SessionState.can_operate,
                    ),
                    spacing="1",
                ),
                rx.text(
                    "Storefront address: ", rx.code(_store["slug"]), size="2", color_scheme="gray"
                ),
                rx.cond(
                    SessionState.can_operate,
                    submit_button("Save changes"),
                    rx.text("Viewers can see these settings but not change them.", size="2"),
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=SettingsState.save_details,
            reset_on_submit=False,
        ),
        width="100%",
    )


def _ai() -> rx.Component:
    e = SettingsState.ai_errors
    key_row = lambda k: rx.table.row(  # noqa: E731
        rx.table.row_header_cell(k["provider"]),
        rx.table.cell(rx.code(k["masked"])),
        rx.table.cell(k["model"]),
        rx.table.cell(
            rx.cond(
                SessionState.is_owner,
                rx.button(
                    "Remove",
                    size="1",
                    variant="soft",
                    color_scheme="red",
                    on_click=SettingsState.remove_key(k["provider"]),
                ),
            )
        ),
    )
    add_key = inline_form(
        rx.el.select(
            rx.el.option("openai"),
            rx.el.option("anthropic"),
            name="provider",
            class_name="bizq-select",
            aria_label="Provider",
        ),
        field(
            "API key",
            "api_key",
            type="password",
            error=e.get("api_key", ""),
            auto_complete="off",
        ),
        field(
            "Model (optional)",
            "model",
            error=e.get("model", ""),
            placeholder="gpt-4o-mini / claude-haiku-4-5",
        ),
        submit_button("Save key"),
        on_submit=SettingsState.save_key,
    )
    return rx.card(
        rx.vstack(
            rx.heading("AI providers", size="4", as_="h2"),
            rx.text(
                "Without a key, AI tasks run on BizQ rules (offline). Keys are stored "
                "encrypted and never shown again.",
                size="2",
                color_scheme="gray",
            ),
            form_alert(e.get("_form", "")),
            rx.hstack(
                rx.text("AI tasks go to", size="2"),
                labelled_select(
                    ["rules", "openai", "anthropic"],
                    value=SettingsState.ai_provider,
                    on_change=SettingsState.choose_provider,
                    aria_label="AI provider",
                    disabled=~SessionState.is_owner,
                ),
                align="center",
            ),
            rx.cond(
                SettingsState.ai_keys.length() > 0,
                rx.table.root(
                    rx.table.body(rx.foreach(SettingsState.ai_keys, key_row)), width="100%"
                ),
            ),
            rx.cond(SessionState.is_owner, add_key),
            rx.cond(
                SettingsState.ai_spend.length() > 0,
                rx.table.root(
                    rx.table.header(
                        rx.table.row(
                            *[
                                rx.table.column_header_cell(h)
                                for h in ("Provider", "Calls", "Tokens", "Credits")
                            ]
                        )
                    ),
                    rx.table.body(
                        rx.foreach(
                            SettingsState.ai_spend,
                            lambda s: rx.table.row(
                                rx.table.cell(s["provider"]),
                                rx.table.cell(s["calls"]),
                                rx.table.cell(s["tokens"]),
                                rx.table.cell(s["credits"]),
                            ),
                        )
                    ),
                    width="100%",
                ),
                rx.text("No AI usage yet.", size="2", color_scheme="gray"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


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
            rx.heading("Members", size="4", as_="h2"),
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


def _account() -> rx.Component:
    errors = SettingsState.password_errors
    return rx.card(
        rx.vstack(
            rx.heading("Your account", size="4", as_="h2"),
            rx.form(
                rx.vstack(
                    form_alert(errors.get("_form", "")),
                    password_field("Current password", "current_password", errors, new=False),
                    password_field("New password", "new_password", errors, new=True, hint=""),
                    submit_button("Change password"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=SettingsState.change_password,
                reset_on_submit=True,
            ),
            rx.text(
                "Changing the password logs you out of every other browser and API token.",
                size="2",
                color_scheme="gray",
            ),
            rx.button(
                "Log out everywhere",
                variant="soft",
                on_click=SessionState.log_out_everywhere,
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _danger_zone() -> rx.Component:
    confirm = rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button("Delete this store", color_scheme="red")),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete “", _store["name"], "”?"),
            rx.alert_dialog.description(
                "The store disappears for every member. Its history is kept for the audit trail."
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                rx.alert_dialog.action(
                    rx.button(
                        "Delete store", color_scheme="red", on_click=SettingsState.delete_store
                    )
                ),
                justify="end",
                spacing="3",
                margin_top="1rem",
            ),
        ),
    )
    return rx.cond(
        SessionState.is_owner,
        rx.card(
            rx.vstack(
                rx.heading("Danger zone", size="4", as_="h2", color_scheme="red"),
                confirm,
                spacing="3",
            ),
            width="100%",
        ),
    )


def settings_page() -> rx.Component:
    body = rx.cond(
        _store["id"] != "",
        rx.vstack(
            _details(),
            credits_card(),
            _ai(),
            emails_card(),
            channels_card(),
            _members(),
            _account(),
            _danger_zone(),
            spacing="4",
            width="100%",
        ),
        empty_state(
            "settings",
            "No store open",
            "Create or open a store to see its settings.",
            rx.link(rx.button("Go to your stores"), href=routes.STORES),
        ),
    )
    return shell("Settings", body, store_scoped=False)


ON_LOAD = [
    SessionState.load_session,
    SettingsState.load_members,
    CreditsState.load_credits,
    CreditsState.back_from_payment,
    SettingsState.load_ai,
    EmailTemplatesState.load_emails,
    ChannelsState.load_channels,
]
