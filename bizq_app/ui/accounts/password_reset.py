"""The forgotten-password pages: "Forgot your password?" asks for the e-mail address, and
the e-mailed link opens the page that sets a new password."""

from __future__ import annotations

import reflex as rx

from bizq_app.accounts.accounts import PASSWORD_RULES
from bizq_app.ui import routes
from bizq_app.ui.accounts.auth import auth_card
from bizq_app.ui.accounts.password_reset_state import PasswordResetState
from bizq_app.ui.components.form import field, form_alert, submit_button

_errors = PasswordResetState.errors


def _back_to_login() -> rx.Component:
    return rx.text(
        "Remembered it? ",
        rx.link("Log in", href=routes.LOGIN, underline="always"),
        size="2",
    )


def _sent() -> rx.Component:
    return rx.callout(
        PasswordResetState.sent,
        icon="mail",
        color_scheme="green",
        role="status",
        width="100%",
    )


def forgot_password_page() -> rx.Component:
    form = rx.form(
        rx.vstack(
            form_alert(_errors.get("_form", "")),
            field(
                "E-mail",
                "email",
                type="email",
                error=_errors.get("email", ""),
                auto_complete="email",
                auto_focus=True,
                required=True,
            ),
            submit_button("E-mail me a link", width="100%"),
            spacing="3",
        ),
        on_submit=PasswordResetState.ask,
    )
    body = rx.cond(PasswordResetState.sent != "", _sent(), form)
    return auth_card(
        "Forgot your password?",
        "We will e-mail you a link to choose a new one.",
        body,
        _back_to_login(),
    )


def reset_password_page() -> rx.Component:
    form = rx.form(
        rx.vstack(
            form_alert(_errors.get("_form", "")),
            field(
                "New password",
                "new_password",
                type="password",
                error=_errors.get("new_password", ""),
                auto_complete="new-password",
                auto_focus=True,
                required=True,
                hint=f"Use {PASSWORD_RULES}.",
            ),
            submit_button("Set the new password", width="100%"),
            spacing="3",
        ),
        on_submit=PasswordResetState.choose,
    )
    footer = rx.text(
        "Link not working? ",
        rx.link("Ask for a new one", href=routes.FORGOT_PASSWORD, underline="always"),
        size="2",
    )
    return auth_card(
        "Choose a new password",
        "Setting it logs your account out everywhere.",
        form,
        footer,
    )


ON_LOAD = [PasswordResetState.clear]
