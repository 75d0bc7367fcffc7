"""Test set-up: real PostgreSQL and Redis on 127.0.0.1 (and SQLite for the data layer).

The suite configures BizQ through its own environment variables before any
BizQ module reads them: PostgreSQL database ``bizq_test`` and Redis database 15
unless ``BIZQ_TEST_DATABASE_URL`` / ``BIZQ_TEST_REDIS_URL`` say otherwise.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bizq_app.core import rate_limits  # reads no setting when imported

PG_URL = os.environ.get(
    "BIZQ_TEST_DATABASE_URL", "postgresql+psycopg://postgres:postgres@127.0.0.1:5432/bizq_test"
)
REDIS_URL = os.environ.get("BIZQ_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
DATA_DIR = Path(tempfile.mkdtemp(prefix="bizq-test-"))

# The suite signs up, logs in and checks out far more from one address than a person
# does; tests of the limits themselves set their own (``tests/integration/core``).
GENEROUS_LIMITS = json.dumps({rule: "100000/minute" for rule in rate_limits.DEFAULTS})
os.environ.update(
    BIZQ_DATABASE_URL=PG_URL,
    BIZQ_REDIS_URL=REDIS_URL,
    BIZQ_SECRET_KEY="test-secret-key-that-is-long-enough-for-hs256",
    BIZQ_DATA_DIR=str(DATA_DIR),
    BIZQ_RATE_LIMITS=GENEROUS_LIMITS,
)

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402
from sqlmodel import Session  # noqa: E402

import bizq_app.wiring  # noqa: E402, F401  (what higher domains plug into lower ones)
from bizq_app.cli import alembic_config  # noqa: E402
from bizq_app.core.db import build_engine, get_engine  # noqa: E402
from bizq_app.core.queue import get_redis  # noqa: E402


def recreate_postgres_database(url: str) -> None:
    """Drop and create the test database so every run starts empty."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def migrate(url: str) -> None:
    from alembic import command

    command.upgrade(alembic_config(url), "head")


@pytest.fixture(scope="session")
def pg_engine() -> Iterator[Engine]:
    """The configured PostgreSQL database, migrated to head once per run."""
    recreate_postgres_database(PG_URL)
    migrate(PG_URL)
    yield get_engine()
    get_engine().dispose()


@pytest.fixture(scope="session")
def sqlite_engine() -> Iterator[Engine]:
    """A SQLite file database, migrated to head once per run."""
    url = f"sqlite:///{DATA_DIR / 'data-layer.db'}"
    migrate(url)
    engine = build_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture(params=["postgresql", "sqlite"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """The data layer's tests run once on each database BizQ supports."""
    return request.getfixturevalue(f"{'pg' if request.param == 'postgresql' else 'sqlite'}_engine")


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose work is rolled back after the test, savepoints included."""
    with engine.connect() as conn:
        outer = conn.begin()
        with Session(
            bind=conn, join_transaction_mode="create_savepoint", expire_on_commit=False
        ) as s:
            yield s
        outer.rollback()


@pytest.fixture
def clean_db(pg_engine: Engine) -> Iterator[Engine]:
    """The PostgreSQL database, emptied after the test (for tests that commit)."""
    yield pg_engine
    from sqlmodel import SQLModel

    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with pg_engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} CASCADE"))


@pytest.fixture
def redis_db() -> Iterator[object]:
    """The test Redis database, flushed before and after the test."""
    redis = get_redis()
    redis.flushdb()
    yield redis
    redis.flushdb()
