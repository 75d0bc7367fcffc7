"""Accounts on PostgreSQL and SQLite: sign up, log in, tokens, password rules."""

from __future__ import annotations

import uuid
from datetime import timedelta

import jwt
import pytest
from sqlmodel import Session, select

from bizq_app.accounts import accounts
from bizq_app.accounts.models import AuditEvent, User
from bizq_app.core import keys
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import AuthenticationFailed, ValidationFailed
from bizq_app.core.security import issue_token
from tests.factories import PASSWORD, make_user


def test_sign_up_stores_a_normalised_email_and_an_argon2_hash(session: Session) -> None:
    user = accounts.sign_up(session=session, email="  Ada@Example.COM ", password=PASSWORD)

    assert user.email == "ada@example.com"
    assert user.password_hash.startswith("$argon2")
    assert PASSWORD not in user.password_hash
    events = session.exec(select(AuditEvent).where(AuditEvent.subject_id == user.id)).all()
    assert [e.action for e in events] == ["user.signed_up"]


def test_a_taken_email_is_refused_whatever_its_case(session: Session, redis_db: object) -> None:
    make_user(session, email="taken@example.com")

    with pytest.raises(ValidationFailed) as err:
        accounts.sign_up(session=session, email="TAKEN@example.com", password=PASSWORD)

    assert err.value.message == accounts.SIGNUP_REFUSED
    assert err.value.errors == []
    assert len(session.exec(select(User)).all()) == 1


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("", "is required"),
        ("short1", "at least 10 characters"),
        ("onlyletters", "one digit"),
        ("1234567890", "one letter"),
        ("x1" * 70, "at most 128"),
    ],
)
def test_password_rules_say_what_is_wrong(session: Session, password: str, expected: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        accounts.sign_up(session=session, email="rules@example.com", password=password)

    assert err.value.errors[0].path == "$.password"
    assert expected in err.value.errors[0].message
    assert session.exec(select(User)).all() == []


@pytest.mark.parametrize("email", ["", "not-an-email", "a@", "@b.com", "a b@c.com", 42])
def test_a_bad_email_is_refused(session: Session, email: object) -> None:
    with pytest.raises(ValidationFailed) as err:
        accounts.sign_up(session=session, email=email, password=PASSWORD)

    assert err.value.errors[0].path == "$.email"


def test_log_in_with_the_right_password_records_the_time(session: Session) -> None:
    user = make_user(session, email="login@example.com")

    logged_in = accounts.log_in(session=session, email="Login@example.com", password=PASSWORD)

    assert logged_in.id == user.id
    assert logged_in.last_login_at is not None


def test_a_wrong_password_and_an_unknown_email_get_the_same_answer(session: Session) -> None:
    make_user(session, email="known@example.com")

    with pytest.raises(AuthenticationFailed) as wrong:
        accounts.log_in(session=session, email="known@example.com", password="wrong-pass-1")
    with pytest.raises(AuthenticationFailed) as unknown:
        accounts.log_in(session=session, email="nobody@example.com", password=PASSWORD)

    assert wrong.value.message == unknown.value.message == accounts.LOGIN_REFUSED


def test_a_token_names_its_user(session: Session) -> None:
    user = make_user(session)

    token = accounts.access_token(session, user)

    assert accounts.user_from_token(session=session, token=token).id == user.id


def test_forged_expired_and_orphan_tokens_are_refused(session: Session) -> None:
    user = make_user(session)
    key = keys.key(keys.ACCESS_TOKENS)
    forged = jwt.encode({"sub": str(user.id)}, "another-key-entirely-32-chars-long", "HS256")
    expired = jwt.encode(
        {"sub": str(user.id), "sid": str(uuid.uuid4()), "exp": utcnow() - timedelta(minutes=1)},
        key,
        "HS256",
    )

    for token in (forged, "not.a.token", ""):
        with pytest.raises(AuthenticationFailed, match="not valid"):
            accounts.user_from_token(session=session, token=token)
    with pytest.raises(AuthenticationFailed, match="expired"):
        accounts.user_from_token(session=session, token=expired)
    with pytest.raises(AuthenticationFailed, match="logged out"):  # no such login session
        accounts.user_from_token(
            session=session,
            token=issue_token(user.id, uuid.uuid4(), utcnow() + timedelta(hours=1)),
        )
    orphan = accounts.access_token(session, user)
    user.is_active = False
    session.add(user)
    with pytest.raises(AuthenticationFailed, match="no longer exists"):
        accounts.user_from_token(session=session, token=orphan)
