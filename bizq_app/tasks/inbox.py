"""The human worker's inbox: claim a task, see only its input, submit output. A store's
human tasks are open to its own members and to the marketplace workers it admitted;
the inbox lists a task without its input, which only the worker who claimed it sees."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, col, select

from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts import worker_access
from bizq_app.accounts.permissions import role_of
from bizq_app.accounts.stores import admitted_workers
from bizq_app.billing.ledger import show
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import InvalidTransition, NotFound, PermissionDenied
from bizq_app.core.pagination import MAX_LIMIT, Page, paginate
from bizq_app.core.schemas import validate
from bizq_app.tasks import task_flow, task_runs, workers
from bizq_app.tasks.models import Task, TaskDefinition, TaskStatus, Worker

S = TaskStatus


@dataclass(frozen=True)
class Offer:
    """A task a person may claim: what it is and what it pays, not whose it is."""

    task_id: uuid.UUID
    type: str
    title: str
    description: str
    pay: str
    estimated_time: int


def offers(
    *, session: Session, user_id: uuid.UUID, limit: int = MAX_LIMIT, offset: int = 0
) -> Page[Offer]:
    """Queued tasks this person's worker profile may claim, oldest first (no store data
    shown): of the stores it may serve and the kinds of task it may take, chosen in the
    query before the page is cut, so one store's long queue hides no other's.

    Raises:
        PermissionDenied: not a worker. ValidationFailed: a page outside the limits.
    """
    worker = _worker(session, user_id)
    load = workers.loads(session).get(worker.id, 0)
    kinds = {d.id: d for d in _skilled(session, worker) if workers.eligible(worker, d, load)}
    stores = worker_access.stores_open_to(session, worker.id, worker.user_id)
    query = (
        select(Task)
        .where(
            Task.status == S.QUEUED.value,
            col(Task.worker_id).is_(None),
            col(Task.store_id).in_(stores),
            col(Task.definition_id).in_(list(kinds)),
        )
        .order_by(col(Task.queued_at), col(Task.id))
    )
    page: Page[Task] = paginate(session, query, limit=limit, offset=offset)
    return Page(
        items=[_offer(t, kinds[t.definition_id]) for t in page.items],
        total=page.total,
        limit=limit,
        offset=offset,
    )


def _skilled(session: Session, worker: Worker) -> list[TaskDefinition]:
    query = select(TaskDefinition).where(col(TaskDefinition.category).in_(worker.skills))
    return list(session.exec(query))


def _offer(task: Task, definition: TaskDefinition) -> Offer:
    return Offer(
        task.id,
        definition.name,
        definition.title,
        definition.description,
        show(task.cost),
        definition.estimated_time,
    )


def claim(*, session: Session, user_id: uuid.UUID, task_id: uuid.UUID) -> Task:
    """Take a task; it is yours until the claim expires (the definition's timeout).

    Raises:
        PermissionDenied: not a worker, or not eligible. InvalidTransition: already taken.
    """
    worker = _worker(session, user_id)
    task, definition = _task(session, task_id)
    if not _open(session, worker, task.store_id, {}):
        raise PermissionDenied("This store has not admitted you as a worker; ask its owner.")
    if not workers.eligible(worker, definition, workers.loads(session).get(worker.id, 0)):
        raise PermissionDenied(
            "Your worker profile cannot take this kind of task, or you "
            "already hold as many as your capacity allows."
        )
    expires = utcnow() + timedelta(seconds=definition.timeout_seconds)
    if task.worker_id is not None or not task_flow.transition(
        session,
        task,
        (S.QUEUED,),
        S.RUNNING,
        at_attempt=task.attempt,
        attempt=task.attempt + 1,
        worker_id=worker.id,
        started_at=utcnow(),
        claim_expires_at=expires,
        reason=f"Claimed by {worker.name}.",
        actor_id=user_id,
    ):
        raise InvalidTransition("Someone else took this task first.")
    return task


def claimed(
    *, session: Session, user_id: uuid.UUID, task_id: uuid.UUID
) -> tuple[Task, TaskDefinition]:
    """A task this person holds: its input and output schema, nothing else of the store.

    Raises:
        NotFound: not theirs (or gone).
    """
    worker = _worker(session, user_id)
    task, definition = _task(session, task_id)
    if task.worker_id != worker.id or task.status != S.RUNNING:
        raise NotFound("You do not hold this task.")
    return task, definition


def my_tasks(*, session: Session, user_id: uuid.UUID) -> list[tuple[Task, TaskDefinition]]:
    """The tasks this person holds right now."""
    worker = _worker(session, user_id)
    query = (
        select(Task, TaskDefinition)
        .join(TaskDefinition)
        .where(Task.worker_id == worker.id, Task.status == S.RUNNING.value)
        .order_by(col(Task.claim_expires_at))
    )
    return list(session.exec(query))  # type: ignore[arg-type]


def submit(*, session: Session, user_id: uuid.UUID, task_id: uuid.UUID, output: object) -> Task:
    """Hand in the output; invalid output is refused field by field and changes nothing.

    Raises:
        NotFound: not theirs. ValidationFailed: the output breaks its schema.
    """
    task, definition = claimed(session=session, user_id=user_id, task_id=task_id)
    validate(definition.output_schema, output, root="$.output", what="output")
    done = task_runs.complete_run(
        session=session, task_id=task.id, attempt=task.attempt, output=output
    )
    if done is None:
        raise InvalidTransition("This task moved on (cancelled or expired) before you submitted.")
    return done


def expire_claims(session: Session) -> int:
    """Put tasks whose claim ran out back in the inbox; return how many."""
    stale = session.exec(
        select(Task).where(Task.status == S.RUNNING.value, col(Task.claim_expires_at) < utcnow())
    )
    count = 0
    for task in stale:
        if task_flow.transition(
            session,
            task,
            (S.RUNNING,),
            S.QUEUED,
            at_attempt=task.attempt,
            worker_id=None,
            claim_expires_at=None,
            reason=task_flow.INBOX_NOTE + " (the last claim expired)",
        ):
            count += 1
    return count


def _open(
    session: Session, worker: Worker, store_id: uuid.UUID, known: dict[uuid.UUID, bool]
) -> bool:
    """Whether the store's human tasks are open to this worker: one of its members, or a
    marketplace worker it admitted. Their input (a buyer's name, a phone number) is
    shown to nobody else."""
    if store_id not in known:
        store = account_lookups.find_store(session, store_id)
        member = worker.user_id is not None and (
            role_of(session=session, store_id=store_id, user_id=worker.user_id) is not None
        )
        known[store_id] = (
            store is not None
            and store.deleted_at is None
            and (member or str(worker.id) in admitted_workers(store))
        )
    return known[store_id]


def _worker(session: Session, user_id: uuid.UUID) -> Worker:
    worker = workers.worker_for_user(session=session, user_id=user_id)
    if worker is None:
        raise PermissionDenied("Register as a worker first to use the inbox.")
    return worker


def _task(session: Session, task_id: uuid.UUID) -> tuple[Task, TaskDefinition]:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound("That task does not exist.")
    definition = session.get(TaskDefinition, task.definition_id)
    assert definition is not None
    return task, definition
