"""FastAPI dependencies: a database session and the signed-in user."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from bizq_app.accounts import accounts
from bizq_app.accounts.models import User
from bizq_app.core.db import session_scope
from bizq_app.core.errors import AuthenticationFailed
from bizq_app.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET

_bearer = HTTPBearer(auto_error=False, description="A token from POST /api/auth/login")


def client_address(request: Request) -> str:
    """The caller's IP address, the key of per-address rate limits (behind a proxy, run
    the web process with ``--forwarded-allow-ips`` so this is the buyer's, not the proxy's)."""
    return request.client.host if request.client else ""


Client = Annotated[str, Depends(client_address)]


def get_session() -> Iterator[Session]:
    """One unit of work per request: committed on success, rolled back on error."""
    with session_scope() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The bearer token that came with the request."""
    if credentials is None:
        raise AuthenticationFailed("Log in first: send 'Authorization: Bearer <access_token>'.")
    return credentials.credentials


Token = Annotated[str, Depends(get_token)]


def optional_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str | None:
    """The bearer token, if the request came with one."""
    return credentials.credentials if credentials is not None else None


OptionalToken = Annotated[str | None, Depends(optional_token)]


def get_current_user(session: SessionDep, token: Token) -> User:
    """The user whose bearer token came with the request."""
    return accounts.user_from_token(session=session, token=token)


CurrentUser = Annotated[User, Depends(get_current_user)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")]
DEFAULT_PAGE = DEFAULT_LIMIT
