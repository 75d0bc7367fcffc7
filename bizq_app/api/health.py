"""``/api/health``: is the database up, is the queue reachable."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlmodel import Session

from bizq_app.accounts import accounts, stores
from bizq_app.api.deps import OptionalToken, SessionDep
from bizq_app.api.schemas import HealthOut
from bizq_app.core import health, rate_limits
from bizq_app.core.errors import AuthenticationFailed, PermissionDenied

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut)
def get_health(session: SessionDep, token: OptionalToken, round_trip: bool = False) -> JSONResponse:
    """200 when every part is up, 503 otherwise; the body says which part is down.

    ``?round_trip=true`` (a store owner's token, a few times a minute) also sends a job
    through the queue and waits for a worker.
    """
    if round_trip:
        _owner_may_probe(session, token)
    report = health.check(session=session, round_trip=round_trip)
    body = HealthOut(ok=report.ok, database=report.database, queue=report.queue)
    return JSONResponse(body.model_dump(), status_code=200 if report.ok else 503)


def _owner_may_probe(session: Session, token: str | None) -> None:
    if token is None:
        raise AuthenticationFailed("The round trip is for store owners: send a bearer token.")
    user = accounts.user_from_token(session=session, token=token)
    _, owner = stores.best_plan(session=session, user_id=user.id)
    if not owner:
        raise PermissionDenied("The round trip is for store owners.")
    rate_limits.take("health_round_trip", str(user.id))
