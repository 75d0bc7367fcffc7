"""The store list: create a store, open one."""

from __future__ import annotations

from typing import Any

import reflex as rx

from bizq_app.billing import wallets
from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.ui import routes
from bizq_app.ui.errors import form_errors
from bizq_app.ui.state import SessionState


class StoresState(SessionState):
    """Errors of the create-store form."""

    create_errors: dict[str, str] = {}

    @rx.event
    def create_store(self, form: dict[str, Any]) -> Any:
        user_id = self._user_id()
        try:
            with session_scope() as session:
                view = wallets.open_store(
                    session=session,
                    user_id=user_id,
                    name=form.get("name", ""),
                    slug=form.get("slug") or None,
                    currency=form.get("currency") or "USD",
                )
        except BizQError as exc:
            self.create_errors = form_errors(exc)
            return None
        self.create_errors = {}
        self._refresh(select_store=str(view.store.id))
        return [
            rx.toast.success(f"Store “{view.store.name}” created."),
            rx.redirect(routes.DASHBOARD),
        ]

    @rx.event
    def open_store(self, store_id: str) -> Any:
        self.current_store_id = store_id
        return rx.redirect(routes.DASHBOARD)
