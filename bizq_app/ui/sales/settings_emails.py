"""Settings → E-mails: the words of each e-mail the store sends."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.accounts.settings import settings_section
from bizq_app.ui.components.form import field, form_alert, submit_button
from bizq_app.ui.sales.settings_emails_state import EmailTemplatesState
from bizq_app.ui.state import SessionState

S, E = EmailTemplatesState, EmailTemplatesState.email_errors
INTRO = (
    "Each e-mail goes out as HTML in your brand (name, main colour, logo) with a plain-text "
    "copy. Write the body as text: a blank line starts a paragraph and web addresses become "
    "links. Use the placeholders below, {% if %} … {% endif %} and filters such as "
    "{{ name|upper }}."
)


def _chooser() -> rx.Component:
    return rx.vstack(
        rx.el.label("E-mail", html_for="email_kind", class_name="bizq-label"),
        rx.el.select(
            rx.foreach(S.email_kinds, lambda k: rx.el.option(k["title"], value=k["kind"])),
            id="email_kind",
            value=S.email_kind,
            on_change=S.choose_email,
            class_name="bizq-select",
        ),
        rx.text("Sent to ", S.email_to, ".", size="1", color_scheme="gray"),
        spacing="1",
        width="100%",
    )


def _body() -> rx.Component:
    error = E.get("body", "")
    return rx.vstack(
        rx.el.label("Body", html_for="email_body", class_name="bizq-label"),
        rx.text_area(
            name="email_body",
            id="email_body",
            value=S.email_body,
            on_change=S.set_email_body,
            rows="14",
            width="100%",
            font_family="var(--code-font-family)",
            read_only=~SessionState.is_owner,
            aria_describedby="email_body-error",
        ),
        rx.cond(
            error != "",
            rx.text(error, color_scheme="red", size="2", id="email_body-error", role="alert"),
        ),
        spacing="1",
        width="100%",
    )


def _placeholders() -> rx.Component:
    return rx.vstack(
        rx.heading("Placeholders", size="2", as_="h3"),
        rx.el.ul(
            rx.foreach(
                S.email_placeholders,
                lambda p: rx.el.li(rx.code(p["code"]), " ", p["description"]),
            ),
            id="email-placeholders",
            style={"margin": 0, "paddingLeft": "1.25rem"},
        ),
        spacing="1",
        width="100%",
    )


def _actions() -> rx.Component:
    owner_only = rx.fragment(
        submit_button("Save e-mail"),
        rx.button(
            "Reset to default",
            type="button",
            size="3",
            variant="soft",
            color_scheme="gray",
            on_click=S.reset_email,
            disabled=~S.email_customised,
        ),
    )
    return rx.hstack(
        rx.button("Preview", type="button", size="3", variant="outline", on_click=S.preview_email),
        rx.cond(SessionState.is_owner, owner_only),
        spacing="3",
        wrap="wrap",
    )


def _preview() -> rx.Component:
    return rx.cond(
        S.preview_html != "",
        rx.vstack(
            rx.heading("Preview with sample values", size="3", as_="h3"),
            rx.text("Subject: ", rx.text.strong(S.preview_subject), size="2"),
            rx.el.iframe(
                src_doc=S.preview_html,
                sandbox="",
                title="The e-mail as HTML",
                id="email-preview-html",
                style={"width": "100%", "height": "32rem", "border": "1px solid var(--gray-6)"},
            ),
            rx.text("Plain-text copy", size="2", weight="medium"),
            rx.el.pre(S.preview_text, class_name="bizq-mail", id="email-preview-text"),
            spacing="2",
            width="100%",
        ),
    )


def emails_card() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("E-mails", size="4", as_="h2"),
            rx.text(INTRO, size="2", color_scheme="gray"),
            _chooser(),
            rx.form(
                rx.vstack(
                    form_alert(E.get("_form", "")),
                    field(
                        "Subject",
                        "email_subject",
                        error=E.get("subject", ""),
                        value=S.email_subject,
                        on_change=S.set_email_subject,
                        read_only=~SessionState.is_owner,
                    ),
                    _body(),
                    _placeholders(),
                    _actions(),
                    spacing="3",
                    width="100%",
                ),
                on_submit=S.save_email,
                reset_on_submit=False,
            ),
            rx.cond(
                ~SessionState.is_owner,
                rx.text("Only the store's owners can change its e-mails.", size="2"),
            ),
            _preview(),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="emails-settings",
    )


def emails_settings_page() -> rx.Component:
    return settings_section("E-mails", emails_card())


ON_LOAD = [SessionState.load_session, EmailTemplatesState.load_emails]
