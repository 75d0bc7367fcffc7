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
) -> AuditEvent:
    """Add an audit event to the session (committed with the change it describes)."""
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


def list_for_store(*, session: Session, store_id: uuid.UUID, limit: int = 50) -> list[AuditEvent]:
    """The store's most recent audit events, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.store_id == store_id)
        .order_by(col(AuditEvent.created_at).desc())
        .limit(limit)
    )
    return list(session.exec(query))


def history(*, session: Session, subject_id: uuid.UUID) -> list[AuditEvent]:
    """Everything that happened to one record, oldest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.subject_id == subject_id)
        .order_by(col(AuditEvent.created_at), col(AuditEvent.id))
    )
    return list(session.exec(query))
