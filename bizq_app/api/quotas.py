"""Plan quotas for the API: a signed-in caller's requests count against the quota of
the best plan among their stores. Every such answer carries the IETF ``RateLimit-Policy``
and ``RateLimit`` headers; over the quota the answer is 429 with ``Retry-After`` and a
problem+json body. A request without a valid token is not counted here (its route
answers 401, or it is a public route with limits of its own)."""

from __future__ import annotations

import asyncio
import time
import uuid

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bizq_app.accounts import stores
from bizq_app.api.problems import too_many
from bizq_app.core import rate_limits
from bizq_app.core.db import session_scope
from bizq_app.core.errors import AuthenticationFailed
from bizq_app.core.security import read_token

PLAN_SECONDS = 60  # a changed plan applies within a minute
_plans: dict[uuid.UUID, tuple[float, str]] = {}


def install(api: FastAPI) -> None:
    api.add_middleware(_Quota)


class _Quota:
    """The quota as plain ASGI middleware: a request without a token passes straight
    through (a shopper's checkout pays nothing for it), a counted one gets its headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        user_id = _caller(Headers(scope=scope)) if scope["type"] == "http" else None
        if user_id is None:
            await self.app(scope, receive, send)
            return
        try:
            usage = await asyncio.to_thread(_count, user_id)
        except rate_limits.TooManyRequests as exc:
            await too_many(exc)(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["RateLimit-Policy"] = usage.policy_header
                headers["RateLimit"] = usage.header
            await send(message)

        await self.app(scope, receive, with_headers)


def _caller(headers: Headers) -> uuid.UUID | None:
    scheme, _, token = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    try:
        return read_token(token.strip())[0]
    except AuthenticationFailed:
        return None


def _count(user_id: uuid.UUID) -> rate_limits.Usage:
    return rate_limits.hit(f"plan_{_plan(user_id)}", str(user_id))


def _plan(user_id: uuid.UUID) -> str:
    known = _plans.get(user_id)
    if known is not None and known[0] > time.monotonic():
        return known[1]
    with session_scope() as session:
        plan, _ = stores.best_plan(session=session, user_id=user_id)
    _plans[user_id] = (time.monotonic() + PLAN_SECONDS, plan)
    return plan
