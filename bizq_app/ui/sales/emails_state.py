"""The E-mails page: every e-mail the store sent or kept in its outbox."""

from __future__ import annotations

import uuid

import reflex as rx
from sqlmodel import Session

from bizq_app.core.pagination import Page
from bizq_app.sales import notifications
from bizq_app.sales.models import Notification
from bizq_app.ui.components.mail import mail_row
from bizq_app.ui.paged_state import PAGE_SIZE, PagedState
from bizq_app.ui.state import SessionState

FILTERS = ["all", *notifications.STATUSES]


class EmailsState(PagedState, SessionState):
    rows: list[dict[str, str]] = []
    status_filter: str = "all"

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
                limit=PAGE_SIZE,
                offset=self.offset,
            )
            return found, notifications.order_numbers(session, found.items)

        found, numbers = self._in_store(read)
        self.total = found.total
        self.rows = [
            {
                **mail_row(n),
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
