"""The Settings page's e-mails: choose one, edit its subject and body, preview, save,
go back to BizQ's default."""

from __future__ import annotations

from typing import Any

import reflex as rx

from bizq_app.core.errors import BizQError
from bizq_app.sales import email_templates
from bizq_app.sales.email_templates import EmailTemplate
from bizq_app.ui.errors import FORM, error_toast, form_errors
from bizq_app.ui.state import SessionState


class EmailTemplatesState(SessionState):
    """The e-mail being edited, its placeholders, its preview and the form's errors."""

    email_kinds: list[dict[str, str]] = []  # kind, title
    email_kind: str = "order_confirmation"
    email_to: str = ""
    email_subject: str = ""
    email_body: str = ""
    email_customised: bool = False
    email_placeholders: list[dict[str, str]] = []  # code ("{{ name }}"), description
    email_errors: dict[str, str] = {}
    preview_subject: str = ""
    preview_html: str = ""
    preview_text: str = ""

    @rx.event
    def load_emails(self) -> Any:
        if not self.current_store_id or not self.user_email:
            return None
        try:
            found = self._in_store(
                lambda session, user_id, store_id: email_templates.list_templates(
                    session=session, user_id=user_id, store_id=store_id
                )
            )
        except BizQError as exc:
            return error_toast(exc)
        self.email_kinds = [{"kind": t.kind, "title": _title(t)} for t in found]
        self._edit(next((t for t in found if t.kind == self.email_kind), found[0]))
        return None

    @rx.event
    def choose_email(self, kind: str) -> Any:
        self.email_kind = kind
        return self.load_emails()

    @rx.event
    def set_email_subject(self, value: str) -> None:
        self.email_subject = value

    @rx.event
    def set_email_body(self, value: str) -> None:
        self.email_body = value

    @rx.event
    def preview_email(self) -> Any:
        try:
            shown = self._in_store(
                lambda session, user_id, store_id: email_templates.preview(
                    session=session,
                    user_id=user_id,
                    store_id=store_id,
                    kind=self.email_kind,
                    subject=self.email_subject,
                    body=self.email_body,
                )
            )
        except BizQError as exc:
            return self._refused(exc)
        self.email_errors = {}
        self.preview_subject, self.preview_html, self.preview_text = (
            shown.subject,
            shown.html,
            shown.text,
        )
        return None

    @rx.event
    def save_email(self, form: dict[str, Any]) -> Any:
        self.email_subject = str(form.get("email_subject", self.email_subject))
        self.email_body = str(form.get("email_body", self.email_body))
        try:
            self._in_store(
                lambda session, user_id, store_id: email_templates.save_template(
                    session=session,
                    user_id=user_id,
                    store_id=store_id,
                    kind=self.email_kind,
                    subject=self.email_subject,
                    body=self.email_body,
                )
            )
        except BizQError as exc:
            return self._refused(exc)
        self.load_emails()
        return rx.toast.success("E-mail saved: the next ones go out with these words.")

    @rx.event
    def reset_email(self) -> Any:
        try:
            self._in_store(
                lambda session, user_id, store_id: email_templates.reset_template(
                    session=session, user_id=user_id, store_id=store_id, kind=self.email_kind
                )
            )
        except BizQError as exc:
            return self._refused(exc)
        self.load_emails()
        return rx.toast.success("Back to BizQ's default wording.")

    def _edit(self, template: EmailTemplate) -> None:
        """Show ``template`` in the form, with no errors and no preview yet."""
        self.email_kind, self.email_to = template.kind, template.to
        self.email_subject, self.email_body = template.subject, template.body
        self.email_customised = template.customised
        self.email_placeholders = [
            {"code": f"{{{{ {name} }}}}", "description": description}
            for name, description in template.placeholders.items()
        ]
        self.email_errors = {}
        self.preview_subject = self.preview_html = self.preview_text = ""

    def _refused(self, exc: BizQError) -> Any:
        self.email_errors = form_errors(exc)
        return error_toast(exc) if FORM in self.email_errors else None


def _title(template: EmailTemplate) -> str:
    return f"{template.title} (edited)" if template.customised else template.title
