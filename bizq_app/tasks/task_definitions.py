"""Task definitions: the built-in catalog and users' custom ones (the marketplace)."""

from __future__ import annotations

import re
import time
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from bizq_app.accounts import audit
from bizq_app.billing.ledger import parse_credits
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import Conflict, NotFound, ValidationFailed
from bizq_app.core.pagination import DEFAULT_LIMIT, Page, paginate
from bizq_app.core.schemas import check_schema
from bizq_app.core.settings import MAX_ROYALTY_PERCENT, get_settings
from bizq_app.core.validation import clean_text
from bizq_app.tasks.catalog import CATEGORIES, builtin_definitions
from bizq_app.tasks.models import TaskDefinition

NAME_PATTERN = re.compile(r"^(?P<category>[a-z]+)\.[a-z][a-z0-9_]{2,60}$")
WORKER_KINDS = ("ai", "human", "expert")
MAX_ROYALTY = MAX_ROYALTY_PERCENT
MAX_TIME = 7 * 24 * 3600


def sync_builtin_definitions(*, session: Session) -> int:
    """Insert or update the built-in catalog; return how many rows changed."""
    existing = {d.name: d for d in session.exec(select(TaskDefinition))}
    changed = 0
    for data in builtin_definitions():
        values = _checked(data)
        row = existing.get(values["name"])
        if row is None:
            session.add(TaskDefinition(**values, is_builtin=True))
            changed += 1
        elif any(getattr(row, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_at = utcnow()
            session.add(row)
            changed += 1
    session.flush()
    return changed


def create_definition(
    *, session: Session, user_id: uuid.UUID, data: dict[str, Any]
) -> TaskDefinition:
    """Publish a custom task definition; its creator earns the royalty on every run.

    Raises:
        ValidationFailed: a field breaks a rule (the error names it).
        Conflict: the name is taken.
    """
    values = _checked(data)
    if session.exec(select(TaskDefinition.id).where(TaskDefinition.name == values["name"])).first():
        raise Conflict(
            f"A task called '{values['name']}' already exists; choose another name.", path="$.name"
        )
    definition = TaskDefinition(**values, creator_id=user_id, is_builtin=False)
    session.add(definition)
    session.flush()
    audit.record(
        session=session,
        action="task_definition.created",
        subject_type="task_definition",
        subject_id=definition.id,
        actor_id=user_id,
        data={"name": definition.name},
    )
    return definition


def get_definition(*, session: Session, name: str) -> TaskDefinition:
    """The definition called ``name``.

    Raises:
        NotFound: no such task type.
    """
    definition = session.exec(select(TaskDefinition).where(TaskDefinition.name == name)).first()
    if definition is None:
        raise NotFound(f"There is no task type called '{name}'.")
    return definition


def snapshot(*, session: Session, definition_id: uuid.UUID) -> TaskDefinition:
    """A read-only copy of a definition, cached for a minute (runs read it twice each).

    The copy is detached from the session: read it, never add or change it.
    """
    hit = _SNAPSHOTS.get(definition_id)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    row = session.get(TaskDefinition, definition_id)
    if row is None:
        raise NotFound(f"Task definition {definition_id} does not exist.")
    copy = TaskDefinition.model_validate(row.model_dump())
    _SNAPSHOTS[definition_id] = (time.monotonic() + SNAPSHOT_SECONDS, copy)
    return copy


SNAPSHOT_SECONDS = 60.0
_SNAPSHOTS: dict[uuid.UUID, tuple[float, TaskDefinition]] = {}


def list_definitions(
    *,
    session: Session,
    category: str | None = None,
    search: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page[TaskDefinition]:
    """The marketplace: definitions by category and name, optionally filtered."""
    query = select(TaskDefinition).order_by(col(TaskDefinition.category), col(TaskDefinition.name))
    if category:
        query = query.where(TaskDefinition.category == category)
    if search:
        like = f"%{search.strip().lower()}%"
        query = query.where(
            or_(
                col(TaskDefinition.name).ilike(like),
                col(TaskDefinition.title).ilike(like),
                col(TaskDefinition.description).ilike(like),
            )
        )
    return paginate(session, query, limit=limit, offset=offset)


def _checked(data: dict[str, Any]) -> dict[str, Any]:
    name = _name(data.get("name"))
    category = name.split(".", 1)[0]
    if data.get("category", category) != category:
        raise ValidationFailed.field("$.category", f"must be '{category}', the start of the name")
    return {
        "name": name,
        "category": category,
        "title": clean_text(data.get("title") or name, path="$.title", max_length=120),
        "description": clean_text(
            data.get("description", ""), path="$.description", max_length=2000, required=False
        ),
        "input_schema": check_schema(data.get("input_schema"), path="$.input_schema"),
        "output_schema": check_schema(data.get("output_schema"), path="$.output_schema"),
        "estimated_cost": _price(data.get("estimated_cost")),
        "estimated_time": _seconds(data.get("estimated_time", 60), "$.estimated_time"),
        "timeout_seconds": _seconds(data.get("timeout_seconds", 300), "$.timeout_seconds"),
        "worker_requirements": _requirements(data.get("worker_requirements", ["ai"])),
        "requires_approval": _flag(data.get("requires_approval", False), "$.requires_approval"),
        "max_retries": _bounded_int(data.get("max_retries", 2), "$.max_retries", 0, 10),
        "royalty_percentage": _royalty(data.get("royalty_percentage", "0")),
    }


def _name(value: object) -> str:
    match = NAME_PATTERN.match(value) if isinstance(value, str) else None
    if match is None:
        raise ValidationFailed.field(
            "$.name",
            "must look like 'category.verb_object' (lower-case letters, digits, underscores)",
        )
    if match["category"] not in CATEGORIES:
        raise ValidationFailed.field(
            "$.name", f"must start with a category: {', '.join(CATEGORIES)}"
        )
    return str(value)


def _seconds(value: object, path: str) -> int:
    return _bounded_int(value, path, 1, MAX_TIME)


def _bounded_int(value: object, path: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationFailed.field(path, f"must be a whole number from {low} to {high}")
    return value


def _flag(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationFailed.field(path, "must be true or false")
    return value


def _requirements(value: object) -> list[str]:
    if (
        not isinstance(value, list)
        or not value
        or any(v not in WORKER_KINDS for v in value)
        or len(set(value)) != len(value)
    ):
        raise ValidationFailed.field(
            "$.worker_requirements", f"must list one or more of {', '.join(WORKER_KINDS)}"
        )
    return list(value)


def _price(value: object) -> Decimal:
    """A custom task type's price: at most ``BIZQ_MAX_TASK_PRICE`` credits a run, so no
    type published by another user can drain a store's wallet in a few runs."""
    price = parse_credits(value, path="$.estimated_cost")
    cap = get_settings().max_task_price
    if price > cap:
        raise ValidationFailed.field("$.estimated_cost", f"must be at most {cap} credits a run")
    return price


def _royalty(value: object) -> Decimal:
    try:
        royalty = Decimal(str(value)) if not isinstance(value, (bool, float)) else None
    except ArithmeticError:
        royalty = None
    if royalty is None or not royalty.is_finite() or not 0 <= royalty <= MAX_ROYALTY:
        raise ValidationFailed.field(
            "$.royalty_percentage", f"must be a percentage from 0 to {MAX_ROYALTY}"
        )
    return royalty
