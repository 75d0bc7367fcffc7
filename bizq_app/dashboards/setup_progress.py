"""How far a store's quick setup has come: its setup tasks, whether the store is ready,
and the setup guide of next steps with its one main action (shown by the setup page and
the dashboard's block until every step is done)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bizq_app.accounts import audit, store_settings
from bizq_app.accounts.models import Store
from bizq_app.accounts.permissions import Permission, require
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog.models import ProductStatus
from bizq_app.core.errors import ValidationFailed
from bizq_app.sales import facts
from bizq_app.tasks import lookups as task_lookups
from bizq_app.tasks.models import IN_PROGRESS, TaskStatus


@dataclass(frozen=True)
class Step:
    task_id: str
    type: str
    title: str
    status: str
    reason: str


@dataclass(frozen=True)
class ChecklistItem:
    """One step of the setup guide. ``done`` only when the seller really did it: BizQ
    sees it (products active, a paid order), or the seller ticked it (``manual``) —
    reading a report or ordering a sample is not something BizQ can see."""

    key: str
    label: str
    done: bool
    href: str
    manual: bool = False
    action: str = ""  # the main button's words while this is the next step


@dataclass(frozen=True)
class GuideStep:
    key: str
    label: str
    href: str
    action: str
    manual: bool


GUIDE = (
    GuideStep(
        "brand", "Review your brand: name, colours and voice", "/setup", "Review brand", True
    ),
    GuideStep(
        "niche", "Read your niche report and pick a first sub-niche", "/tasks", "Read report", True
    ),
    GuideStep("activate", "Activate the products you want to sell", "/products", "Activate", False),
    GuideStep(
        "sample", "Order a sample from the best-fit supplier", "/suppliers", "Suppliers", True
    ),
    GuideStep("first_order", "Place a test order in your shop", "/s", "Open your shop", False),
)
"""The setup guide, in the order a seller goes through it."""
MANUAL = frozenset(step.key for step in GUIDE if step.manual)


@dataclass(frozen=True)
class Progress:
    """How far a store's quick setup is, and what to do next."""

    steps: list[Step]
    ready: bool
    failed: bool
    brand: dict[str, Any]
    draft_products: int
    checklist: list[ChecklistItem]

    @property
    def next(self) -> ChecklistItem | None:
        """The guide's first step not done yet: the page's one main action."""
        return next((c for c in self.checklist if not c.done), None)


def progress(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> Progress:
    """The setup tasks' status, whether the store is ready, and the next steps.

    Raises:
        NotFound, PermissionDenied.
    """
    store = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW
    ).store
    ids = [uuid.UUID(i) for i in store.settings.get("setup", {}).get("task_ids", [])]
    rows = task_lookups.with_definitions(session, ids)
    order = {task_id: i for i, task_id in enumerate(ids)}
    steps = [
        Step(str(t.id), d.name, d.title, t.status, t.status_reason or "")
        for t, d in sorted(rows, key=lambda row: order[row[0].id])
    ]
    finished = all(s.status not in IN_PROGRESS for s in steps)
    failed = any(s.status in (TaskStatus.FAILED.value, TaskStatus.CANCELLED.value) for s in steps)
    drafts = catalog_lookups.count_products(session, store_id, ProductStatus.DRAFT)
    return Progress(
        steps=steps,
        ready=bool(steps) and finished and not failed,
        failed=failed,
        brand=dict(store.settings.get("brand") or {}),
        draft_products=drafts,
        checklist=_checklist(session, store, drafts),
    )


def _checklist(session: Session, store: Store, drafts: int) -> list[ChecklistItem]:
    ticked = set(store.settings.get("setup", {}).get("done", []))
    seen = {
        "activate": catalog_lookups.count_products(session, store.id, ProductStatus.ACTIVE) > 0,
        "first_order": facts.revenue_since(session, store.id, store.created_at)[1] > 0,
    }
    items = []
    for step in GUIDE:
        label = (
            f"{step.label} ({drafts} drafts)" if step.key == "activate" and drafts else step.label
        )
        href = f"/s/{store.slug}" if step.key == "first_order" else step.href
        done = step.key in ticked if step.manual else seen[step.key]
        items.append(ChecklistItem(step.key, label, done, href, step.manual, step.action))
    return items


def tick(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, key: str, done: bool
) -> Progress:
    """The seller ticks (or unticks) a step BizQ cannot see for itself.

    Raises:
        NotFound, PermissionDenied; ValidationFailed: not a step the seller ticks.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE)
    if key not in MANUAL:
        raise ValidationFailed.field("$.key", f"must be one of: {', '.join(sorted(MANUAL))}")

    def update(setup: Any) -> dict[str, Any]:
        setup = dict(setup or {})
        kept = [k for k in setup.get("done", []) if k != key]
        setup["done"] = [*kept, key] if done else kept
        return setup

    store_settings.change(session, store_id, "setup", update)
    audit.record(
        session=session,
        action="setup.step_done" if done else "setup.step_undone",
        subject_type="store",
        subject_id=store_id,
        actor_id=user_id,
        store_id=store_id,
        data={"step": key},
    )
    return progress(session=session, user_id=user_id, store_id=store_id)
