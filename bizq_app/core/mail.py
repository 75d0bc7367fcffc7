"""E-mail over SMTP. ``send`` is for e-mail that belongs to a person rather than to a
store (a password reset): sent when ``BIZQ_SMTP_HOST`` is set, written to the log when
it is not. A store's own e-mails keep to its outbox instead (``sales.notifications``)
and reach the mail server through ``smtp_send``. Never call either inside a database
transaction: the mail server may be slow."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid

from bizq_app.core.errors import Unavailable
from bizq_app.core.logging import DELIVERED
from bizq_app.core.settings import get_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    """One e-mail to one address: plain text, with an HTML alternative when ``html`` is
    set."""

    to: str
    subject: str
    text: str
    html: str = ""


def configured() -> bool:
    """Whether a mail server is set: without one, e-mail stays in BizQ's outbox."""
    return bool(get_settings().smtp_host)


def send(mail: Mail) -> bool:
    """Send ``mail``; True when a mail server took it, False when it went to the log.

    Raises:
        Unavailable: the mail server refused it or could not be reached.
    """
    settings = get_settings()
    if not settings.smtp_host:
        log.warning(
            "No mail server is set (BIZQ_SMTP_HOST): e-mail to %s follows.\nSubject: %s\n\n%s",
            mail.to,
            mail.subject,
            mail.text,
            extra={DELIVERED: True},  # the log is its outbox: a reset link must stay usable
        )
        return False
    try:
        smtp_send(mail)
    except (OSError, smtplib.SMTPException) as exc:
        raise Unavailable(f"The mail server did not take the e-mail: {exc}") from exc
    return True


def smtp_send(mail: Mail) -> None:
    """Hand ``mail`` to the mail server set by ``BIZQ_SMTP_HOST``.

    Raises:
        OSError, smtplib.SMTPException: the server could not be reached or refused it.
    """
    settings = get_settings()
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain="bizq.local")
    message.set_content(mail.text)
    if mail.html:
        message.add_alternative(mail.html, subtype="html")
    assert settings.smtp_host is not None
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username and settings.smtp_password:
            smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
        smtp.send_message(message)
