"""The forgotten-password pages: "Forgot your password?" asks for the e-mail address, and
the e-mailed link opens the page that sets a new password."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui import routes
from bizq_app.ui.accounts.auth import (
    auth_card,
    auth_form,
    email_field,
    link_line,
    password_field,
)
from bizq_app.ui.accounts.password_reset_state import PasswordResetState

_errors = PasswordResetState.errors


def _sent() -> rx.Component:
    return rx.callout(
        PasswordResetState.sent,
        icon="mail",
        color_scheme="green",
        role="status",
        width="100%",
    )


def forgot_password_page() -> rx.Component:
    form = auth_form(
        _errors,
        email_field(_errors, auto_focus=True),
        submit="E-mail me a link",
        on_submit=PasswordResetState.ask,
    )
    body = rx.cond(PasswordResetState.sent != "", _sent(), form)
    return auth_card(
        "Forgot your password?",
        "We will e-mail you a link to choose a new one.",
        body,
        link_line("Remembered it? ", "Log in", routes.LOGIN),
    )


def reset_password_page() -> rx.Component:
    form = auth_form(
        _errors,
        password_field("New password", "new_password", _errors, new=True, auto_focus=True),
        submit="Set the new password",
        on_submit=PasswordResetState.choose,
    )
    return auth_card(
        "Choose a new password",
        "Setting it logs your account out everywhere.",
        form,
        link_line("Link not working? ", "Ask for a new one", routes.FORGOT_PASSWORD),
    )


ON_LOAD = [PasswordResetState.clear]
