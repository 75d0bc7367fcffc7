"""Sign-up and log-in forms."""

from __future__ import annotations

from typing import Any

import reflex as rx

from bizq_app.accounts import accounts
from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.ui import routes
from bizq_app.ui.errors import form_errors
from bizq_app.ui.state import SessionState


class AuthFormState(SessionState):
    """Errors of the log-in and sign-up forms, by field."""

    errors: dict[str, str] = {}

    @rx.event
    def log_in(self, form: dict[str, Any]) -> Any:
        try:
            with session_scope() as session:
                user = accounts.log_in(
                    session=session,
                    email=form.get("email", ""),
                    password=form.get("password", ""),
                    client=self.router.session.client_ip,
                )
                token = accounts.access_token(session, user)
        except BizQError as exc:
            self.errors = form_errors(exc)
            return None
        return self._enter(token)

    @rx.event
    def sign_up(self, form: dict[str, Any]) -> Any:
        try:
            with session_scope() as session:
                user = accounts.sign_up(
                    session=session,
                    email=form.get("email", ""),
                    password=form.get("password", ""),
                    full_name=form.get("full_name", ""),
                    client=self.router.session.client_ip,
                )
                token = accounts.access_token(session, user)
        except BizQError as exc:
            self.errors = form_errors(exc)
            return None
        return self._enter(token)

    @rx.event
    def clear_errors(self) -> None:
        self.errors = {}

    def _enter(self, token: str) -> Any:
        self.errors = {}
        self.token = token
        self._refresh()
        return rx.redirect(routes.DASHBOARD if self.stores else routes.STORES)
