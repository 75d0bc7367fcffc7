"""Recurring tasks: the same task every N hours or days, until stopped."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlmodel import Session, col, select

from bizq_app.accounts import actors, audit
from bizq_app.accounts.permissions import Permission, require
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import BizQError, NotFound, ValidationFailed
from bizq_app.core.schemas import validate
from bizq_app.tasks import tasks
from bizq_app.tasks.models import RecurringTask, TaskDefinition
from bizq_app.tasks.task_definitions import get_definition

UNITS = {"hours": 3600, "days": 86400}
MIN_INTERVAL, MAX_INTERVAL = 3600, 90 * 86400


def schedule(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    type: str,
    input: object,
    every: object,
    unit: object,
) -> RecurringTask:
    """Run a task now and then every ``every`` ``unit`` (hours or days).

    Raises:
        NotFound, PermissionDenied, ValidationFailed, InsufficientCredits.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE)
    if unit not in UNITS:
        raise ValidationFailed.field("$.unit", "must be hours or days")
    if isinstance(every, bool) or not isinstance(every, int):
        raise ValidationFailed.field("$.every", "must be a whole number")
    seconds = every * UNITS[str(unit)]
    if not MIN_INTERVAL <= seconds <= MAX_INTERVAL:
        raise ValidationFailed.field("$.every", "must be between 1 hour and 90 days")
    definition = get_definition(session=session, name=type)
    validate(definition.input_schema, input, root="$.input", what="task input")
    first = tasks.create_task(
        session=session, user_id=user_id, store_id=store_id, type=type, input=input
    )
    rule = RecurringTask(
        store_id=store_id,
        definition_id=definition.id,
        input=dict(input),  # type: ignore[call-overload]
        interval_seconds=seconds,
        created_by_id=user_id,
        next_run_at=utcnow() + timedelta(seconds=seconds),
    )
    session.add(rule)
    session.flush()
    first.recurring_id = rule.id
    audit.record(
        session=session,
        action="recurring.created",
        subject_type="recurring_task",
        subject_id=rule.id,
        actor_id=user_id,
        store_id=store_id,
        data={"type": type, "interval_seconds": seconds},
    )
    return rule


def stop(*, session: Session, user_id: uuid.UUID, recurring_id: uuid.UUID) -> RecurringTask:
    """Stop a recurring task; tasks already created carry on.

    Raises:
        NotFound, PermissionDenied.
    """
    rule = session.get(RecurringTask, recurring_id)
    if rule is None:
        raise NotFound("That recurring task does not exist.")
    require(session=session, store_id=rule.store_id, user_id=user_id, permission=Permission.OPERATE)
    rule.is_active = False
    session.add(rule)
    audit.record(
        session=session,
        action="recurring.stopped",
        subject_type="recurring_task",
        subject_id=rule.id,
        actor_id=user_id,
        store_id=rule.store_id,
    )
    return rule


def start_due(session: Session) -> int:
    """Create the next task of every active rule that is due; return how many started."""
    due = session.exec(
        select(RecurringTask).where(
            col(RecurringTask.is_active), col(RecurringTask.next_run_at) <= utcnow()
        )
    )
    started = 0
    for rule in due:
        rule.next_run_at = utcnow() + timedelta(seconds=rule.interval_seconds)
        session.add(rule)
        started += _start(session, rule)
    return started


def _start(session: Session, rule: RecurringTask) -> int:
    definition = session.get(TaskDefinition, rule.definition_id)
    assert definition is not None
    try:
        with session.begin_nested():
            task = tasks.create_task(
                session=session,
                user_id=actors.RECURRING,  # not the person who scheduled it: they may leave
                store_id=rule.store_id,
                type=definition.name,
                input=rule.input,
            )
            task.recurring_id = rule.id
    except BizQError as exc:  # e.g. out of credits: say so on the rule's history, keep going
        audit.record(
            session=session,
            action="recurring.skipped",
            subject_type="recurring_task",
            subject_id=rule.id,
            actor_id=None,
            store_id=rule.store_id,
            data={"reason": exc.message},
        )
        return 0
    return 1
