"""``/api/stores/quick-setup``: a store from five answers, and its setup progress."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Body, status
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from bizq_app.api.accounts.stores import store_out
from bizq_app.api.deps import CurrentUser, SessionDep
from bizq_app.api.schemas import StoreOut
from bizq_app.dashboards import setup_progress
from bizq_app.setup import quick_setup

router = APIRouter(prefix="/stores", tags=["stores"])
Answers = Annotated[
    dict[str, Any],
    Body(
        description="businessName, niche, targetAudience, startingBudget, experience",
        examples=[
            {
                "businessName": "Calm Candle Co",
                "niche": "soy candles",
                "targetAudience": "people who love a cosy home",
                "startingBudget": "500",
                "experience": "beginner",
            }
        ],
    ),
]


class Camel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class SetupOut(Camel):
    store: StoreOut
    task_ids: list[uuid.UUID]


class StepOut(Camel):
    task_id: uuid.UUID
    type: str
    title: str
    status: str
    reason: str


class ChecklistOut(Camel):
    key: str
    label: str
    done: bool
    href: str
    manual: bool
    action: str


class TickIn(Camel):
    done: bool


class ProgressOut(Camel):
    ready: bool
    failed: bool
    steps: list[StepOut]
    brand: dict[str, Any]
    draft_products: int
    checklist: list[ChecklistOut]
    next: ChecklistOut | None


@router.post("/quick-setup", status_code=status.HTTP_201_CREATED, response_model_by_alias=True)
def start(body: Answers, user: CurrentUser, session: SessionDep) -> SetupOut:
    """Create a store and start its setup tasks (niche research, zero-MOQ suppliers within
    the budget, a 10-product catalog, a brand) as one batch; every bad answer is listed."""
    view, created = quick_setup.quick_setup(session=session, user_id=user.id, fields=body)
    return SetupOut(store=store_out(view), task_ids=[t.id for t in created])


@router.get("/{store_id}/setup", response_model_by_alias=True)
def progress(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> ProgressOut:
    """Each setup task's status; ``ready`` once all finished, then the next steps."""
    done = setup_progress.progress(session=session, user_id=user.id, store_id=store_id)
    return _progress_out(done)


@router.put("/{store_id}/setup/steps/{key}", response_model_by_alias=True)
def tick(
    store_id: uuid.UUID, key: str, body: TickIn, user: CurrentUser, session: SessionDep
) -> ProgressOut:
    """Tick (or untick) a step of the setup guide that BizQ cannot see for itself: the
    brand reviewed, the niche report read, a sample ordered."""
    done = setup_progress.tick(
        session=session, user_id=user.id, store_id=store_id, key=key, done=body.done
    )
    return _progress_out(done)


def _progress_out(done: setup_progress.Progress) -> ProgressOut:
    return ProgressOut(
        ready=done.ready,
        failed=done.failed,
        steps=[StepOut(**vars(s)) for s in done.steps],
        brand=done.brand,
        draft_products=done.draft_products,
        checklist=[ChecklistOut(**vars(c)) for c in done.checklist],
        next=ChecklistOut(**vars(done.next)) if done.next else None,
    )
