"""How far a store's quick setup has come: its setup tasks, whether the store is ready,
and the checklist of next steps (shown by the setup page and the dashboard's block)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bizq_app.accounts.models import Store
from bizq_app.accounts.permissions import Permission, require
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog.models import ProductStatus
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
    label: str
    done: bool
    href: str


@dataclass(frozen=True)
class Progress:
    """How far a store's quick setup is, and what to do next."""

    steps: list[Step]
    ready: bool
    failed: bool
    brand: dict[str, Any]
    draft_products: int
    checklist: list[ChecklistItem]


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
    """Each step is done when BizQ's part is there or the owner has acted on it."""
    active = catalog_lookups.count_products(session, store.id, ProductStatus.ACTIVE)
    optimised = task_lookups.count_completed(
        session, store.id, ["product.optimize_listing", "product.optimize_seo"]
    )
    settings = store.settings
    return [
        ChecklistItem(
            "Brand created: review its name, colours and voice", "brand" in settings, "/settings"
        ),
        ChecklistItem(
            "Niche report ready: pick your first sub-niche", "niche_report" in settings, "/tasks"
        ),
        ChecklistItem(
            "Suppliers found: order a sample from the best fit",
            "supplier_suggestions" in settings,
            "/tasks",
        ),
        ChecklistItem(
            f"Activate the products you want to sell ({drafts} drafts)", active > 0, "/products"
        ),
        ChecklistItem("Optimise the listings of your best products", bool(optimised), "/products"),
    ]
