"""E-mail to buyers and owners: rendered from the store's templates (``email_templates``:
HTML in the store's brand with a plain-text alternative), queued with the change that
causes them, delivered by a worker over SMTP when ``BIZQ_SMTP_HOST`` is set and kept
in the store's outbox (shown in the app) when it is not."""

from __future__ import annotations

import smtplib
import uuid
from typing import Any

from sqlmodel import Session, col, select

from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.permissions import Permission, require
from bizq_app.core import queue, status
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import NotFound, ValidationFailed
from bizq_app.core.mail import Mail, smtp_send
from bizq_app.core.pagination import Page, paginate
from bizq_app.core.settings import get_settings
from bizq_app.sales import email_templates, personal_data
from bizq_app.sales.models import Notification, Order

JOB = "bizq_app.jobs.notifications.deliver"
CANCELLED = "cancelled"  # never to be sent: its recipient's personal data was erased
ERASED_RECIPIENT = "Not sent: the buyer's personal data was erased."
SENDING = "sending"  # claimed by one delivery job
STATUSES = ("queued", SENDING, "sent", "failed", "outbox", CANCELLED)
DELIVERABLE = ("queued", "failed", "outbox")
STATUS_LABELS = {
    "queued": "Waiting to send",
    SENDING: "Sending",
    "sent": "Sent",
    "failed": "Failed",
    "outbox": "Not sent",  # no mail server: kept in BizQ's outbox
    CANCELLED: "Cancelled",
}
"""Each e-mail status as a seller reads it."""


def send(
    session: Session,
    *,
    store_id: uuid.UUID,
    kind: str,
    to: str,
    context: dict[str, Any],
    order_id: uuid.UUID | None = None,
) -> Notification:
    """Queue one e-mail of ``kind`` (one of ``email_kinds.KINDS``; ``context`` holds its
    placeholders' values); a worker delivers it once this change commits. An e-mail to
    an erased customer's placeholder is kept as ``cancelled`` and never sent."""
    store = account_lookups.find_store(session, store_id)
    if store is None:
        raise NotFound(f"Store {store_id} does not exist.")
    mail = email_templates.compose(store, kind, context)
    row = Notification(
        store_id=store_id,
        order_id=order_id,
        kind=kind,
        to=to,
        subject=mail.subject[:200],
        body=mail.text,
        html=mail.html,
    )
    if personal_data.is_placeholder(to):
        row.status, row.body, row.html, row.error = CANCELLED, "", "", ERASED_RECIPIENT
    session.add(row)
    session.flush()
    if row.status == CANCELLED:
        return row
    queue.enqueue_on_commit(session, JOB, str(row.id))
    return row


def deliver(*, open_session: OpenSession, notification_id: uuid.UUID) -> str:
    """Send one queued e-mail over SMTP, or keep it in the outbox when SMTP is not set;
    returns its status. The e-mail is claimed (``sending``) in one short transaction and
    its outcome written in another, so a job delivered twice sends it once and no
    transaction waits on the mail server.

    Raises:
        NotFound: no such notification.
    """
    with open_session() as session:
        row = session.get(Notification, notification_id)
        if row is None:
            raise NotFound("No such notification.")
        if not get_settings().smtp_host:
            status.move(session, row, DELIVERABLE, "outbox", error="")
            return row.status
        if not status.move(session, row, DELIVERABLE, SENDING):
            return row.status  # sent, being sent by another job, or cancelled
    outcome: dict[str, Any]
    try:
        smtp_send(_mail(row))
        done, outcome = "sent", {"error": "", "sent_at": utcnow()}
    except (OSError, smtplib.SMTPException) as exc:
        done, outcome = "failed", {"error": f"{type(exc).__name__}: {exc}"[:500]}
    with open_session() as session:
        status.move(session, row, (SENDING,), done, **outcome)
    return done


def outbox(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    limit: int = 25,
    offset: int = 0,
    order_id: uuid.UUID | None = None,
    status: str | None = None,
) -> Page[Notification]:
    """The store's e-mails, newest first (optionally one order's, or those of one status:
    queued, sent, failed or outbox)."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    query = select(Notification).where(Notification.store_id == store_id)
    if order_id is not None:
        query = query.where(Notification.order_id == order_id)
    if status:
        if status not in STATUSES:
            raise ValidationFailed.field("$.status", f"must be one of: {', '.join(STATUSES)}")
        query = query.where(Notification.status == status)
    query = query.order_by(col(Notification.created_at).desc())
    return paginate(session, query, limit=limit, offset=offset)


def order_numbers(session: Session, rows: list[Notification]) -> dict[uuid.UUID, int]:
    """The number of the order each e-mail is about (one query)."""
    ids = {r.order_id for r in rows if r.order_id is not None}
    if not ids:
        return {}
    query = select(Order.id, Order.number).where(col(Order.id).in_(ids))
    return {order_id: number for order_id, number in session.exec(query)}


def _mail(row: Notification) -> Mail:
    # an e-mail queued before e-mails had HTML has html == "": it goes as text only
    return Mail(to=row.to, subject=row.subject, text=row.body, html=row.html)
