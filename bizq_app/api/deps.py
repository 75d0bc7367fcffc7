"""FastAPI dependencies: a database session and the signed-in user."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session
from starlette.types import Scope

from bizq_app.accounts import accounts
from bizq_app.accounts.models import User
from bizq_app.core.db import claim_unit, get_engine, release_unit, session_scope
from bizq_app.core.errors import AuthenticationFailed
from bizq_app.core.pagination import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET

_bearer = HTTPBearer(auto_error=False, description="A token from POST /api/auth/login")


def client_address(request: Request) -> str:
    """The caller's IP address, the key of per-address rate limits (behind a proxy, run
    the web process with ``--forwarded-allow-ips`` so this is the buyer's, not the proxy's)."""
    return request.client.host if request.client else ""


Client = Annotated[str, Depends(client_address)]


async def get_session() -> AsyncIterator[Session]:
    """The route's unit of work: committed on success, rolled back on error.

    It begins on the session's first statement, and it is this request's unit of work:
    while it is inside a transaction, any ``session_scope()`` the route opens raises
    ``NestedUnitOfWork`` instead of waiting on it (for ever, on SQLite). Set up here, in
    the request's own task, so the route's thread sees it.
    """
    session = Session(get_engine(), expire_on_commit=False)
    claim_unit(session)
    try:
        yield session
        await run_in_threadpool(session.commit)
    except BaseException:
        await run_in_threadpool(session.rollback)
        raise
    finally:
        release_unit(session)
        await run_in_threadpool(session.close)


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


SIGNED_IN = "bizq_signed_in"  # request.state: the (token, user) this request read already


def signed_in(scope: Scope, token: str, user: User) -> None:
    """Hand the user read for ``token`` earlier in this request (by the plan quota) to its
    ``CurrentUser``, so a request reads its login session once."""
    scope.setdefault("state", {})[SIGNED_IN] = (token, user)


def get_current_user(request: Request, token: Token) -> User:
    """The user whose bearer token came with the request, read in a short unit of its
    own that is closed before the route runs (a snapshot on SQLite: it waits on no
    writer), so no route holds the database while it calls out or opens its own units.

    Read once per request: when the plan quota read the login session for this request,
    that read is used. Either way it was read during this request, so a session revoked
    anywhere is refused on the very next request."""
    known = getattr(request.state, SIGNED_IN, None)
    if known is not None and known[0] == token:
        return known[1]  # type: ignore[no-any-return]
    with session_scope(read_only=True) as session:
        return accounts.user_from_token(session=session, token=token)


CurrentUser = Annotated[User, Depends(get_current_user)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Items to skip")]
DEFAULT_PAGE = DEFAULT_LIMIT
