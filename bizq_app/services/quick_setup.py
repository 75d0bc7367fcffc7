"""Quick setup: five answers → a store, and one batch of tasks that gives it a niche
report, suppliers, a 10-product draft catalog and a brand.

The store is **ready** when every setup task has finished; until then its
progress lists each task with its status. Afterwards a checklist says what is
left to do before the first sale.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bizq_app.core.errors import FieldError, ValidationFailed
from bizq_app.models import Product, ProductStatus, Store, Task, TaskDefinition, TaskStatus
from bizq_app.services import stores, tasks, templates
from bizq_app.services.permissions import Permission, require
from bizq_app.services.product_fields import Invalid, money
from bizq_app.services.stores import StoreView
from bizq_app.services.tasks import TaskRequest

EXPERIENCE = ("beginner", "intermediate", "advanced")
CATALOG_SIZE = 10
OPEN = {TaskStatus.PENDING.value, TaskStatus.QUEUED.value, TaskStatus.RUNNING.value}


@dataclass(frozen=True)
class Answers:
    """The five questions of the wizard (camelCase in forms and the API, as in the seed)."""

    business_name: str
    niche: str
    target_audience: str
    starting_budget: Decimal
    experience: str


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


def clean_answers(fields: Mapping[str, Any]) -> Answers:
    """The wizard's answers, checked all at once.

    Raises:
        ValidationFailed: one error per bad answer (``$.businessName``, ``$.startingBudget``...).
    """
    errors: list[FieldError] = []

    def text(name: str, limit: int, required: bool) -> str:
        value = fields.get(name)
        cleaned = " ".join(value.split()) if isinstance(value, str) else ""
        if value is not None and not isinstance(value, str):
            errors.append(FieldError(f"$.{name}", "must be text"))
        elif required and not cleaned:
            errors.append(FieldError(f"$.{name}", "is required"))
        elif len(cleaned) > limit:
            errors.append(FieldError(f"$.{name}", f"must be at most {limit} characters"))
        return cleaned

    name = text("businessName", 100, True)
    niche = text("niche", 100, True)
    audience = text("targetAudience", 200, False)
    try:
        budget = money(fields.get("startingBudget"))
    except Invalid as exc:
        errors.append(FieldError("$.startingBudget", exc.message))
        budget = Decimal(0)
    experience = fields.get("experience") or "beginner"
    if experience not in EXPERIENCE:
        errors.append(FieldError("$.experience", "must be beginner, intermediate or advanced"))
    if errors:
        raise ValidationFailed("Some answers need attention.", errors)
    return Answers(name, niche, audience, budget, str(experience))


def quick_setup(
    *, session: Session, user_id: uuid.UUID, fields: Mapping[str, Any]
) -> tuple[StoreView, list[Task]]:
    """Create the store, apply the dashboard template for the seller's experience and start
    the setup tasks as one batch (all or nothing).

    Raises:
        ValidationFailed: bad answers. InsufficientCredits: cannot happen with the
            starting credits, but is raised as for any task.
    """
    answers = clean_answers(fields)
    view = stores.create_store(session=session, user_id=user_id, name=answers.business_name)
    created = tasks.create_batch(
        session=session, user_id=user_id, store_id=view.store.id, requests=_requests(answers)
    )
    templates.apply_for_experience(
        session=session, user_id=user_id, store_id=view.store.id, experience=answers.experience
    )
    view.store.settings = {
        **view.store.settings,
        "setup": {
            "niche": answers.niche,
            "target_audience": answers.target_audience,
            "starting_budget": str(answers.starting_budget),
            "experience": answers.experience,
            "task_ids": [str(t.id) for t in created],
        },
    }
    session.add(view.store)
    session.flush()
    return view, created


def progress(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> Progress:
    """The setup tasks' status, whether the store is ready, and the next steps.

    Raises:
        NotFound, PermissionDenied.
    """
    store = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW
    ).store
    ids = [uuid.UUID(i) for i in store.settings.get("setup", {}).get("task_ids", [])]
    rows = session.exec(
        select(Task, TaskDefinition).join(TaskDefinition).where(col(Task.id).in_(ids))
    ).all()
    order = {task_id: i for i, task_id in enumerate(ids)}
    steps = [
        Step(str(t.id), d.name, d.title, t.status, t.status_reason or "")
        for t, d in sorted(rows, key=lambda row: order[row[0].id])
    ]
    finished = all(s.status not in OPEN for s in steps)
    failed = any(s.status in (TaskStatus.FAILED.value, TaskStatus.CANCELLED.value) for s in steps)
    drafts = _count(session, store_id, ProductStatus.DRAFT)
    return Progress(
        steps=steps,
        ready=bool(steps) and finished and not failed,
        failed=failed,
        brand=dict(store.settings.get("brand") or {}),
        draft_products=drafts,
        checklist=_checklist(session, store, drafts),
    )


def _requests(answers: Answers) -> list[TaskRequest]:
    budget = float(answers.starting_budget)
    return [
        TaskRequest(
            "market.research_niche",
            {"niche": answers.niche, "starting_budget": budget, "experience": answers.experience},
        ),
        TaskRequest(
            "supplier.find",
            {
                "product_type": answers.niche,
                "budget": budget,
                "max_moq": 1,
                "supplier_types": ["zero_moq", "print_on_demand", "dropship"],
                "count": 5,
            },
        ),
        TaskRequest(
            "product.generate_catalog",
            {
                "niche": answers.niche,
                "target_audience": answers.target_audience,
                "budget": budget,
                "count": CATALOG_SIZE,
            },
        ),
        TaskRequest(
            "brand.create_identity",
            {
                "business_name": answers.business_name,
                "niche": answers.niche,
                "target_audience": answers.target_audience,
            },
        ),
    ]


def _count(session: Session, store_id: uuid.UUID, status: ProductStatus) -> int:
    query = (
        select(func.count())
        .select_from(Product)
        .where(Product.store_id == store_id, Product.status == status.value)
    )
    return int(session.exec(query).one())


def _checklist(session: Session, store: Store, drafts: int) -> list[ChecklistItem]:
    """Each step is done when BizQ's part is there or the owner has acted on it."""
    active = _count(session, store.id, ProductStatus.ACTIVE)
    optimised = session.exec(
        select(func.count())
        .select_from(Task)
        .join(TaskDefinition)
        .where(
            Task.store_id == store.id,
            Task.status == TaskStatus.COMPLETED.value,
            col(TaskDefinition.name).in_(["product.optimize_listing", "product.optimize_seo"]),
        )
    ).one()
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
