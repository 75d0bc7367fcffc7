"""Accounts: sign up, log in and out (login sessions a token names, revocable), change a
password, and who a token belongs to."""

from __future__ import annotations

import re
import uuid
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bizq_app.accounts import audit
from bizq_app.accounts.models import LoginSession, User
from bizq_app.core import rate_limits
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import AuthenticationFailed, Conflict, ValidationFailed
from bizq_app.core.security import (
    hash_password,
    issue_token,
    read_token,
    token_lifetime,
    verify_password,
)
from bizq_app.core.validation import clean_email, clean_text

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 128
PASSWORD_RULES = (
    f"at least {MIN_PASSWORD_LENGTH} characters, with at least one letter and one digit"
)
_EMAIL_TAKEN = "An account with this e-mail already exists; log in instead."


def check_password(password: object, *, email: str = "") -> str:
    """``password`` if it follows the password rules.

    Raises:
        ValidationFailed: the password breaks a rule; the message says which.
    """
    path = "$.password"
    if not isinstance(password, str) or not password:
        raise ValidationFailed.field(path, "is required")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed.field(path, f"must be {PASSWORD_RULES}")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationFailed.field(path, f"must be at most {MAX_PASSWORD_LENGTH} characters")
    if not re.search(r"[^\W\d_]", password) or not re.search(r"\d", password):
        raise ValidationFailed.field(path, f"must be {PASSWORD_RULES}")
    if email and password.lower() == email.lower():
        raise ValidationFailed.field(path, "must not be your e-mail address")
    return password


def sign_up(
    *,
    session: Session,
    email: object,
    password: object,
    full_name: object = "",
    client: str = "",
) -> User:
    """Create an account; ``client`` (the caller's address) is rate limited.

    Raises:
        ValidationFailed: a bad e-mail address, name or password.
        Conflict: the e-mail address already has an account.
        TooManyRequests: too many sign-ups from ``client``.
    """
    if client:
        rate_limits.take("signup_ip", client)
    clean = clean_email(email)
    name = clean_text(full_name or "", path="$.full_name", max_length=120, required=False)
    secret = check_password(password, email=clean)
    if _find_by_email(session, clean) is not None:
        raise Conflict(_EMAIL_TAKEN, path="$.email")
    user = User(email=clean, full_name=name, password_hash=hash_password(secret))
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent sign-up won the race
        raise Conflict(_EMAIL_TAKEN, path="$.email") from exc
    audit.record(
        session=session,
        action="user.signed_up",
        subject_type="user",
        subject_id=user.id,
        actor_id=user.id,
    )
    return user


# One answer whether the account exists or not: a login page must not confirm which
# e-mail addresses have accounts.
LOGIN_REFUSED = "The e-mail address or the password is wrong."


def log_in(*, session: Session, email: object, password: object, client: str = "") -> User:
    """The account matching ``email`` and ``password``. Attempts are limited per address
    (``client``) and wrong passwords per account; an account's limit drains within its
    window, so guessing cannot lock its owner out for longer than that.

    Raises:
        ValidationFailed: the e-mail address is malformed or the password empty.
        AuthenticationFailed: no such account, or the password is wrong.
        TooManyRequests: too many attempts from ``client`` or wrong passwords for the account.
    """
    if client:
        rate_limits.take("login_ip", client)
    clean = clean_email(email)
    if not isinstance(password, str) or not password:
        raise ValidationFailed.field("$.password", "is required")
    rate_limits.check("login_account", clean)
    user = _find_by_email(session, clean)
    if user is None:
        hash_password(password)  # same work either way, so timing says nothing
    if user is None or not user.is_active or not verify_password(password, user.password_hash):
        rate_limits.count("login_account", clean)
        raise AuthenticationFailed(LOGIN_REFUSED)
    user.last_login_at = utcnow()
    session.add(user)
    return user


def access_token(session: Session, user: User) -> str:
    """A bearer token for ``user``: a new login session that logging out revokes."""
    login = LoginSession(user_id=user.id, expires_at=utcnow() + token_lifetime())
    session.add(login)
    session.flush()
    return issue_token(user.id, login.id, login.expires_at)


def user_from_token(*, session: Session, token: str) -> User:
    """The active user a bearer token belongs to, while its login session lasts.

    Raises:
        AuthenticationFailed: the token is bad, its session was revoked or has expired, or
            its user is gone.
    """
    user_id, login_id = read_token(token)
    login = session.get(LoginSession, login_id)
    if login is None or login.user_id != user_id or login.revoked_at is not None:
        raise AuthenticationFailed("You have been logged out; log in again.")
    if login.expires_at <= utcnow():
        raise AuthenticationFailed("Your session has expired; log in again.")
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise AuthenticationFailed("The account for this token no longer exists.")
    return user


def log_out(*, session: Session, token: str) -> None:
    """End the login session ``token`` names (a token already dead changes nothing)."""
    try:
        _, login_id = read_token(token)
    except AuthenticationFailed:
        return
    _revoke(session, LoginSession.id == login_id)


def log_out_everywhere(*, session: Session, user_id: uuid.UUID) -> int:
    """End every login session of the user (every browser and API client); how many."""
    ended = _revoke(session, LoginSession.user_id == user_id)
    audit.record(
        session=session,
        action="user.logged_out_everywhere",
        subject_type="user",
        subject_id=user_id,
        actor_id=user_id,
        data={"sessions": ended},
    )
    return ended


def change_password(
    *, session: Session, token: str, current_password: object, new_password: object
) -> User:
    """Set a new password; every other login session of the account ends (this one stays).

    Raises:
        AuthenticationFailed: the token is not valid, or the current password is wrong.
        ValidationFailed: the new password breaks a rule (``$.new_password``).
    """
    user = user_from_token(session=session, token=token)
    _, login_id = read_token(token)
    if not isinstance(current_password, str) or not verify_password(
        current_password, user.password_hash
    ):
        raise ValidationFailed.field("$.current_password", "is not your current password")
    try:
        secret = check_password(new_password, email=user.email)
    except ValidationFailed as exc:
        raise ValidationFailed.field("$.new_password", exc.errors[0].message) from exc
    user.password_hash = hash_password(secret)
    session.add(user)
    ended = _revoke(session, LoginSession.user_id == user.id, LoginSession.id != login_id)
    audit.record(
        session=session,
        action="user.password_changed",
        subject_type="user",
        subject_id=user.id,
        actor_id=user.id,
        data={"sessions_ended": ended},
    )
    return user


def _revoke(session: Session, *where: Any) -> int:
    result = session.execute(
        update(LoginSession)
        .where(*where, col(LoginSession.revoked_at).is_(None))
        .values(revoked_at=utcnow())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def get_user(*, session: Session, user_id: uuid.UUID) -> User:
    """The user with ``user_id``.

    Raises:
        AuthenticationFailed: no such active user.
    """
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise AuthenticationFailed("The account no longer exists.")
    return user


def _find_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email)).first()
