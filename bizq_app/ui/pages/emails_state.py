"""The E-mails page: every e-mail the store sent or kept in its outbox."""

from __future__ import annotations

import uuid

import reflex as rx
from sqlmodel import Session

from bizq_app.models import Notification
from bizq_app.services import notifications
from bizq_app.services.pagination import Page
from bizq_app.ui.state import SessionState

FILTERS = ["all", *notifications.STATUSES]
PER_PAGE = 25


class EmailsState(SessionState):
    rows: list[dict[str, str]] = []
    total: int = 0
    page: int = 0
    status_filter: str = "all"

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    @rx.event
    def load(self) -> None:
        if not self.current_store_id or not self.user_email:
            return
        status = None if self.status_filter == "all" else self.status_filter

        def read(
            session: Session, user_id: uuid.UUID, store_id: uuid.UUID
        ) -> tuple[Page[Notification], dict[uuid.UUID, int]]:
            found = notifications.outbox(
                session=session,
                user_id=user_id,
                store_id=store_id,
                status=status,
                limit=PER_PAGE,
                offset=self.page * PER_PAGE,
            )
            return found, notifications.order_numbers(session, found.items)

        found, numbers = self._in_store(read)
        self.total = found.total
        self.rows = [
            {
                "subject": n.subject,
                "to": n.to,
                "status": n.status,
                "error": n.error,
                "body": n.body,
                "kind": n.kind.replace("_", " "),
                "at": n.created_at.strftime("%Y-%m-%d %H:%M"),
                "order": str(numbers.get(n.order_id, "")) if n.order_id else "",
            }
            for n in found.items
        ]

    @rx.event
    def set_filter(self, value: str) -> None:
        self.status_filter = value if value in FILTERS else "all"
        self.page = 0
        self.load()

    @rx.event
    def next_page(self) -> None:
        if (self.page + 1) * PER_PAGE < self.total:
            self.page += 1
            self.load()

    @rx.event
    def previous_page(self) -> None:
        self.page = max(0, self.page - 1)
        self.load()
