"""The jobs that run task attempts: start, execute, complete or fail."""

from __future__ import annotations

import logging
import uuid

from rq.timeouts import JobTimeoutException
from sqlmodel import Session

from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError, RateLimited, Unavailable
from bizq_app.executors import Result, execute, reads_store
from bizq_app.executors.store_data import StoreData
from bizq_app.integrations.ai import OutputInvalid
from bizq_app.integrations.ai.registry import AI_PROVIDERS
from bizq_app.tasks import ai_settings, task_runs

log = logging.getLogger(__name__)


SKIPPED = "skipped: the task is no longer queued"
Finished = tuple[task_runs.Run, Result]  # a run and its executor's result, to accept


def run_task(task_id: str) -> str:
    """Run one attempt of a task; returns what happened (for RQ's job result)."""
    with session_scope() as session:
        run = task_runs.start_run(session=session, task_id=uuid.UUID(task_id))
    if run is None:
        return SKIPPED
    outcome = _attempt(run)
    if isinstance(outcome, str):
        return outcome
    with session_scope() as session:
        return _accept(session, run, outcome)


def run_tasks(task_ids: list[str]) -> str:
    """Run one attempt of each task of a group (see ``task_flow.queue_task``): claimed in
    one statement, run one after another, their outputs accepted (and announced) in
    growing chunks while the rest still run (``task_runs.GroupAcceptance``). Returns what
    happened to each."""
    with session_scope() as session:
        runs = task_runs.start_runs(session=session, task_ids=[uuid.UUID(t) for t in task_ids])
    said = [SKIPPED] * (len(task_ids) - len(runs))
    acceptance: task_runs.GroupAcceptance[Finished] = task_runs.GroupAcceptance(
        session_scope, lambda s, f: _accept(s, *f)
    )
    for run in runs:
        outcome = _attempt(run)
        if isinstance(outcome, str):
            said.append(outcome)
        else:
            acceptance.add((run, outcome))
    return "; ".join(said + acceptance.finish())


def _attempt(run: task_runs.Run) -> Result | str:
    """The executor's result, or what went wrong, already recorded on the task."""
    try:
        return _execute(run)
    except (RateLimited, Unavailable, JobTimeoutException) as exc:
        return _fail(run, str(exc) or "timed out", transient=True)
    except OutputInvalid as exc:
        return _escalate(run, exc.message)
    except BizQError as exc:
        return _fail(run, exc.message, transient=False)
    except Exception as exc:  # the adapter's last line: record it on the task, never lose it
        log.exception("executor for %s crashed", run.type)
        return _fail(
            run, f"The worker hit an unexpected error ({exc.__class__.__name__}).", transient=False
        )


def _accept(session: Session, run: task_runs.Run, result: Result) -> str:
    """Complete the run with its output (or send it for review), and count the AI usage."""
    task = task_runs.complete_run(
        session=session,
        task_id=run.task_id,
        attempt=run.attempt,
        output=result.output,
        review_note=result.review_note,
    )
    if result.usage is not None:
        ai_settings.record_usage(
            session,
            store_id=run.store_id,
            task_id=run.task_id,
            provider=str(run.provider),
            model=str(result.model),
            usage=result.usage,
        )
    return f"done: {task.status}" if task is not None else "output refused or stale"


def _execute(run: task_runs.Run) -> Result:
    """Run the executor; only executors that read the store (or AI runs needing the store's
    own key) open a database session — the rest stay off the database."""
    if run.provider in AI_PROVIDERS:
        with session_scope() as session:
            own = ai_settings.store_key(session, run.store_id, run.provider or "")
        return execute(run, credentials=own)
    if not reads_store(run.type):
        return execute(run, StoreData(run.store_id, None))
    with session_scope() as session:  # read-only: the executor's view of its own store
        return execute(run, StoreData(run.store_id, session))


def _escalate(run: task_runs.Run, reason: str) -> str:
    with session_scope() as session:
        to_person = task_runs.escalate_run(
            session=session, task_id=run.task_id, attempt=run.attempt, reason=reason
        )
    return f"{'handed to a person' if to_person else 'failed'}: {reason}"


def _fail(run: task_runs.Run, reason: str, *, transient: bool) -> str:
    with session_scope() as session:
        task_runs.fail_run(
            session=session,
            task_id=run.task_id,
            attempt=run.attempt,
            reason=reason,
            transient=transient,
        )
    return f"failed: {reason}"
