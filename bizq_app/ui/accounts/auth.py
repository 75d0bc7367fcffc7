"""The log-in and sign-up pages."""

from __future__ import annotations

import reflex as rx

from bizq_app.accounts.accounts import PASSWORD_RULES
from bizq_app.ui import routes
from bizq_app.ui.accounts.auth_state import AuthFormState
from bizq_app.ui.components.form import field, form_alert, submit_button
from bizq_app.ui.state import SessionState

_errors = AuthFormState.errors


def auth_card(title: str, subtitle: str, form: rx.Component, footer: rx.Component) -> rx.Component:
    """The centred card of every signed-out page: its title, a line under it, the form
    and a footer of links."""
    card = rx.card(
        rx.vstack(
            rx.text("BizQ", size="8", weight="bold", color_scheme="iris"),
            rx.heading(title, size="5", as_="h1"),
            rx.text(subtitle, color_scheme="gray"),
            form,
            footer,
            spacing="4",
            width="100%",
        ),
        size="4",
        width="100%",
        max_width="26rem",
    )
    return rx.el.main(
        rx.center(card, min_height="100vh", padding="1rem", background="var(--gray-2)")
    )


def login_page() -> rx.Component:
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
            field(
                "Password",
                "password",
                type="password",
                error=_errors.get("password", ""),
                auto_complete="current-password",
                required=True,
            ),
            submit_button("Log in", width="100%"),
            spacing="3",
        ),
        on_submit=AuthFormState.log_in,
    )
    footer = rx.vstack(
        rx.link("Forgot your password?", href=routes.FORGOT_PASSWORD, size="2", underline="always"),
        rx.text(
            "New to BizQ? ",
            rx.link("Create an account", href=routes.SIGNUP, underline="always"),
            size="2",
        ),
        spacing="2",
    )
    return auth_card("Log in", "Run your store from one place.", form, footer)


def signup_page() -> rx.Component:
    form = rx.form(
        rx.vstack(
            form_alert(_errors.get("_form", "")),
            field(
                "Your name",
                "full_name",
                error=_errors.get("full_name", ""),
                auto_complete="name",
                auto_focus=True,
            ),
            field(
                "E-mail",
                "email",
                type="email",
                error=_errors.get("email", ""),
                auto_complete="email",
                required=True,
            ),
            field(
                "Password",
                "password",
                type="password",
                error=_errors.get("password", ""),
                auto_complete="new-password",
                required=True,
                hint=f"Use {PASSWORD_RULES}.",
            ),
            submit_button("Create account", width="100%"),
            spacing="3",
        ),
        on_submit=AuthFormState.sign_up,
    )
    footer = rx.text(
        "Already have an account? ",
        rx.link("Log in", href=routes.LOGIN, underline="always"),
        size="2",
    )
    return auth_card("Create your account", "Start your store in minutes.", form, footer)


ON_LOAD = [AuthFormState.clear_errors, SessionState.skip_if_signed_in]
