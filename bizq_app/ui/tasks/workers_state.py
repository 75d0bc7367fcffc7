"""The Workers page (registry, load, earnings) and the human inbox."""

from __future__ import annotations

import json
from typing import Any

import reflex as rx

from bizq_app.billing import ledger
from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.core.pagination import MAX_LIMIT
from bizq_app.tasks import inbox, workers
from bizq_app.ui.errors import error_toast, form_errors
from bizq_app.ui.schema_form_state import SchemaFormState
from bizq_app.ui.state import record_id


class WorkersState(SchemaFormState):
    """The registry; and, for a person who is a worker, their offers and claimed tasks."""

    registry: list[dict[str, str]] = []
    is_worker: bool = False
    offers: list[dict[str, str]] = []
    mine: list[dict[str, str]] = []
    working_on: dict[str, str] = {}
    register_errors: dict[str, str] = {}

    @rx.event
    def load(self) -> None:
        if not self.user_email:  # not signed in: load_session is redirecting to the log-in page
            return
        user_id = self._user_id()
        store_id = record_id(self.current_store_id) if self.current_store_id else None
        with session_scope() as session:
            page = workers.registry(
                session=session, user_id=user_id, store_id=store_id, limit=MAX_LIMIT
            )
            self.registry = [_worker(found) for found in page.items]
            me = workers.worker_for_user(session=session, user_id=user_id)
            self.is_worker = me is not None
            if me is not None:
                self.offers = [
                    {
                        "task_id": str(o.task_id),
                        "title": o.title,
                        "type": o.type,
                        "pay": o.pay,
                        "description": o.description,
                    }
                    for o in inbox.offers(session=session, user_id=user_id).items
                ]
                self.mine = [
                    {
                        "task_id": str(t.id),
                        "title": d.title,
                        "type": d.name,
                        "expires": t.claim_expires_at.strftime("%H:%M")
                        if t.claim_expires_at
                        else "",
                    }
                    for t, d in inbox.my_tasks(session=session, user_id=user_id)
                ]

    @rx.event
    def register(self, form: dict[str, Any]) -> Any:
        skills = [
            k.removeprefix("skill_")
            for k, v in form.items()
            if k.startswith("skill_") and v == "on"
        ]
        user_id = self._user_id()
        try:
            with session_scope() as session:
                workers.register_person(
                    session=session,
                    user_id=user_id,
                    name=form.get("name", ""),
                    skills=skills,
                    kind=form.get("kind", "human"),
                )
        except BizQError as exc:
            self.register_errors = form_errors(exc)
            return None
        self.register_errors = {}
        self.load()
        return rx.toast.success("You are registered: claim tasks from your inbox below.")

    @rx.event
    def claim(self, task_id: str) -> Any:
        user_id = self._user_id()
        try:
            with session_scope() as session:
                inbox.claim(session=session, user_id=user_id, task_id=record_id(task_id))
        except BizQError as exc:
            self.load()
            return error_toast(exc)
        self.load()
        return WorkersState.open_task(task_id)

    @rx.event
    def open_task(self, task_id: str) -> Any:
        user_id = self._user_id()
        try:
            with session_scope() as session:
                task, definition = inbox.claimed(
                    session=session, user_id=user_id, task_id=record_id(task_id)
                )
        except BizQError as exc:
            return error_toast(exc)
        self.working_on = {
            "task_id": task_id,
            "title": definition.title,
            "description": definition.description,
            "input": json.dumps(task.input, indent=2),
        }
        self._use_schema(definition.output_schema, task_id)
        return None

    @rx.event
    def submit(self, values: dict[str, Any]) -> Any:
        document = self._read(values)
        if document is None:
            return None
        user_id = self._user_id()
        try:
            with session_scope() as session:
                inbox.submit(
                    session=session,
                    user_id=user_id,
                    task_id=record_id(self.working_on.get("task_id", "")),
                    output=document,
                )
        except BizQError as exc:
            self._show(exc, root="$.output")
            return rx.toast.error("The output was not accepted; see the fields marked in red.")
        self.working_on = {}
        self.load()
        return rx.toast.success("Submitted. Thank you!")


def _worker(found: workers.Listed) -> dict[str, str]:
    w, load = found.worker, found.load
    earned = "—"  # what others earned is theirs; a store sees what it paid them
    if found.earned is not None:
        earned = f"{ledger.show(found.earned)} (you, all stores)"
    elif found.paid_by_store is not None:
        earned = f"{ledger.show(found.paid_by_store)} from this store"
    kind = "BizQ rules (offline)" if w.provider == "rules" else w.kind
    return {
        "id": str(w.id),
        "name": w.name,
        "kind": kind,
        "skills": ", ".join(w.skills),
        "rating": str(w.rating),
        "price": ledger.show(w.price_factor),
        "load": f"{load}/{w.capacity}",
        "earned": earned,
        "active": "yes" if w.is_active else ("no key" if w.provider else "no"),
    }
