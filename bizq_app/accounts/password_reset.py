"""Forgotten passwords: a signed link e-mailed to the account's address, good for an hour
and for one use, that sets a new password and ends every login session of the account.

The link names the account and a fingerprint of its password hash, so it dies the moment
the password changes (by this link or any other way); asking for a link answers the same
whether or not an account uses the address.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from bizq_app.accounts import accounts, audit
from bizq_app.accounts.models import User
from bizq_app.core import mail, queue, rate_limits
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import AuthenticationFailed, ValidationFailed
from bizq_app.core.security import read_link, sign_link
from bizq_app.core.settings import get_settings
from bizq_app.core.validation import clean_email

PURPOSE = "password_reset"  # the link's audience: it opens nothing else
VALID_FOR = timedelta(hours=1)
PAGE = "/reset-password"  # the page the link opens (``ui.routes.RESET_PASSWORD``)
JOB = "bizq_app.jobs.accounts.send_password_reset"
SENT = (
    "If a BizQ account uses this e-mail address, we have sent it a link to choose a new "
    "password. The link works once, for one hour."
)
_USED = "This link was already used, or the password changed since; ask for a new link."


def request_reset(*, session: Session, email: object, client: str = "") -> None:
    """E-mail the account using ``email`` a link to choose a new password, once this
    transaction commits (nothing when no active account uses it: the caller answers
    ``SENT`` either way). Requests are limited per address (``client``) and per e-mail.

    Raises:
        ValidationFailed: the e-mail address is malformed.
        TooManyRequests: too many requests from ``client`` or for this e-mail address.
    """
    if client:
        rate_limits.take("password_reset_ip", client)
    clean = clean_email(email)
    rate_limits.take("password_reset_email", clean)
    user = session.exec(select(User).where(User.email == clean)).first()
    if user is None or not user.is_active:
        return
    audit.record(
        session=session,
        action="user.password_reset_requested",
        subject_type="user",
        subject_id=user.id,
        actor_id=None,
        data={"client": client},
    )
    queue.enqueue_on_commit(session, JOB, str(user.id), utcnow().isoformat())


def send_link(*, open_session: OpenSession, user_id: uuid.UUID, issued_at: datetime) -> bool:
    """E-mail the user their link, valid for ``VALID_FOR`` from ``issued_at`` (when they
    asked). The account is read in one short transaction and the mail sent after it.
    Returns whether a mail server took the e-mail (False: written to the log, or the
    account is gone).

    Raises:
        Unavailable: the mail server refused the e-mail or could not be reached.
    """
    with open_session() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            return False
        message = _mail(user, link_token(user, issued_at=issued_at))
    return mail.send(message)


def link_token(user: User, *, issued_at: datetime | None = None) -> str:
    """The signed token of a reset link for ``user``, expiring ``VALID_FOR`` after
    ``issued_at`` (now unless given)."""
    expires_at = (issued_at or utcnow()) + VALID_FOR
    subject = f"{user.id}.{_fingerprint(user.password_hash)}"
    return sign_link(PURPOSE, subject, expires_at - utcnow())


def reset_password(*, session: Session, token: object, new_password: object) -> User:
    """Set the password of the account a reset link names; the link dies with the old
    password, and every login session of the account ends.

    Raises:
        ValidationFailed: the link (``$.token``) is forged, expired or used, or the new
            password (``$.new_password``) breaks a rule.
    """
    user = _user_of(session, token)
    new_hash = accounts.new_password_hash(new_password, email=user.email)
    changed = session.execute(
        update(User)
        .where(col(User.id) == user.id, col(User.password_hash) == user.password_hash)
        .values(password_hash=new_hash)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]  # the same link, used at once
        raise ValidationFailed.field("$.token", _USED)
    ended = accounts.log_out_everywhere(session=session, user_id=user.id)
    accounts.record_password_change(
        session=session, user_id=user.id, action="user.password_reset", sessions_ended=ended
    )
    return user


def _user_of(session: Session, token: object) -> User:
    if not isinstance(token, str) or not token:
        raise ValidationFailed.field("$.token", "is required")
    try:
        subject = read_link(token, PURPOSE)
    except AuthenticationFailed as exc:
        raise ValidationFailed.field("$.token", f"{exc.message} Ask for a new link.") from exc
    user_id, _, fingerprint = subject.partition(".")
    try:
        user = session.get(User, uuid.UUID(user_id))
    except ValueError:
        user = None
    if user is None or not user.is_active or fingerprint != _fingerprint(user.password_hash):
        raise ValidationFailed.field("$.token", _USED)
    return user


def _fingerprint(password_hash: str) -> str:
    """Changes whenever the password does (each argon2 hash has its own salt)."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:32]


def _mail(user: User, token: str) -> mail.Mail:
    link = f"{get_settings().base_url}{PAGE}?t={token}"
    hours = int(VALID_FOR.total_seconds() // 3600)
    text = (
        f"Hello{' ' + user.full_name if user.full_name else ''},\n\n"
        f"Someone asked to reset the password of the BizQ account {user.email}.\n"
        f"To choose a new password, open this link within {hours} hour"
        f"{'s' if hours != 1 else ''}:\n\n{link}\n\n"
        "The link works once. Choosing a new password logs the account out everywhere.\n"
        "If you did not ask, ignore this e-mail: your password stays as it is.\n"
    )
    return mail.Mail(to=user.email, subject="Choose a new BizQ password", text=text)
