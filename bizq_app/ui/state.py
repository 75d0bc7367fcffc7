"""The state every signed-in page shares: who is signed in and which store is open."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import reflex as rx
from sqlmodel import Session

from bizq_app.accounts import accounts, stores
from bizq_app.accounts.permissions import Permission, roles_with
from bizq_app.core.db import session_scope
from bizq_app.core.errors import AuthenticationFailed, NotFound
from bizq_app.core.pagination import MAX_LIMIT
from bizq_app.ui import off_loop, routes

OPERATORS = roles_with(Permission.OPERATE)  # may change the store
OWNERS = roles_with(Permission.DELETE_STORE)  # the owner alone


def record_id(text: str) -> uuid.UUID:
    """The id a page sent (an argument, the selected store or record), as a UUID.

    Raises:
        NotFound: it is not an id (a tampered or stale browser), so it names nothing.
    """
    try:
        return uuid.UUID(str(text))
    except ValueError:
        raise NotFound("That record does not exist; reload the page.") from None


class SessionState(rx.State):
    """The signed-in user, their stores and the store they are working on."""

    token: str = rx.LocalStorage("", name="bizq_token", sync=True)
    current_store_id: str = rx.LocalStorage("", name="bizq_store")
    user_email: str = ""
    user_name: str = ""
    stores: list[dict[str, str]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        off_loop.install(cls)  # every page's plain handlers wait on a worker thread

    @rx.var
    def signed_in(self) -> bool:
        return self.user_email != ""

    @rx.var
    def current_store(self) -> dict[str, str]:
        match = [s for s in self.stores if s["id"] == self.current_store_id]
        return match[0] if match else {"id": "", "name": "", "slug": "", "role": ""}

    @rx.var
    def can_operate(self) -> bool:
        return self.current_store.get("role") in OPERATORS

    @rx.var
    def is_owner(self) -> bool:
        return self.current_store.get("role") in OWNERS

    @rx.event
    def load_session(self) -> Any:
        """Run on every signed-in page: check the token, load the stores."""
        try:
            self._refresh()
        except AuthenticationFailed:
            self._forget()
            return rx.redirect(routes.LOGIN)
        return None

    @rx.event
    def skip_if_signed_in(self) -> Any:
        """Run on the log-in and sign-up pages: a signed-in user goes to the dashboard."""
        if not self.token:
            return None
        try:
            self._refresh()
        except AuthenticationFailed:
            self._forget()
            return None
        return rx.redirect(routes.DASHBOARD)

    @rx.event
    def switch_store(self, store_id: str) -> Any:
        """Open another store; the page reloads so everything on it is that store's."""
        self.current_store_id = store_id
        return rx.call_script("window.location.reload()")

    @rx.event
    def log_out(self) -> Any:
        """End this browser's login session (its token stops working at once)."""
        with session_scope() as session:
            accounts.log_out(session=session, token=self.token)
        self._forget()
        return rx.redirect(routes.LOGIN)

    @rx.event
    def log_out_everywhere(self) -> Any:
        """End every login session of the account: every browser and API token."""
        try:
            with session_scope() as session:
                user = accounts.user_from_token(session=session, token=self.token)
                accounts.log_out_everywhere(session=session, user_id=user.id)
        except AuthenticationFailed:
            pass  # already logged out here
        self._forget()
        return rx.redirect(routes.LOGIN)

    def _query_id(self, name: str) -> str:
        """The id in the page address's ``?{name}=…``, or "" for none or a malformed one."""
        try:
            return str(uuid.UUID(self.router.url.query_parameters.get(name, "")))
        except ValueError:
            return ""

    def _in_store(self, act: Callable[[Session, uuid.UUID, uuid.UUID], Any]) -> Any:
        """Call ``act(session, user_id, store_id)`` as the signed-in user on the open store."""
        user_id = self._user_id()
        with session_scope() as session:
            return act(session, user_id, record_id(self.current_store_id))

    def _user_id(self) -> uuid.UUID:
        with session_scope() as session:
            return accounts.user_from_token(session=session, token=self.token).id

    def _refresh(self, select_store: str | None = None) -> None:
        with session_scope() as session:
            user = accounts.user_from_token(session=session, token=self.token)
            page = stores.list_stores(session=session, user_id=user.id, limit=MAX_LIMIT)
        self.user_email, self.user_name = user.email, user.full_name
        self.stores = [
            {
                "id": str(v.store.id),
                "name": v.store.name,
                "slug": v.store.slug,
                "currency": v.store.currency,
                "role": v.role.value,
            }
            for v in page.items
        ]
        ids = [s["id"] for s in self.stores]
        wanted = select_store or self.current_store_id
        self.current_store_id = wanted if wanted in ids else (ids[0] if ids else "")

    def _forget(self) -> None:
        self.token = ""
        self.current_store_id = ""
        self.user_email = self.user_name = ""
        self.stores = []


off_loop.install(SessionState)
