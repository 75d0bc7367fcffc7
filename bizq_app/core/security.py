"""Password hashing (argon2), signed access tokens and buyers' links (JWT), each signed
with its own key (``core.keys``)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

import jwt
from pwdlib import PasswordHash

from bizq_app.core import keys
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


def issue_token(user_id: uuid.UUID, session_id: uuid.UUID, expires_at: datetime) -> str:
    """A signed access token for ``user_id``'s login session ``session_id``."""
    claims = {"sub": str(user_id), "sid": str(session_id), "iat": utcnow(), "exp": expires_at}
    return jwt.encode(claims, keys.key(keys.ACCESS_TOKENS), algorithm=_ALGORITHM)


def read_token(token: str) -> tuple[uuid.UUID, uuid.UUID]:
    """The user id and login session a token was issued for.

    Raises:
        AuthenticationFailed: the token is malformed, forged or expired.
    """
    try:
        claims = _decode(token, keys.ACCESS_TOKENS)
        return uuid.UUID(claims["sub"]), uuid.UUID(claims["sid"])
    except jwt.ExpiredSignatureError as exc:
        raise AuthenticationFailed("Your session has expired; log in again.") from exc
    except (jwt.InvalidTokenError, KeyError, ValueError) as exc:
        raise AuthenticationFailed("The access token is not valid; log in again.") from exc


def token_lifetime() -> timedelta:
    """How long a new login lasts (``BIZQ_TOKEN_TTL_HOURS``)."""
    return timedelta(hours=get_settings().token_ttl_hours)


def _decode(token: str, label: str, **options: Any) -> dict[str, Any]:
    """The claims of a token signed with any current or previous key for ``label``."""
    found: jwt.InvalidTokenError = jwt.InvalidSignatureError("no key")
    for candidate in keys.keys(label):
        try:
            return dict(jwt.decode(token, candidate, algorithms=[_ALGORITHM], **options))
        except jwt.InvalidSignatureError as exc:  # signed before a rotation: try the next key
            found = exc
    raise found


def sign_link(purpose: str, subject: str, valid_for: timedelta) -> str:
    """A token for a link e-mailed to someone without an account (an order's status page,
    a download). Its ``purpose`` is its audience: it opens nothing else, and an access
    token opens no link."""
    now = utcnow()
    claims = {"sub": subject, "aud": purpose, "iat": now, "exp": now + valid_for}
    return jwt.encode(claims, keys.key(keys.BUYER_LINKS), algorithm=_ALGORITHM)


def read_link(token: str, purpose: str) -> str:
    """The subject a link token was signed for.

    Raises:
        AuthenticationFailed: the link is malformed, forged, for something else, or expired.
    """
    try:
        return str(_decode(token, keys.BUYER_LINKS, audience=purpose)["sub"])
    except jwt.ExpiredSignatureError as exc:
        raise AuthenticationFailed("This link has expired.") from exc
    except (jwt.InvalidTokenError, KeyError) as exc:
        raise AuthenticationFailed("This link is not valid.") from exc
