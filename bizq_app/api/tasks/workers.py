"""Workers and the human inbox."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, status
from pydantic import Field

from bizq_app.api.deps import DEFAULT_PAGE, CurrentUser, Limit, Offset, SessionDep
from bizq_app.api.schemas import PageOut
from bizq_app.api.tasks.task_schemas import OfferOut, OutputIn, TaskOut, WorkerIn, WorkerOut
from bizq_app.billing.ledger import show
from bizq_app.tasks import inbox, workers

router = APIRouter(tags=["workers"])


class ListedWorkerOut(WorkerOut):
    earnings: str | None = Field(
        default=None, description="All the worker earned: on your own worker only"
    )
    paid_by_store: str | None = Field(
        default=None, description="What the store named by store_id paid this worker"
    )

    @classmethod
    def listed(cls, found: workers.Listed) -> ListedWorkerOut:
        earned, paid = found.earned, found.paid_by_store
        return cls(
            **WorkerOut.of(found.worker, found.load).model_dump(exclude={"earnings"}),
            earnings=None if earned is None else show(earned),
            paid_by_store=None if paid is None else show(paid),
        )


@router.get("/workers")
def list_workers(
    user: CurrentUser,
    session: SessionDep,
    kind: str | None = None,
    store_id: uuid.UUID | None = None,
    limit: Limit = DEFAULT_PAGE,
    offset: Offset = 0,
) -> PageOut[ListedWorkerOut]:
    """The worker registry: AI models, people and experts, with skills and load; what a
    worker earned only on your own, and with ``store_id`` what that store paid each."""
    page = workers.registry(
        session=session, user_id=user.id, store_id=store_id, kind=kind, limit=limit, offset=offset
    )
    items = [ListedWorkerOut.listed(found) for found in page.items]
    return PageOut(items=items, total=page.total, limit=limit, offset=offset)


@router.post("/workers", status_code=status.HTTP_201_CREATED)
def register(body: WorkerIn, user: CurrentUser, session: SessionDep) -> WorkerOut:
    """Sign yourself up as a human worker or expert."""
    worker = workers.register_person(
        session=session, user_id=user.id, name=body.name, skills=body.skills, kind=body.kind
    )
    return WorkerOut.of(worker)


@router.get("/inbox")
def offers(
    user: CurrentUser, session: SessionDep, limit: Limit = DEFAULT_PAGE, offset: Offset = 0
) -> PageOut[OfferOut]:
    """Tasks you may claim, oldest first: the stores you serve, the kinds you take."""
    page = inbox.offers(session=session, user_id=user.id, limit=limit, offset=offset)
    items = [OfferOut(**vars(o)) for o in page.items]
    return PageOut(items=items, total=page.total, limit=limit, offset=offset)


@router.post("/inbox/{task_id}/claim")
def claim(task_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> TaskOut:
    task = inbox.claim(session=session, user_id=user.id, task_id=task_id)
    return TaskOut.for_task(session, task)


@router.post("/inbox/{task_id}/submit")
def submit(task_id: uuid.UUID, body: OutputIn, user: CurrentUser, session: SessionDep) -> TaskOut:
    """Hand in a claimed task's output; each field that breaks the schema is listed."""
    task = inbox.submit(session=session, user_id=user.id, task_id=task_id, output=body.output)
    return TaskOut.for_task(session, task)
