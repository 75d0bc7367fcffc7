"""The E-mails page: every e-mail the store sent or kept in its outbox."""

from __future__ import annotations

import uuid

import reflex as rx
from sqlmodel import Session

from bizq_app.core import mail
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
    mail_warning: str = ""  # while no mail server is set: what was not sent, and what to do

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
            kept = notifications.outbox(
                session=session, user_id=user_id, store_id=store_id, status="outbox", limit=1
            )
            self.mail_warning = "" if mail.configured() else _not_sent(kept.total)
            return found, notifications.order_numbers(session, found.items)

        found, numbers = self._in_store(read)
        self.total = found.total
        self.rows = [
            {
                **mail_row(n),
                "order": str(numbers.get(n.order_id, "")) if n.order_id else "",
            }
            for n in found.items
        ]

    @rx.event
    def set_filter(self, value: str) -> None:
        self.status_filter = value if value in FILTERS else "all"
        self.page = 0
        self.load()


def _not_sent(kept: int) -> str:
    told = {0: "E-mail is not set up: BizQ keeps here what it would send."}.get(
        kept,
        f"{kept} e-mail{' was' if kept == 1 else 's were'} not sent: BizQ has no mail server "
        "to send with, so they wait in the outbox below.",
    )
    return (
        f"{told} Set BIZQ_SMTP_HOST (see the README's settings) to send e-mail; until then, "
        "copy what a buyer needs from here."
    )
