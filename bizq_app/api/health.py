"""``/api/health``: is the database up, is the queue reachable."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from bizq_app.api.deps import SessionDep
from bizq_app.api.schemas import HealthOut
from bizq_app.core import health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=HealthOut)
def get_health(session: SessionDep, round_trip: bool = False) -> JSONResponse:
    """200 when every part is up, 503 otherwise; the body says which part is down.

    ``?round_trip=true`` also sends a job through the queue and waits for a worker.
    """
    report = health.check(session=session, round_trip=round_trip)
    body = HealthOut(ok=report.ok, database=report.database, queue=report.queue)
    return JSONResponse(body.model_dump(), status_code=200 if report.ok else 503)
