"""Password hashing (argon2) and signed access tokens (JWT)."""

from __future__ import annotations

import uuid
from datetime import timedelta

import jwt
from pwdlib import PasswordHash

from bizq_app.core.columns import utcnow
from bizq_app.core.errors import AuthenticationFailed
from bizq_app.core.settings import get_settings

_ALGORITHM = "HS256"
_password_hash = PasswordHash.recommended()


def hash_password(password: str) -> str:
    """An argon2 hash of ``password``."""
    return _password_hash.hash(password)


def verify_password(password: str, hashed: str) -> bool:
    """True when ``password`` matches ``hashed``."""
    return _password_hash.verify(password, hashed)


def issue_token(user_id: uuid.UUID) -> str:
    """A signed access token for ``user_id``."""
    settings = get_settings()
    now = utcnow()
    claims = {
        "sub": str(user_id),
        "iat": now,
        "exp": now + timedelta(hours=settings.token_ttl_hours),
    }
    return jwt.encode(claims, settings.signing_key(), algorithm=_ALGORITHM)


def read_token(token: str) -> uuid.UUID:
    """The user id a token was issued to.

    Raises:
        AuthenticationFailed: the token is malformed, forged or expired.
    """
    try:
        claims = jwt.decode(token, get_settings().signing_key(), algorithms=[_ALGORITHM])
        return uuid.UUID(claims["sub"])
    except jwt.ExpiredSignatureError as exc:
        raise AuthenticationFailed("Your session has expired; log in again.") from exc
    except (jwt.InvalidTokenError, KeyError, ValueError) as exc:
        raise AuthenticationFailed("The access token is not valid; log in again.") from exc


def sign_link(purpose: str, subject: str, valid_for: timedelta) -> str:
    """A token for a link e-mailed to someone without an account (an order's status page,
    a download). Its ``purpose`` is its audience: it opens nothing else, and an access
    token opens no link."""
    now = utcnow()
    claims = {"sub": subject, "aud": purpose, "iat": now, "exp": now + valid_for}
    return jwt.encode(claims, get_settings().signing_key(), algorithm=_ALGORITHM)


def read_link(token: str, purpose: str) -> str:
    """The subject a link token was signed for.

    Raises:
        AuthenticationFailed: the link is malformed, forged, for something else, or expired.
    """
    try:
        claims = jwt.decode(
            token, get_settings().signing_key(), algorithms=[_ALGORITHM], audience=purpose
        )
        return str(claims["sub"])
    except jwt.ExpiredSignatureError as exc:
        raise AuthenticationFailed("This link has expired.") from exc
    except (jwt.InvalidTokenError, KeyError) as exc:
        raise AuthenticationFailed("This link is not valid.") from exc
