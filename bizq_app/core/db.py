"""The database engine and sessions, built from the settings."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from bizq_app.core.settings import get_settings

log = logging.getLogger(__name__)
OpenSession = Callable[[], AbstractContextManager[Session]]
"""Opens a unit of work (``session_scope``): for work done in several transactions."""


def build_engine(url: str) -> Engine:
    """An engine for ``url``.

    SQLite gets foreign keys, WAL and a 30 s busy timeout, and every transaction starts
    with ``BEGIN IMMEDIATE``: writers take turns for a whole transaction, as row locks
    make them on PostgreSQL, so a read-check-write (stock, order numbers, a status) can
    never interleave with another's, and a waiting writer waits (up to the timeout)
    instead of failing with "database is locked". Reading transactions take their turn
    too, which is why BizQ keeps transactions short and never calls out inside one.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event says BEGIN itself
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    settings = get_settings()
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return build_engine(settings.sqlalchemy_url)


@contextmanager
def session_scope() -> Iterator[Session]:
    """A session that commits on success and rolls back on any error."""
    with Session(get_engine(), expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def on_commit(session: Session, callback: Callable[[], None]) -> None:
    """Run ``callback`` once ``session``'s transaction commits; drop it on rollback.

    Side effects that other processes see (enqueued jobs, published events)
    go through here, so they never announce work that was rolled back.
    """
    session.info.setdefault(_ON_COMMIT, []).append(callback)


_ON_COMMIT = "bizq_on_commit"
_TX_CACHE = "bizq_tx_cache"


def tx_cache(session: Session) -> dict[object, object]:
    """A dict that lives as long as the session's current transaction."""
    cache: dict[object, object] = session.info.setdefault(_TX_CACHE, {})
    return cache


@event.listens_for(Session, "after_commit")
def _run_on_commit(session: Session) -> None:
    session.info.pop(_TX_CACHE, None)
    callbacks = session.info.pop(_ON_COMMIT, [])
    for callback in callbacks:
        try:
            callback()
        except Exception:  # the commit stands; a failed side effect is logged, not raised
            log.exception("after-commit callback failed")


@event.listens_for(Session, "after_rollback")
def _drop_on_commit(session: Session) -> None:
    session.info.pop(_ON_COMMIT, None)
    session.info.pop(_TX_CACHE, None)


def upsert(session: Session, model: Any) -> Any:
    """``INSERT INTO model`` with ``on_conflict_do_update``/``…_nothing`` for the session's
    database (PostgreSQL's or SQLite's, which say it the same way)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert(model)
    return sqlite.insert(model)


def serialise(session: Session, key: str) -> None:
    """Make another transaction that serialises on the same ``key`` wait until this one
    ends (an advisory lock on PostgreSQL; SQLite's write transactions take turns anyway).
    For work keyed by something that has no row yet, such as an idempotency key."""
    if session.get_bind().dialect.name == "postgresql":
        lock = text("SELECT pg_advisory_xact_lock(hashtext(:key))")
        session.execute(lock.bindparams(key=key))
