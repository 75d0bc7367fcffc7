"""One e-mail as BizQ sent it (or kept it in the outbox): status, subject, recipient, text."""

from __future__ import annotations

import reflex as rx

from bizq_app.sales.email_kinds import KINDS
from bizq_app.sales.models import Notification
from bizq_app.sales.notifications import STATUS_LABELS

OUTBOX_NOTE = (
    "Kept in BizQ's outbox: no SMTP server is configured (set BIZQ_SMTP_HOST to send). "
    "Copy it to the buyer if needed."
)


def mail_row(mail: Notification) -> dict[str, str]:
    """What ``mail_item`` shows of an e-mail."""
    return {
        "subject": mail.subject,
        "to": mail.to,
        "status": mail.status,
        "status_label": STATUS_LABELS.get(mail.status, mail.status),
        "kind": KINDS[mail.kind].title if mail.kind in KINDS else mail.kind.replace("_", " "),
        "at": mail.created_at.strftime("%-d %b %Y, %H:%M"),
        "error": mail.error,
        "body": mail.body,
    }


def mail_item(mail: rx.Var, *extra: rx.Component) -> rx.Component:
    """``mail`` is a ``mail_row``; ``extra`` goes after the summary."""
    return rx.el.details(
        rx.el.summary(
            rx.badge(
                mail["status_label"],
                color_scheme=rx.match(
                    mail["status"],
                    ("sent", "green"),
                    ("failed", "red"),
                    ("outbox", "amber"),
                    "gray",
                ),
            ),
            " ",
            mail["subject"],
            " → ",
            mail["to"],
        ),
        *extra,
        rx.cond(mail["status"] == "outbox", rx.text(OUTBOX_NOTE, size="1", color_scheme="gray")),
        rx.cond(mail["error"] != "", rx.text(mail["error"], size="1", color_scheme="red")),
        rx.el.pre(mail["body"], class_name="bizq-mail"),
        class_name="order-mail",
    )
