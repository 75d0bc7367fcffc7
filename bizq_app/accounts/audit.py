"""Audit events written alongside every state change."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, col, select

from bizq_app.accounts.models import AuditEvent


def record(
    *,
    session: Session,
    action: str,
    subject_type: str,
    subject_id: uuid.UUID | None,
    actor_id: uuid.UUID | None,
    store_id: uuid.UUID | None = None,
    data: dict[str, Any] | None = None,
    actor: str = "",
) -> AuditEvent:
    """Add an audit event to the session (committed with the change it describes).
    ``actor`` names the system actor that acted when no user did (``accounts.actors``:
    ``system:order_pipeline``); it is kept as the event's ``data["actor"]``."""
    if actor:
        data = {**(data or {}), "actor": actor}
    event = AuditEvent(
        store_id=store_id,
        actor_id=actor_id,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        data=data or {},
    )
    session.add(event)
    return event


def history(*, session: Session, subject_id: uuid.UUID) -> list[AuditEvent]:
    """Everything that happened to one record, oldest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.subject_id == subject_id)
        .order_by(col(AuditEvent.created_at), col(AuditEvent.id))
    )
    return list(session.exec(query))


def events(
    *, session: Session, store_id: uuid.UUID, actions: list[str], limit: int = 50
) -> list[AuditEvent]:
    """The store's most recent events of these actions, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.store_id == store_id, col(AuditEvent.action).in_(actions))
        .order_by(col(AuditEvent.created_at).desc())
        .limit(limit)
    )
    return list(session.exec(query))


def data_of(*, session: Session, action: str, subject_id: uuid.UUID) -> dict[str, Any] | None:
    """The data of the first ``action`` event about one record, or None."""
    query = select(AuditEvent.data).where(
        AuditEvent.action == action, AuditEvent.subject_id == subject_id
    )
    data = session.exec(query).first()
    return dict(data) if data is not None else None


def recorded(*, session: Session, action: str, key: str, value: str) -> bool:
    """Whether an ``action`` event whose data has ``key`` equal to ``value`` exists."""
    query = select(AuditEvent.id).where(
        col(AuditEvent.action) == action, col(AuditEvent.data)[key].as_string() == value
    )
    return session.exec(query.limit(1)).first() is not None
