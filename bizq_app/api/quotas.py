"""Plan quotas for the API: a signed-in caller's requests count against the quota of
the best plan among their stores. Every such answer carries the IETF ``RateLimit-Policy``
and ``RateLimit`` headers; over the quota the answer is 429 with ``Retry-After`` and a
problem+json body. A request without a valid token is not counted here (its route
answers 401, or it is a public route with limits of its own): a token is valid while its
login session lasts, so a logged-out token counts against nobody's quota.

Whether a login session lasts, and the caller's plan, are read in one short unit of work
that ends before the route starts, then kept a little while in this process
(``LOGIN_SECONDS``, ``PLAN_SECONDS``); a log-out in this process drops its sessions at
once, one in another process is seen here within ``LOGIN_SECONDS``. A user read here is
handed to the route's ``CurrentUser`` (``deps.signed_in``), which otherwise reads it
itself: a request reads its login session once, and a route always sees a revocation at
once."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import TypeVar

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bizq_app.accounts import accounts, stores
from bizq_app.accounts.models import User
from bizq_app.api import deps
from bizq_app.api.problems import too_many
from bizq_app.core import rate_limits
from bizq_app.core.db import session_scope
from bizq_app.core.errors import AuthenticationFailed
from bizq_app.core.security import read_token

PLAN_SECONDS = 60  # a changed plan applies within a minute
LOGIN_SECONDS = 10  # a log-out in another process stops counting within seconds
MOST_KEPT = 10_000  # entries per cache before the stale ones are swept out
V = TypeVar("V")
_plans: dict[uuid.UUID, tuple[float, str]] = {}  # user id -> (until, plan)
_logins: dict[uuid.UUID, tuple[float, uuid.UUID]] = {}  # login session id -> (until, user id)


def install(api: FastAPI) -> None:
    accounts.register_revocation_listener(forget)
    api.add_middleware(_Quota)


def forget(login_ids: list[uuid.UUID]) -> None:
    """Stop taking these login sessions for live (they were logged out)."""
    for login_id in login_ids:
        _logins.pop(login_id, None)


class _Quota:
    """The quota as plain ASGI middleware: a request without a token passes straight
    through (a shopper's checkout pays nothing for it), a counted one gets its headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _bearer(Headers(scope=scope)) if scope["type"] == "http" else None
        try:
            usage, user = await asyncio.to_thread(_count, token) if token else (None, None)
        except rate_limits.TooManyRequests as exc:
            await too_many(exc)(scope, receive, send)
            return
        if token and user is not None:
            deps.signed_in(scope, token, user)
        if usage is None:
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["RateLimit-Policy"] = usage.policy_header
                headers["RateLimit"] = usage.header
            await send(message)

        await self.app(scope, receive, with_headers)


def _bearer(headers: Headers) -> str | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _count(token: str) -> tuple[rate_limits.Usage | None, User | None]:
    """The request counted against its caller's plan, and the user if read meanwhile."""
    caller = _caller(token)
    if caller is None:
        return None, None
    user_id, plan, user = caller
    return rate_limits.hit(f"plan_{plan}", str(user_id)), user


def _caller(token: str) -> tuple[uuid.UUID, str, User | None] | None:
    """The user whose live login session ``token`` names, and their plan (and the user,
    when it was read now rather than known); None when the token is forged or expired or
    its session ended."""
    try:
        user_id, login_id = read_token(token)
    except AuthenticationFailed:
        return None
    plan = _fresh(_plans, user_id)
    if _fresh(_logins, login_id) == user_id and plan is not None:
        return user_id, plan, None
    with session_scope(read_only=True) as session:
        try:
            user = accounts.user_from_token(session=session, token=token)
        except AuthenticationFailed:
            return None
        if plan is None:
            plan, _ = stores.best_plan(session=session, user_id=user_id)
    _keep(_logins, login_id, user_id, LOGIN_SECONDS)
    _keep(_plans, user_id, plan, PLAN_SECONDS)
    return user_id, plan, user


def _fresh(cache: dict[uuid.UUID, tuple[float, V]], key: uuid.UUID) -> V | None:
    known = cache.get(key)
    return known[1] if known is not None and known[0] > time.monotonic() else None


def _keep(cache: dict[uuid.UUID, tuple[float, V]], key: uuid.UUID, value: V, seconds: int) -> None:
    now = time.monotonic()
    if len(cache) >= MOST_KEPT:
        for stale in [k for k, (until, _) in list(cache.items()) if until <= now]:
            cache.pop(stale, None)
    cache[key] = (now + seconds, value)
