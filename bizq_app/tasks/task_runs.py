"""Tasks, seen from the worker: start a run, complete it, fail it; review by the owner.

Completion settles the ledger in the same database transaction as the move to
``completed``, and that move happens at most once (see ``task_flow``).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Generic, NoReturn, TypeVar

from sqlalchemy import or_
from sqlmodel import Session, col

from bizq_app.accounts.permissions import Permission, require
from bizq_app.billing import ledger
from bizq_app.core import status
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import Conflict, InvalidTransition, NotFound
from bizq_app.core.schemas import errors_against
from bizq_app.core.validation import clean_text
from bizq_app.tasks import task_definitions, task_effects, task_flow, workers
from bizq_app.tasks.models import Task, TaskDefinition, TaskStatus, WorkerKind

S = TaskStatus
BACKOFF_SECONDS = (5, 30, 120, 600)


@dataclass(frozen=True)
class Run:
    """What an executor needs to do one attempt of a task, and nothing more."""

    task_id: uuid.UUID
    store_id: uuid.UUID
    attempt: int
    type: str
    input: dict[str, Any]
    previous_output: dict[str, Any] | None
    brief: str = ""  # the task type's title and description, for AI providers
    output_schema: dict[str, Any] = field(default_factory=dict)
    provider: str | None = None  # the matched worker's provider: rules, openai, anthropic
    model: str | None = None


def start_run(*, session: Session, task_id: uuid.UUID) -> Run | None:
    """Mark a queued task running; None when it is no longer queued (cancelled, taken)
    or a retry's back-off has not passed yet (the sweeper queues it again)."""
    runs = start_runs(session=session, task_ids=[task_id])
    return runs[0] if runs else None


def start_runs(*, session: Session, task_ids: Sequence[uuid.UUID]) -> list[Run]:
    """``start_run`` for the tasks of a job group, in one ``UPDATE … RETURNING`` (the hot
    path of every run): the runs of those still queued, in the order given."""
    now = utcnow()
    claimed = status.claim_all(
        session,
        Task,
        task_ids,
        (S.QUEUED,),
        S.RUNNING,
        conditions=(or_(col(Task.run_after).is_(None), col(Task.run_after) <= now),),
        attempt=Task.attempt + 1,
        started_at=now,
        status_reason=None,
        updated_at=now,
    )
    by_id = {task.id: task for task in claimed}
    tasks = [by_id[task_id] for task_id in task_ids if task_id in by_id]
    for task in tasks:
        task_flow.record(session, task, S.RUNNING.value)
    return [_run_of(session, task) for task in tasks]


Finished = TypeVar("Finished")
LEFT = "error: left for the sweeper"
log = logging.getLogger(__name__)


def accept_group(
    open_session: OpenSession,
    finished: Sequence[Finished],
    accept: Callable[[Session, Finished], str],
) -> list[str]:
    """Accept a group's finished runs in one transaction (one commit for all of them);
    when that transaction fails, each in its own, so that one broken output never holds
    the others back. A run whose own transaction fails too stays running: the sweeper
    retries it once its job is over. Returns what happened to each."""
    try:
        with open_session() as session:
            return [accept(session, run) for run in finished]
    except Exception:  # one output broke the shared transaction: accept each on its own
        log.exception("accepting a group of %d runs together failed", len(finished))
    said = []
    for run in finished:
        try:
            with open_session() as session:
                said.append(accept(session, run))
        except Exception:
            log.exception("accepting one run of a group failed")
            said.append(LEFT)
    return said


class GroupAcceptance(Generic[Finished]):
    """A group's runs, accepted while the rest of the group still runs: in chunks of 1, 2,
    4, … as they finish (``add``), each chunk one ``accept_group``. The first run of a
    group is seen as soon as it is done, no run waits on more than a few of its
    neighbours, and a group of ten still commits four times rather than ten (commits are
    what a worker waits on)."""

    def __init__(
        self, open_session: OpenSession, accept: Callable[[Session, Finished], str]
    ) -> None:
        self._open_session, self._accept = open_session, accept
        self._chunk: list[Finished] = []
        self._size = 1
        self.said: list[str] = []

    def add(self, run: Finished) -> None:
        """A finished run: accepted now if it completes a chunk."""
        self._chunk.append(run)
        if len(self._chunk) >= self._size:
            self.finish()
            self._size *= 2

    def finish(self) -> list[str]:
        """Accept the runs not accepted yet; returns what happened to each run added."""
        if self._chunk:
            self.said += accept_group(self._open_session, self._chunk, self._accept)
            self._chunk = []
        return self.said


def _run_of(session: Session, task: Task) -> Run:
    definition = _definition(session, task)
    parent = session.get(Task, task.parent_id) if task.parent_id else None
    worker = workers.snapshot(session, task.worker_id) if task.worker_id else None
    return Run(
        task.id,
        task.store_id,
        task.attempt,
        definition.name,
        dict(task.input),
        parent.output if parent else None,
        brief=f"{definition.title}: {definition.description}",
        output_schema=definition.output_schema,
        provider=worker.provider if worker else None,
        model=worker.model if worker else None,
    )


def complete_run(
    *,
    session: Session,
    task_id: uuid.UUID,
    attempt: int,
    output: object,
    review_note: str | None = None,
) -> Task | None:
    """Accept a run's output: validate it, then complete and settle (or await review).

    Invalid output never completes a task: the attempt fails and says why.
    The output waits for the owner when the definition asks for approval or
    the worker flagged it (``review_note``, e.g. an offline draft).
    Returns None when the run is stale (the task moved on meanwhile).
    """
    task = _task(session, task_id)
    definition = _definition(session, task)
    errors = errors_against(definition.output_schema, output, root="$.output")
    if errors:
        why = "; ".join(f"{e.path}: {e.message}" for e in errors[:5])
        fail_run(
            session=session,
            task_id=task_id,
            attempt=attempt,
            transient=False,
            reason=f"The output did not match the task's output schema: {why}",
        )
        return None
    if definition.requires_approval or review_note:
        moved = task_flow.transition(
            session,
            task,
            (S.RUNNING,),
            S.AWAITING_REVIEW,
            at_attempt=attempt,
            output=output,
            reason=review_note or "Waiting for the owner's approval.",
        )
        return task if moved else None
    moved = task_flow.transition(
        session,
        task,
        (S.RUNNING,),
        S.COMPLETED,
        at_attempt=attempt,
        output=output,
        completed_at=utcnow(),
    )
    if not moved:
        return None
    _settle_and_continue(session, task, definition)
    return task


def fail_run(
    *, session: Session, task_id: uuid.UUID, attempt: int, reason: str, transient: bool
) -> None:
    """End a run that went wrong: retry with back-off if transient and allowed, else fail."""
    task = _task(session, task_id)
    if transient and task.attempt < task.max_attempts:
        delay = BACKOFF_SECONDS[min(task.attempt - 1, len(BACKOFF_SECONDS) - 1)]
        moved = task_flow.transition(
            session,
            task,
            (S.RUNNING,),
            S.QUEUED,
            at_attempt=attempt,
            run_after=utcnow() + timedelta(seconds=delay),
            reason=f"Attempt {attempt} failed ({reason}); retrying in {delay} s.",
        )
    else:
        moved = task_flow.transition(
            session,
            task,
            (S.RUNNING,),
            S.FAILED,
            at_attempt=attempt,
            reason=reason,
            completed_at=utcnow(),
        )
        if moved:
            task_flow.stop_chain_after(
                session, task, f"Step {task.chain_position} failed: {reason}"
            )


def escalate_run(*, session: Session, task_id: uuid.UUID, attempt: int, reason: str) -> bool:
    """An AI answer that kept breaking the output schema: hand the task to a person when
    its definition lets people do it (the worker inbox), else fail it.

    Returns whether a person gets it.
    """
    task = _task(session, task_id)
    definition = _definition(session, task)
    if not {WorkerKind.HUMAN.value, WorkerKind.EXPERT.value} & set(definition.worker_requirements):
        fail_run(session=session, task_id=task_id, attempt=attempt, reason=reason, transient=False)
        return False
    return task_flow.transition(
        session,
        task,
        (S.RUNNING,),
        S.QUEUED,
        at_attempt=attempt,
        worker_id=None,
        rq_job_id=None,
        run_after=None,
        reason=f"{reason} Handed to a person: {task_flow.INBOX_NOTE}",
    )


def approve(*, session: Session, user_id: uuid.UUID, task_id: uuid.UUID) -> Task:
    """The owner accepts a task's output: it completes and is charged.

    Raises:
        NotFound, PermissionDenied, InvalidTransition: not waiting for review.
    """
    task = _reviewable(session, user_id, task_id)
    if not task_flow.transition(
        session, task, (S.AWAITING_REVIEW,), S.COMPLETED, actor_id=user_id, completed_at=utcnow()
    ):
        _lost(session, task)
    _settle_and_continue(session, task, _definition(session, task))
    return task


def reject(
    *, session: Session, user_id: uuid.UUID, task_id: uuid.UUID, reason: object, retry: bool = True
) -> Task:
    """The owner refuses a task's output (not charged): another attempt, or it fails.

    Raises:
        NotFound, PermissionDenied, InvalidTransition, ValidationFailed: no reason given.
    """
    note = clean_text(reason, path="$.reason", max_length=500)
    task = _reviewable(session, user_id, task_id)
    if retry and task.attempt < task.max_attempts:
        if not task_flow.queue_task(
            session,
            task,
            _definition(session, task),
            allowed=(S.AWAITING_REVIEW,),
            reason=f"Rejected: {note}",
        ):
            _lost(session, task)
    elif not task_flow.transition(
        session,
        task,
        (S.AWAITING_REVIEW,),
        S.FAILED,
        actor_id=user_id,
        reason=f"Rejected: {note}",
        completed_at=utcnow(),
    ):
        _lost(session, task)
    else:
        task_flow.stop_chain_after(session, task, f"Step {task.chain_position} was rejected.")
    return task


def _lost(session: Session, task: Task) -> NoReturn:
    """Another request decided the task first: say what it is now; nothing changed."""
    session.refresh(task)
    raise Conflict(f"This task is {task.status} now; it was decided at the same time.")


def _settle_and_continue(session: Session, task: Task, definition: TaskDefinition) -> None:
    ledger.settle_task(
        session,
        ledger.TaskCharge(task.id, task.store_id, task.worker_id, task.cost),
        royalty_percent=definition.royalty_percentage,
        creator_id=definition.creator_id,
    )
    task_effects.apply(session, task, definition.name)
    following = task_flow.next_in_chain(session, task)
    if following is not None and following.status == S.PENDING:
        task_flow.admit(session, following, _definition(session, following))


def _reviewable(session: Session, user_id: uuid.UUID, task_id: uuid.UUID) -> Task:
    task = _task(session, task_id)
    require(session=session, store_id=task.store_id, user_id=user_id, permission=Permission.OPERATE)
    if task.status != S.AWAITING_REVIEW:
        raise InvalidTransition(f"This task is {task.status}, not waiting for review.")
    return task


def _task(session: Session, task_id: uuid.UUID) -> Task:
    task = session.get(Task, task_id)
    if task is None:
        raise NotFound(f"Task {task_id} does not exist.")
    return task


def _definition(session: Session, task: Task) -> TaskDefinition:
    return task_definitions.snapshot(session=session, definition_id=task.definition_id)
