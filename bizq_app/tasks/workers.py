"""The worker registry and matching a task to the best eligible worker.

Matching score (higher wins), for workers that are active, of a kind the
definition accepts, skilled in its category and below capacity:

    score = 0.5 × rating / 5            (quality)
          + 0.3 × (1 − load / capacity) (availability)
          + 0.2 × min(1, 1 / price)     (cheaper is better; price factor 1.0 = list price)

Ties go to the lower price factor, then the name. AI workers of a provider
with no key configured are inactive (set at every start by the seed); the
offline rules worker always is active.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from bizq_app.accounts import audit
from bizq_app.accounts.permissions import Permission, require
from bizq_app.billing import ledger
from bizq_app.billing.models import AccountKind
from bizq_app.core.errors import Conflict, ValidationFailed
from bizq_app.core.pagination import DEFAULT_LIMIT, Page, paginate
from bizq_app.tasks.catalog import CATEGORIES
from bizq_app.tasks.models import Task, TaskDefinition, TaskStatus, Worker, WorkerKind

RATING_WEIGHT, LOAD_WEIGHT, PRICE_WEIGHT = Decimal("0.5"), Decimal("0.3"), Decimal("0.2")
EARNINGS = AccountKind.WORKER_EARNINGS  # a worker's account in the ledger


def score(worker: Worker, load: int) -> Decimal:
    """The documented matching score of an eligible worker carrying ``load`` running tasks."""
    rating = worker.rating / 5
    free = 1 - Decimal(load) / Decimal(max(worker.capacity, 1))
    price = min(Decimal(1), 1 / worker.price_factor) if worker.price_factor > 0 else Decimal(1)
    return RATING_WEIGHT * rating + LOAD_WEIGHT * free + PRICE_WEIGHT * price


def eligible(worker: Worker, definition: TaskDefinition, load: int) -> bool:
    """Whether ``worker``, now running ``load`` tasks, may take tasks of ``definition``."""
    return (
        worker.is_active
        and worker.kind in definition.worker_requirements
        and definition.category in worker.skills
        and load < worker.capacity
    )


def loads(session: Session) -> dict[uuid.UUID, int]:
    """How many tasks each worker is running now (counted, so no row is a hot spot)."""
    query = (
        select(Task.worker_id, func.count())
        .where(Task.status == TaskStatus.RUNNING.value, col(Task.worker_id).is_not(None))
        .group_by(col(Task.worker_id))
    )
    return {worker_id: int(n) for worker_id, n in session.exec(query) if worker_id is not None}


def match(
    *,
    session: Session,
    definition: TaskDefinition,
    kind: WorkerKind = WorkerKind.AI,
    own_keys: frozenset[str] = frozenset(),
    prefer: str | None = None,
) -> Worker | None:
    """The best eligible worker of ``kind`` for ``definition``, or None if nobody fits.

    ``own_keys`` names providers the store brought its own key for: their
    workers are eligible even when BizQ has no key. A ``prefer``-red provider
    the store chose wins over the score when one of its workers is eligible.
    """
    running = loads(session)
    candidates = []
    for w in session.exec(select(Worker).where(Worker.kind == kind.value)):
        usable = (
            w
            if w.is_active or w.provider not in own_keys
            else w.model_copy(update={"is_active": True})
        )
        if eligible(usable, definition, running.get(w.id, 0)):
            candidates.append(w)
    chosen = [w for w in candidates if w.provider == prefer] or candidates
    if not chosen:
        return None
    return max(chosen, key=lambda w: (score(w, running.get(w.id, 0)), -w.price_factor, w.name))


def earnings(session: Session, worker_id: uuid.UUID) -> Decimal:
    """Credits a worker has earned: the balance of its earnings account."""
    return ledger.balance(session, ledger.Account(EARNINGS, worker_id))


def snapshot(session: Session, worker_id: uuid.UUID) -> Worker | None:
    """A read-only copy of a worker, cached for a minute (every run reads its provider)."""
    hit = _SNAPSHOTS.get(worker_id)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    row = session.get(Worker, worker_id)
    copy = Worker.model_validate(row.model_dump()) if row else None
    _SNAPSHOTS[worker_id] = (time.monotonic() + 60.0, copy)
    return copy


_SNAPSHOTS: dict[uuid.UUID, tuple[float, Worker | None]] = {}


def register_person(
    *,
    session: Session,
    user_id: uuid.UUID,
    name: object,
    skills: object,
    kind: object = "human",
    capacity: int = 3,
) -> Worker:
    """Sign a BizQ user up as a human worker or expert who claims tasks from the inbox.

    Raises:
        ValidationFailed: bad name, kind or skills. Conflict: already a worker.
    """
    if kind not in (WorkerKind.HUMAN.value, WorkerKind.EXPERT.value):
        raise ValidationFailed.field("$.kind", "must be human or expert")
    if not isinstance(skills, list) or not skills or any(s not in CATEGORIES for s in skills):
        raise ValidationFailed.field(
            "$.skills", f"must list categories from: {', '.join(CATEGORIES)}"
        )
    if not isinstance(name, str) or not name.strip() or len(name) > 120:
        raise ValidationFailed.field("$.name", "is required (at most 120 characters)")
    if session.exec(select(Worker.id).where(Worker.user_id == user_id)).first():
        raise Conflict("You are already registered as a worker.")
    if session.exec(select(Worker.id).where(Worker.name == name.strip())).first():
        raise Conflict("A worker with this name exists; choose another.", path="$.name")
    worker = Worker(
        kind=str(kind),
        name=name.strip(),
        user_id=user_id,
        skills=list(skills),
        rating=Decimal("4.00"),
        capacity=capacity,
    )
    session.add(worker)
    session.flush()
    audit.record(
        session=session,
        action="worker.registered",
        subject_type="worker",
        subject_id=worker.id,
        actor_id=user_id,
    )
    return worker


def worker_for_user(*, session: Session, user_id: uuid.UUID) -> Worker | None:
    """The worker profile of a BizQ user, if they have one."""
    return session.exec(select(Worker).where(Worker.user_id == user_id)).first()


def list_workers(
    *, session: Session, kind: str | None = None, limit: int = DEFAULT_LIMIT, offset: int = 0
) -> Page[Worker]:
    """The registry, by kind then name."""
    query = select(Worker).order_by(col(Worker.kind), col(Worker.name))
    if kind:
        query = query.where(Worker.kind == kind)
    return paginate(session, query, limit=limit, offset=offset)


@dataclass(frozen=True)
class Listed:
    """A worker in the registry as one user sees it."""

    worker: Worker
    load: int
    earned: Decimal | None  # all it earned: shown to the worker themself only
    paid_by_store: Decimal | None  # what the store asked about paid it (to its members)


def registry(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID | None = None,
    kind: str | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page[Listed]:
    """The registry as ``user_id`` sees it: every worker's skills, price and load; what a
    worker earned only on the user's own worker, and with ``store_id`` what that store
    paid each worker.

    Raises:
        NotFound, PermissionDenied: ``store_id`` is not a store the user may view.
    """
    if store_id is not None:
        require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    page = list_workers(session=session, kind=kind, limit=limit, offset=offset)
    running = loads(session)
    ids = [w.id for w in page.items]
    paid = ledger.paid_from_wallet(session, store_id, EARNINGS, ids) if store_id else {}
    items = [
        Listed(
            worker=w,
            load=running.get(w.id, 0),
            earned=earnings(session, w.id) if w.user_id == user_id else None,
            paid_by_store=paid.get(w.id),
        )
        for w in page.items
    ]
    return Page(items=items, total=page.total, limit=page.limit, offset=page.offset)


def sync_bundled_workers(session: Session, rows: list[dict[str, Any]]) -> int:
    """Add the bundled workers (``data/workers.json`` rows) that are missing, by name;
    returns how many were added."""
    existing = set(session.exec(select(Worker.name)))
    added = 0
    for row in rows:
        if row["name"] in existing:
            continue
        values = {k: Decimal(v) if k in ("price_factor", "rating") else v for k, v in row.items()}
        session.add(Worker.model_validate(values))
        added += 1
    session.flush()
    return added


def activate_providers(session: Session, configured: dict[str, bool]) -> None:
    """AI workers of a provider are active exactly when its key is configured."""
    query = select(Worker).where(col(Worker.provider).in_(list(configured)))
    for worker in session.exec(query):
        worker.is_active = configured[str(worker.provider)]
        session.add(worker)
