"""Settings → Your account: the signed-in person's password and login sessions."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.accounts.auth import password_field
from bizq_app.ui.accounts.settings import settings_section
from bizq_app.ui.accounts.settings_state import SettingsState
from bizq_app.ui.components.form import form_alert, submit_button
from bizq_app.ui.state import SessionState


def _account() -> rx.Component:
    errors = SettingsState.password_errors
    return rx.card(
        rx.vstack(
            rx.heading("Password", size="4", as_="h2"),
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


def account_page() -> rx.Component:
    return settings_section("Your account", _account(), store_scoped=False)


ON_LOAD = [SessionState.load_session]
