"""Accounts: sign up, log in and out (login sessions a token names, revocable), change a
password, and who a token belongs to."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bizq_app.accounts import audit, signup_notice
from bizq_app.accounts.models import LoginSession, User
from bizq_app.core import rate_limits
from bizq_app.core.columns import utcnow
from bizq_app.core.db import on_commit
from bizq_app.core.errors import AuthenticationFailed, ValidationFailed
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
# The answer to a sign-up with an e-mail address that has an account. It names no field
# and says nothing the owner of an unused address could not also be told.
SIGNUP_REFUSED = (
    "We could not create an account with these details. "
    "If you already have an account, log in or reset your password."
)


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
        ValidationFailed: a bad e-mail address, name or password (on its field), or an
            address that already has an account (``SIGNUP_REFUSED``, on no field: the
            answer does not confirm that the account exists; the account's holder is
            e-mailed instead, ``signup_notice``).
        TooManyRequests: too many sign-ups from ``client``.
    """
    if client:
        rate_limits.take("signup_ip", client)
    clean = clean_email(email)
    name = clean_text(full_name or "", path="$.full_name", max_length=120, required=False)
    secret = check_password(password, email=clean)
    holder = _find_by_email(session, clean)
    if holder is not None:
        signup_notice.queue_notice(holder)
        raise ValidationFailed(SIGNUP_REFUSED)
    user = User(email=clean, full_name=name, password_hash=hash_password(secret))
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:  # a concurrent sign-up won the race
        raise ValidationFailed(SIGNUP_REFUSED) from exc
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


KNOWN_ADDRESS_DAYS = 30  # how long an address an account logged in from is remembered


def log_in(*, session: Session, email: object, password: object, client: str = "") -> User:
    """The account matching ``email`` and ``password``.

    Guessing is limited, narrowest first: attempts per address (``login_ip``), wrong
    passwords per account and address (``login_account_ip``), and wrong passwords per
    account from every address together (``login_account``, higher: it slows a guess
    spread over many addresses). A stranger who trips the first two locks out only
    their own address. The account-wide limit spares the addresses the account logged
    in from in the last ``KNOWN_ADDRESS_DAYS`` days, so its owner still gets in from
    home while it is tripped; from a new address the owner waits out its window (every
    limit drains; none locks an account for good).

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
    _check_guesses(clean, client)
    user = _find_by_email(session, clean)
    if user is None:
        hash_password(password)  # same work either way, so timing says nothing
    if user is None or not user.is_active or not verify_password(password, user.password_hash):
        rate_limits.count("login_account_ip", clean, client)
        rate_limits.count("login_account", clean)
        raise AuthenticationFailed(LOGIN_REFUSED)
    rate_limits.remember("login_address", clean, client, days=KNOWN_ADDRESS_DAYS)
    user.last_login_at = utcnow()
    session.add(user)
    return user


def _check_guesses(email: str, client: str) -> None:
    """Refuse a log-in over the account's wrong-password limits (see ``log_in``)."""
    rate_limits.check("login_account_ip", email, client)
    try:
        rate_limits.check("login_account", email)
    except rate_limits.TooManyRequests:
        if not rate_limits.remembered("login_address", email, client):
            raise


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
    Wrong current passwords are limited per account (``password_account``): once over,
    every attempt, the right password too, waits out the window, so a borrowed browser
    or a stolen token cannot be used to guess the password.

    Raises:
        AuthenticationFailed: the token is not valid.
        ValidationFailed: the current password is wrong (``$.current_password``), or the
            new one breaks a rule (``$.new_password``).
        TooManyRequests: too many wrong current passwords for the account.
    """
    user = user_from_token(session=session, token=token)
    _, login_id = read_token(token)
    _check_password_guesses(user.id)
    if not isinstance(current_password, str) or not verify_password(
        current_password, user.password_hash
    ):
        rate_limits.count("password_account", str(user.id))
        raise ValidationFailed.field("$.current_password", "is not your current password")
    user.password_hash = new_password_hash(new_password, email=user.email)
    session.add(user)
    ended = _revoke(session, LoginSession.user_id == user.id, LoginSession.id != login_id)
    record_password_change(
        session=session, user_id=user.id, action="user.password_changed", sessions_ended=ended
    )
    return user


def new_password_hash(new_password: object, *, email: str) -> str:
    """The hash of ``new_password`` once it follows the password rules.

    Raises:
        ValidationFailed: the password breaks a rule (on ``$.new_password``).
    """
    try:
        secret = check_password(new_password, email=email)
    except ValidationFailed as exc:
        raise ValidationFailed.field("$.new_password", exc.errors[0].message) from exc
    return hash_password(secret)


def record_password_change(
    *, session: Session, user_id: uuid.UUID, action: str, sessions_ended: int
) -> None:
    """Audit a password its owner set (``action``) and how many login sessions it ended."""
    audit.record(
        session=session,
        action=action,
        subject_type="user",
        subject_id=user_id,
        actor_id=user_id,
        data={"sessions_ended": sessions_ended},
    )


PASSWORD_GUESSES = "Too many wrong current passwords; try again in {seconds} seconds."


def _check_password_guesses(user_id: uuid.UUID) -> None:
    try:
        rate_limits.check("password_account", str(user_id))
    except rate_limits.TooManyRequests as exc:
        message = PASSWORD_GUESSES.format(seconds=exc.retry_after)
        raise rate_limits.TooManyRequests(message, exc.retry_after) from exc


RevocationListener = Callable[[list[uuid.UUID]], None]
REVOCATION_LISTENERS: list[RevocationListener] = []


def register_revocation_listener(listener: RevocationListener) -> None:
    """Have ``listener`` told the ids of the login sessions a transaction ended, once it
    commits (a cache of live sessions in this process drops them at once)."""
    if listener not in REVOCATION_LISTENERS:
        REVOCATION_LISTENERS.append(listener)


def _revoke(session: Session, *where: Any) -> int:
    ended = list(
        session.execute(
            update(LoginSession)
            .where(*where, col(LoginSession.revoked_at).is_(None))
            .values(revoked_at=utcnow())
            .returning(col(LoginSession.id))
        ).scalars()
    )
    if ended:
        for listener in REVOCATION_LISTENERS:
            on_commit(session, partial(listener, ended))
    return len(ended)


def _find_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == email)).first()
