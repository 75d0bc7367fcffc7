"""Accounts: sign up, log in, and who a token belongs to."""

from __future__ import annotations

import re
import uuid

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bizq_app.accounts import audit
from bizq_app.accounts.models import User
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import AuthenticationFailed, Conflict, ValidationFailed
from bizq_app.core.security import hash_password, issue_token, read_token, verify_password
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


def sign_up(*, session: Session, email: object, password: object, full_name: object = "") -> User:
    """Create an account.

    Raises:
        ValidationFailed: a bad e-mail address, name or password.
        Conflict: the e-mail address already has an account.
    """
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


def log_in(*, session: Session, email: object, password: object) -> User:
    """The account matching ``email`` and ``password``.

    Raises:
        ValidationFailed: the e-mail address is malformed or the password empty.
        AuthenticationFailed: no such account, or the password is wrong.
    """
    clean = clean_email(email)
    if not isinstance(password, str) or not password:
        raise ValidationFailed.field("$.password", "is required")
    user = _find_by_email(session, clean)
    if user is None:
        hash_password(password)  # same work either way, so timing says nothing
        raise AuthenticationFailed(LOGIN_REFUSED)
    if not user.is_active or not verify_password(password, user.password_hash):
        raise AuthenticationFailed(LOGIN_REFUSED)
    user.last_login_at = utcnow()
    session.add(user)
    return user


def access_token(user: User) -> str:
    """A bearer token for ``user``."""
    return issue_token(user.id)


def user_from_token(*, session: Session, token: str) -> User:
    """The active user a bearer token belongs to.

    Raises:
        AuthenticationFailed: the token is bad or its user is gone.
    """
    user = session.get(User, read_token(token))
    if user is None or not user.is_active:
        raise AuthenticationFailed("The account for this token no longer exists.")
    return user


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
