"""The database engine and sessions, built from the settings."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from bizq_app.core.settings import get_settings

log = logging.getLogger(__name__)
SQLITE_BUSY_SECONDS = 30
"""How long a SQLite writer waits for the write lock before "database is locked"."""
OpenSession = Callable[[], AbstractContextManager[Session]]
"""Opens a unit of work (``session_scope``): for work done in several transactions."""


def build_engine(url: str) -> Engine:
    """An engine for ``url``.

    SQLite gets foreign keys, WAL and a busy timeout (``SQLITE_BUSY_SECONDS``), and every
    transaction starts with ``BEGIN IMMEDIATE``: writers take turns for a whole
    transaction, as row locks make them on PostgreSQL, so a read-check-write (stock, order
    numbers, a status) can never interleave with another's, and a waiting writer waits
    (up to the timeout) instead of failing with "database is locked". Reading
    transactions take their turn too, which is why BizQ keeps transactions short and
    never calls out inside one; a ``session_scope(read_only=True)`` reads a snapshot
    instead (a plain ``BEGIN`` under WAL), which waits on no writer.
    """
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS}
        )
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
    if connection.get_execution_options().get(_READ_ONLY):
        connection.exec_driver_sql("BEGIN")  # a snapshot under WAL: waits on no writer
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@lru_cache
def get_engine() -> Engine:
    """The process-wide engine for the configured database."""
    settings = get_settings()
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    return build_engine(settings.sqlalchemy_url)


class NestedUnitOfWork(RuntimeError):
    """A unit of work was opened while another one, in the same request or job, had a
    transaction open: on SQLite the second waits on the first's write lock for ever (the
    first cannot end before the second does), on PostgreSQL it holds two connections.
    Finish the first (commit) before opening the next, or do the work in one."""


_READ_ONLY = "bizq_read_only"
_current_unit: ContextVar[Session | None] = ContextVar("bizq_current_unit", default=None)


def claim_unit(session: Session) -> None:
    """Make ``session`` the open unit of work of this context (a request or a job), after
    checking that no other unit has a transaction open in it.

    Raises:
        NestedUnitOfWork: the context's unit of work is inside a transaction.
    """
    current = _current_unit.get()
    if current is not None and current is not session and current.in_transaction():
        raise NestedUnitOfWork(
            "A unit of work was opened while another was inside a transaction in the same "
            "request or job; commit the first before opening the next."
        )
    _current_unit.set(session)


def release_unit(session: Session) -> None:
    """``session`` is closed: it is no longer this context's unit of work."""
    if _current_unit.get() is session:
        _current_unit.set(None)


@lru_cache(maxsize=8)
def _reading(engine: Engine) -> Engine:
    return engine.execution_options(**{_READ_ONLY: True})


@contextmanager
def session_scope(*, read_only: bool = False) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error.

    It refuses to open while another unit of work has a transaction open in the same
    request or job (``NestedUnitOfWork``): units of work follow one another, they never
    nest. ``read_only`` units on SQLite read a snapshot instead of taking the write lock,
    so they never wait on a writer (PostgreSQL's reads never do).
    """
    bind = _reading(get_engine()) if read_only else get_engine()
    outer = _current_unit.get()
    with Session(bind, expire_on_commit=False) as session:
        claim_unit(session)
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            _current_unit.set(outer)


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
