"""Quick setup: the five questions, then each setup task's progress, live."""

from __future__ import annotations

from typing import Any

import reflex as rx

from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.dashboards import setup_progress
from bizq_app.setup import quick_setup
from bizq_app.tasks.models import STATUS_LABELS
from bizq_app.ui import live
from bizq_app.ui.errors import form_errors
from bizq_app.ui.state import SessionState, record_id


class SetupState(SessionState):
    """The wizard's answers and errors, then the new store's setup progress."""

    errors: dict[str, str] = {}
    setup_store_id: str = ""
    steps: list[dict[str, str]] = []
    ready: bool = False
    failed: bool = False
    brand: dict[str, str] = {}
    colors: list[str] = []
    draft_products: int = 0
    checklist: list[dict[str, str]] = []
    next_step: dict[str, str] = {}  # the guide's one main action; empty when all is done
    tick_error: str = ""

    @rx.event
    def open_page(self) -> None:
        if self.setup_store_id:
            live.watch(self.setup_store_id, self.router.session.client_token)
            self.refresh()

    @rx.event
    def start(self, form: dict[str, Any]) -> Any:
        user_id = self._user_id()
        try:
            with session_scope() as session:
                view, _ = quick_setup.quick_setup(session=session, user_id=user_id, fields=form)
                store_id = str(view.store.id)
        except BizQError as exc:
            self.errors = form_errors(exc)
            return None
        self.errors, self.setup_store_id, self.ready = {}, store_id, False
        self._refresh(select_store=store_id)
        live.watch(store_id, self.router.session.client_token)
        self.refresh()
        return None

    @rx.event
    def refresh(self) -> None:
        if not self.setup_store_id:
            return
        with session_scope() as session:
            done = setup_progress.progress(
                session=session, user_id=self._user_id(), store_id=record_id(self.setup_store_id)
            )
        self.steps = [
            {
                "title": s.title,
                "status": s.status,
                "text": STATUS_LABELS.get(s.status, s.status),
                "reason": s.reason if s.status == "failed" else "",
            }
            for s in done.steps
        ]
        self.ready, self.failed, self.draft_products = done.ready, done.failed, done.draft_products
        self.brand = {k: str(v) for k, v in done.brand.items() if isinstance(v, str)}
        self.colors = [c for c in done.brand.get("colors", []) if isinstance(c, str)]
        self._show_guide(done)

    def _show_guide(self, done: setup_progress.Progress) -> None:
        self.checklist = [
            {
                "key": c.key,
                "label": c.label,
                "done": "yes" if c.done else "",
                "href": c.href,
                "manual": "yes" if c.manual else "",
            }
            for c in done.checklist
        ]
        step = done.next
        self.next_step = (
            {"label": step.label, "href": step.href, "action": step.action} if step else {}
        )

    @rx.event
    def tick(self, key: str, done: bool) -> None:
        """The seller ticks a step BizQ cannot see for itself."""
        try:
            with session_scope() as session:
                found = setup_progress.tick(
                    session=session,
                    user_id=self._user_id(),
                    store_id=record_id(self.setup_store_id),
                    key=key,
                    done=done,
                )
        except (BizQError, ValueError) as exc:
            self.tick_error = getattr(exc, "message", "That step cannot be ticked.")
            return
        self.tick_error = ""
        self._show_guide(found)

    @rx.event
    def start_over(self) -> None:
        self.setup_store_id, self.steps, self.ready, self.failed = "", [], False, False
