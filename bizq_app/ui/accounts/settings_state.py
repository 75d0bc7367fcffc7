"""Store settings: details, AI providers, members, deletion (credits: CreditsState).

The details form is held here as typed, beside the values last saved, so the page shows
its save bar only while they differ."""

from __future__ import annotations

import uuid
from typing import Any

import reflex as rx

from bizq_app.accounts import accounts, stores
from bizq_app.billing import ledger
from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.core.pagination import MAX_LIMIT
from bizq_app.tasks import ai_settings, workers
from bizq_app.ui import routes
from bizq_app.ui.errors import FORM, error_toast, form_errors
from bizq_app.ui.state import SessionState, record_id


class SettingsState(SessionState):
    """The open store's details and members, and the errors of each form."""

    details_errors: dict[str, str] = {}
    details: dict[str, str] = {"name": "", "currency": ""}  # the form as typed
    saved_details: dict[str, str] = {"name": "", "currency": ""}
    password_errors: dict[str, str] = {}
    ai_errors: dict[str, str] = {}
    ai_keys: list[dict[str, str]] = []
    ai_spend: list[dict[str, str]] = []
    ai_provider: str = "rules"
    member_errors: dict[str, str] = {}
    members: list[dict[str, str]] = []
    # marketplace people (human and expert workers) and whether this store admits them
    people: list[dict[str, str]] = []

    @rx.event
    def load_members(self) -> Any:
        if not self.current_store_id or not self.user_email:
            self.members = []
            return None
        user_id = self._user_id()
        try:
            with session_scope() as session:
                page = stores.list_members(
                    session=session,
                    user_id=user_id,
                    store_id=record_id(self.current_store_id),
                    limit=MAX_LIMIT,
                )
        except BizQError as exc:
            return error_toast(exc)
        self.members = [
            {"user_id": str(m.user_id), "email": m.email, "name": m.full_name, "role": m.role.value}
            for m in page.items
        ]
        self._load_people(user_id)
        return None

    def _load_people(self, user_id: uuid.UUID) -> None:
        """Marketplace people and whether this store admits them (one user lookup per load)."""
        with session_scope() as session:
            store = stores.get_store(
                session=session, user_id=user_id, store_id=record_id(self.current_store_id)
            ).store
            admitted = set(stores.admitted_workers(store))
            found = [
                w
                for kind in ("human", "expert")
                for w in workers.list_workers(session=session, kind=kind, limit=MAX_LIMIT).items
            ]
        self.people = [
            {
                "id": str(w.id),
                "name": w.name,
                "skills": ", ".join(w.skills),
                "admitted": "yes" if str(w.id) in admitted else "",
            }
            for w in found
        ]

    @rx.event
    def admit_worker(self, worker_id: str, admit: bool) -> Any:
        """Let a marketplace worker take this store's human tasks, or stop letting them."""
        return self._members_change(
            lambda session, user_id, store_id: stores.admit_worker(
                session=session,
                user_id=user_id,
                store_id=store_id,
                worker_id=record_id(worker_id),
                admit=admit,
            ),
            "Worker admitted." if admit else "Worker no longer admitted.",
        )

    @rx.event
    def load_ai(self) -> None:
        if not self.current_store_id or not self.user_email:
            return
        user_id, store_id = self._user_id(), record_id(self.current_store_id)
        with session_scope() as session:
            saved = ai_settings.keys(session=session, user_id=user_id, store_id=store_id)
            used = ai_settings.spend(session=session, user_id=user_id, store_id=store_id)
            chosen = ai_settings.chosen_provider(session, store_id)
        self.ai_keys = [
            {"provider": k.provider, "masked": k.masked, "model": k.model} for k in saved
        ]
        self.ai_spend = [
            {
                "provider": s.provider,
                "calls": str(s.calls),
                "tokens": f"{s.input_tokens} in / {s.output_tokens} out",
                "credits": ledger.show(s.credits),
            }
            for s in used
        ]
        self.ai_provider = chosen

    @rx.event
    def save_key(self, form: dict[str, Any]) -> Any:
        return self._ai_change(
            lambda session, user_id, store_id: ai_settings.save_key(
                session=session,
                user_id=user_id,
                store_id=store_id,
                provider=form.get("provider"),
                api_key=form.get("api_key", ""),
                model=form.get("model", ""),
            ),
            "Key saved. It is stored encrypted and never shown again.",
        )

    @rx.event
    def remove_key(self, provider: str) -> Any:
        return self._ai_change(
            lambda session, user_id, store_id: ai_settings.remove_key(
                session=session, user_id=user_id, store_id=store_id, provider=provider
            ),
            "Key removed.",
        )

    @rx.event
    def choose_provider(self, provider: str) -> Any:
        return self._ai_change(
            lambda session, user_id, store_id: ai_settings.choose_provider(
                session=session, user_id=user_id, store_id=store_id, provider=provider
            ),
            "AI provider saved.",
        )

    @rx.event
    def change_password(self, form: dict[str, Any]) -> Any:
        """A new password; every other browser and API token is logged out."""
        try:
            with session_scope() as session:
                accounts.change_password(
                    session=session,
                    token=self.token,
                    current_password=form.get("current_password", ""),
                    new_password=form.get("new_password", ""),
                )
        except BizQError as exc:
            self.password_errors = form_errors(exc)
            return None
        self.password_errors = {}
        return rx.toast.success("Password changed; you were logged out everywhere else.")

    @rx.var
    def details_changed(self) -> bool:
        return self.details != self.saved_details

    @rx.event
    def load_details(self) -> None:
        """The open store's name and currency, in the form and as saved."""
        store = self.current_store
        self.saved_details = {"name": store["name"], "currency": store.get("currency", "")}
        self.discard_details()

    @rx.event
    def edit_detail(self, name: str, value: str) -> None:
        if name in self.saved_details:  # the form's own fields only
            self.details = {**self.details, name: value}

    @rx.event
    def discard_details(self) -> None:
        """Back to the saved values; the errors of the discarded ones go with them."""
        self.details = dict(self.saved_details)
        self.details_errors = {}

    @rx.event
    def save_details(self, form: dict[str, Any]) -> Any:
        user_id = self._user_id()
        try:
            with session_scope() as session:
                view = stores.update_store(
                    session=session,
                    user_id=user_id,
                    store_id=record_id(self.current_store_id),
                    name=form.get("name"),
                    currency=form.get("currency") or None,
                )
        except BizQError as exc:
            self.details_errors = form_errors(exc)
            return None
        self.details_errors = {}
        self._refresh()
        self.load_details()
        return rx.toast.success(f"Saved: the store is now called “{view.store.name}”.")

    @rx.event
    def add_member(self, form: dict[str, Any]) -> Any:
        return self._members_change(
            lambda session, user_id, store_id: stores.add_member(
                session=session,
                user_id=user_id,
                store_id=store_id,
                email=form.get("email", ""),
                role=form.get("role", ""),
            ),
            "Member added.",
        )

    @rx.event
    def change_role(self, member_id: str, role: str) -> Any:
        return self._members_change(
            lambda session, user_id, store_id: stores.change_member_role(
                session=session,
                user_id=user_id,
                store_id=store_id,
                member_id=record_id(member_id),
                role=role,
            ),
            "Role changed.",
        )

    @rx.event
    def remove_member(self, member_id: str) -> Any:
        return self._members_change(
            lambda session, user_id, store_id: stores.remove_member(
                session=session, user_id=user_id, store_id=store_id, member_id=record_id(member_id)
            ),
            "Member removed.",
        )

    @rx.event
    def delete_store(self) -> Any:
        user_id = self._user_id()
        try:
            with session_scope() as session:
                stores.delete_store(
                    session=session, user_id=user_id, store_id=record_id(self.current_store_id)
                )
        except BizQError as exc:
            return error_toast(exc)
        name = self.current_store.get("name", "")
        self.current_store_id = ""
        self._refresh()
        return [rx.toast.success(f"Store “{name}” deleted."), rx.redirect(routes.STORES)]

    def _members_change(self, act: Any, done: str) -> Any:
        return self._change(act, done, "member_errors", self.load_members)

    def _ai_change(self, act: Any, done: str) -> Any:
        return self._change(act, done, "ai_errors", self.load_ai)

    def _change(self, act: Any, done: str, errors: str, reload: Any) -> Any:
        """Run one service call on the open store; show its errors on the form named
        ``errors``, or reload that section and confirm."""
        try:
            self._in_store(act)
        except BizQError as exc:
            shown = form_errors(exc)
            setattr(self, errors, shown)
            return error_toast(exc) if FORM in shown else None
        setattr(self, errors, {})
        reload()
        return rx.toast.success(done)
