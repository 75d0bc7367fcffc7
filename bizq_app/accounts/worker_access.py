"""Which stores a worker may serve: the stores its person is a member of, and those that
admitted it from the marketplace (``stores.admit_worker``)."""

from __future__ import annotations

import uuid

from sqlalchemy import String, cast
from sqlmodel import Session, col, select

from bizq_app.accounts.models import Store, StoreMembership
from bizq_app.accounts.stores import admitted_workers


def stores_open_to(
    session: Session, worker_id: uuid.UUID, user_id: uuid.UUID | None
) -> set[uuid.UUID]:
    """The ids of the live stores whose human tasks the worker (of person ``user_id``, if
    any) may take."""
    # a store's settings mention the worker only when it admitted it (checked exactly below)
    mentioning = select(Store).where(
        col(Store.deleted_at).is_(None), cast(col(Store.settings), String).contains(str(worker_id))
    )
    open_to = {s.id for s in session.exec(mentioning) if str(worker_id) in admitted_workers(s)}
    if user_id is not None:
        member_of = (
            select(StoreMembership.store_id)
            .join(Store, col(Store.id) == col(StoreMembership.store_id))
            .where(StoreMembership.user_id == user_id, col(Store.deleted_at).is_(None))
        )
        open_to.update(session.exec(member_of))
    return open_to
