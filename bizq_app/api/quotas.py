"""Plan quotas for the API: a signed-in caller's requests count against the quota of
the best plan among their stores. Every such answer carries the IETF ``RateLimit-Policy``
and ``RateLimit`` headers; over the quota the answer is 429 with ``Retry-After`` and a
problem+json body. A request without a valid token is not counted here (its route
answers 401, or it is a public route with limits of its own)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

from bizq_app.accounts import stores
from bizq_app.api.problems import too_many
from bizq_app.core import rate_limits
from bizq_app.core.db import session_scope
from bizq_app.core.errors import AuthenticationFailed
from bizq_app.core.security import read_token

PLAN_SECONDS = 60  # a changed plan applies within a minute
_plans: dict[uuid.UUID, tuple[float, str]] = {}


def install(api: FastAPI) -> None:
    api.middleware("http")(_quota)


async def _quota(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    user_id = _caller(request)
    if user_id is None:
        return await call_next(request)
    try:
        usage = await asyncio.to_thread(_count, user_id)
    except rate_limits.TooManyRequests as exc:
        return too_many(exc)
    response = await call_next(request)
    response.headers["RateLimit-Policy"] = usage.policy_header
    response.headers["RateLimit"] = usage.header
    return response


def _caller(request: Request) -> uuid.UUID | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
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
