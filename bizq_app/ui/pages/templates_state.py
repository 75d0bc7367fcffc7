"""The Templates page: shipped and saved dashboard templates, applied in one click."""

from __future__ import annotations

import uuid
from typing import Any

import reflex as rx

from bizq_app.core.errors import BizQError
from bizq_app.services import templates
from bizq_app.ui import routes
from bizq_app.ui.state import SessionState


class TemplatesState(SessionState):
    rows: list[dict[str, str]] = []

    @rx.event
    def load(self) -> None:
        if not self.current_store_id or not self.user_email:
            return
        found = self._in_store(
            lambda session, user_id, store_id: templates.list_templates(
                session=session, user_id=user_id, store_id=store_id
            )
        )
        self.rows = [
            {
                "id": str(t.id),
                "name": t.name,
                "category": t.category,
                "version": str(t.version),
                "blocks": str(len(t.content.get("blocks", []))),
                "description": str(t.content.get("description", "")),
                "origin": "Shipped with BizQ" if t.store_id is None else "This store",
                "active": "yes" if t.is_active else "",
            }
            for t in found
        ]

    @rx.event
    def apply(self, template_id: str) -> Any:
        try:
            applied = self._in_store(
                lambda session, user_id, store_id: templates.apply_template(
                    session=session,
                    user_id=user_id,
                    store_id=store_id,
                    template_id=uuid.UUID(template_id),
                )
            )
        except BizQError as exc:
            return rx.toast.error(exc.message)
        return [rx.toast.success(f"{applied.name} applied."), rx.redirect(routes.DASHBOARD)]
