"""What other domains may read of accounts without its permission checks: a store or a
user by id, the live stores, and the store row lock that serialises a store's writers."""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from bizq_app.accounts.models import Store, User


def find_store(session: Session, store_id: uuid.UUID) -> Store | None:
    """The store with this id, deleted or not, or None."""
    return session.get(Store, store_id)


def find_user(session: Session, user_id: uuid.UUID) -> User | None:
    """The user with this id, or None."""
    return session.get(User, user_id)


def live_store_ids(session: Session) -> list[uuid.UUID]:
    """Every store that is not deleted."""
    return list(session.exec(select(Store.id).where(col(Store.deleted_at).is_(None))))


def lock_store(session: Session, store_id: uuid.UUID) -> bool:
    """Lock the store's row until the transaction ends, so that two writers of one store
    (two purchases with one key, two template applies, two order numbers) take turns.
    Returns whether the store exists.

    ``FOR NO KEY UPDATE`` on PostgreSQL: it does not wait for (nor block) the key-share
    locks that inserting a row which references the store takes, so a checkout writing
    an order never deadlocks with a task reserving the store's credits."""
    query = select(Store.id).where(Store.id == store_id).with_for_update(key_share=True)
    return session.exec(query).first() is not None
