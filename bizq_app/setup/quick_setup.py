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

from sqlmodel import Session

from bizq_app.accounts.stores import StoreView
from bizq_app.billing import wallets
from bizq_app.catalog.product_fields import Invalid, parse_amount
from bizq_app.core.errors import FieldError, ValidationFailed
from bizq_app.dashboards import templates
from bizq_app.tasks import tasks
from bizq_app.tasks.models import Task
from bizq_app.tasks.tasks import TaskRequest

EXPERIENCE = ("beginner", "intermediate", "advanced")
CATALOG_SIZE = 10


@dataclass(frozen=True)
class Answers:
    """The five questions of the wizard (camelCase in forms and the API, as in the seed)."""

    business_name: str
    niche: str
    target_audience: str
    starting_budget: Decimal
    experience: str


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
        budget = parse_amount(fields.get("startingBudget"))
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
    view = wallets.open_store(session=session, user_id=user_id, name=answers.business_name)
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
