"""The database engine and sessions, built from the settings."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from bizq_app.core.settings import get_settings

log = logging.getLogger(__name__)


def build_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


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
