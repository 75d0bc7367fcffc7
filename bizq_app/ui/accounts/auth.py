"""The log-in and sign-up pages, and the pieces every signed-out page is built from."""

from __future__ import annotations

from typing import Any

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


def auth_form(
    errors: rx.Var[dict[str, str]], *fields: rx.Component, submit: str, on_submit: Any
) -> rx.Component:
    """A signed-out page's form: the form-wide error, its fields and a full-width submit
    button."""
    return rx.form(
        rx.vstack(
            form_alert(errors.get("_form", "")),
            *fields,
            submit_button(submit, width="100%"),
            spacing="3",
        ),
        on_submit=on_submit,
    )


def email_field(errors: rx.Var[dict[str, str]], **props: Any) -> rx.Component:
    """The required e-mail address, with its error."""
    return field(
        "E-mail",
        "email",
        type="email",
        error=errors.get("email", ""),
        auto_complete="email",
        required=True,
        **props,
    )


def password_field(
    label: str, name: str, errors: rx.Var[dict[str, str]], *, new: bool, **props: Any
) -> rx.Component:
    """A required password with its error; a new one says what a password must be,
    unless ``hint`` says otherwise."""
    props.setdefault("hint", f"Use {PASSWORD_RULES}." if new else "")
    return field(
        label,
        name,
        type="password",
        error=errors.get(name, ""),
        auto_complete="new-password" if new else "current-password",
        required=True,
        **props,
    )


def link_line(prompt: str, label: str, href: str) -> rx.Component:
    """A footer line: a question and the link that answers it."""
    return rx.text(prompt, rx.link(label, href=href, underline="always"), size="2")


def login_page() -> rx.Component:
    form = auth_form(
        _errors,
        email_field(_errors, auto_focus=True),
        password_field("Password", "password", _errors, new=False),
        submit="Log in",
        on_submit=AuthFormState.log_in,
    )
    footer = rx.vstack(
        rx.link("Forgot your password?", href=routes.FORGOT_PASSWORD, size="2", underline="always"),
        link_line("New to BizQ? ", "Create an account", routes.SIGNUP),
        spacing="2",
    )
    return auth_card("Log in", "Run your store from one place.", form, footer)


def signup_page() -> rx.Component:
    form = auth_form(
        _errors,
        field(
            "Your name",
            "full_name",
            error=_errors.get("full_name", ""),
            auto_complete="name",
            auto_focus=True,
        ),
        email_field(_errors),
        password_field("Password", "password", _errors, new=True),
        submit="Create account",
        on_submit=AuthFormState.sign_up,
    )
    footer = link_line("Already have an account? ", "Log in", routes.LOGIN)
    return auth_card("Create your account", "Start your store in minutes.", form, footer)


ON_LOAD = [AuthFormState.clear_errors, SessionState.skip_if_signed_in]
