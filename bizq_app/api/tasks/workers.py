"""Workers and the human inbox."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status

from bizq_app.api.deps import DEFAULT_PAGE, CurrentUser, Limit, Offset, SessionDep
from bizq_app.api.schemas import PageOut
from bizq_app.api.tasks.task_schemas import OfferOut, OutputIn, TaskOut, WorkerIn, WorkerOut
from bizq_app.billing.ledger import show
from bizq_app.tasks import inbox, workers

router = APIRouter(tags=["workers"])


@router.get("/workers")
def list_workers(
    user: CurrentUser,
    session: SessionDep,
    kind: str | None = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> PageOut[WorkerOut]:
    """The worker registry: AI models, people and experts, with skills and load."""
    page = workers.list_workers(session=session, kind=kind, limit=limit, offset=offset)
    running = workers.loads(session)
    return PageOut(
        items=[
            WorkerOut.of(w, running.get(w.id, 0), show(workers.earnings(session, w.id)))
            for w in page.items
        ],
        total=page.total,
        limit=limit,
        offset=offset,
    )


@router.post("/workers", status_code=status.HTTP_201_CREATED)
def register(body: WorkerIn, user: CurrentUser, session: SessionDep) -> WorkerOut:
    """Sign yourself up as a human worker or expert."""
    worker = workers.register_person(
        session=session, user_id=user.id, name=body.name, skills=body.skills, kind=body.kind
    )
    return WorkerOut.of(worker)


@router.get("/inbox")
def offers(user: CurrentUser, session: SessionDep) -> PageOut[OfferOut]:
    """Tasks you may claim."""
    items = [OfferOut(**vars(o)) for o in inbox.offers(session=session, user_id=user.id)]
    return PageOut(items=items, total=len(items), limit=len(items), offset=0)


@router.post("/inbox/{task_id}/claim")
def claim(task_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> TaskOut:
    task = inbox.claim(session=session, user_id=user.id, task_id=task_id)
    return TaskOut.for_task(session, task)


@router.post("/inbox/{task_id}/submit")
def submit(task_id: uuid.UUID, body: OutputIn, user: CurrentUser, session: SessionDep) -> TaskOut:
    """Hand in a claimed task's output; each field that breaks the schema is listed."""
    task = inbox.submit(session=session, user_id=user.id, task_id=task_id, output=body.output)
    return TaskOut.for_task(session, task)
