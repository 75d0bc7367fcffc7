"""The forgotten-password forms: ask for a link, then choose a new password with it."""

from __future__ import annotations

from typing import Any

import reflex as rx

from bizq_app.accounts import password_reset
from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.ui import routes
from bizq_app.ui.errors import FORM, form_errors
from bizq_app.ui.state import SessionState


def _field(path: str) -> str:
    """The link's token is no field of the form: its problem is the form's."""
    return FORM if path == "$.token" else path.removeprefix("$.")


class PasswordResetState(SessionState):
    """Errors of the two forms, by field, and whether the link was asked for."""

    errors: dict[str, str] = {}
    sent: str = ""  # the neutral answer once a link was asked for

    @rx.event
    def ask(self, form: dict[str, Any]) -> None:
        try:
            with session_scope() as session:
                password_reset.request_reset(
                    session=session,
                    email=form.get("email", ""),
                    client=self.router.session.client_ip,
                )
        except BizQError as exc:
            self.errors = form_errors(exc)
            return
        self.errors, self.sent = {}, password_reset.SENT

    @rx.event
    def choose(self, form: dict[str, Any]) -> Any:
        token = self.router.url.query_parameters.get("t", "")
        try:
            with session_scope() as session:
                password_reset.reset_password(
                    session=session, token=token, new_password=form.get("new_password", "")
                )
        except BizQError as exc:
            self.errors = form_errors(exc, _field)
            return None
        self.errors = {}
        self._forget()  # this browser's login ended with the others
        return [
            rx.redirect(routes.LOGIN),
            rx.toast.success("Your password is changed; log in with it."),
        ]

    @rx.event
    def clear(self) -> None:
        self.errors, self.sent = {}, ""
