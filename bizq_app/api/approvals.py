"""``/api/approvals``: everything waiting on the owner, decided singly or in bulk."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from bizq_app.api.deps import CurrentUser, SessionDep
from bizq_app.api.schemas import Body, PageOut
from bizq_app.approvals import approvals
from bizq_app.sourcing import suggestions

router = APIRouter(tags=["approvals"])


class ChangeOut(BaseModel):
    field: str
    before: str
    after: str


class ItemOut(BaseModel):
    kind: str
    id: uuid.UUID
    label: str
    title: str
    summary: str
    product_id: uuid.UUID | None
    cost: str
    created_at: datetime
    changes: list[ChangeOut]


class ChoiceIn(Body):
    kind: Literal["task", "suggestion"]
    id: uuid.UUID
    cost: Decimal | None = None  # as shown: an approval at another cost is refused (409)


class DecisionIn(Body):
    items: list[ChoiceIn] = Field(max_length=200)
    decision: Literal["approve", "reject"]
    reason: str | None = None


class DecidedOut(BaseModel):
    decided: int


class ScanOut(BaseModel):
    suggested: int


@router.get("/approvals")
def waiting(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> PageOut[ItemOut]:
    """Tasks waiting for review and BizQ's suggestions, oldest first."""
    items = [
        ItemOut(**{**vars(i), "changes": [vars(c) for c in i.changes]})
        for i in approvals.waiting(session=session, user_id=user.id, store_id=store_id)
    ]
    return PageOut(items=items, total=len(items), limit=len(items), offset=0)


@router.post("/approvals/decide")
def decide(body: DecisionIn, user: CurrentUser, session: SessionDep) -> DecidedOut:
    """Approve or reject the chosen items, all or none (a rejection needs a reason)."""
    count = approvals.decide(
        session=session,
        user_id=user.id,
        choices=[approvals.Choice(c.kind, c.id, c.cost) for c in body.items],
        approve=body.decision == "approve",
        reason=body.reason,
    )
    return DecidedOut(decided=count)


@router.post("/stores/{store_id}/suggestions/scan")
def scan(store_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> ScanOut:
    """Look at the last 30 days of sales now (BizQ also does this every hour)."""
    made = suggestions.scan_now(session=session, user_id=user.id, store_id=store_id)
    return ScanOut(suggested=len(made))
