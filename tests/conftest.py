"""Test set-up: real PostgreSQL and Redis on 127.0.0.1 (and SQLite for the data layer).

The suite configures BizQ through its own environment variables before any
BizQ module reads them: PostgreSQL database ``bizq_test`` and Redis database 15
unless ``BIZQ_TEST_DATABASE_URL`` / ``BIZQ_TEST_REDIS_URL`` say otherwise; under
pytest-xdist each worker adds its number to the database's name and takes its own
Redis database.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bizq_app.core import rate_limits  # reads no setting when imported

# pytest-xdist's workers (gw0, gw1, …) each get their own database and Redis database.
XDIST_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw-1")[2:])
PG_URL = os.environ.get(
    "BIZQ_TEST_DATABASE_URL", "postgresql+psycopg://postgres:postgres@127.0.0.1:5432/bizq_test"
)
REDIS_URL = os.environ.get("BIZQ_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
if XDIST_WORKER >= 0:
    _pg = make_url(PG_URL)
    PG_URL = _pg.set(database=f"{_pg.database}_{XDIST_WORKER}").render_as_string(False)
if XDIST_WORKER > 0:  # gw0 keeps 15; gw1, gw2, … take 13, 12, … (14 is the benchmarks')
    _base, _number = REDIS_URL.rsplit("/", 1)
    REDIS_URL = f"{_base}/{int(_number) - 1 - XDIST_WORKER}"
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
from sqlalchemy.engine import Engine  # noqa: E402
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
    empty(pg_engine)


@pytest.fixture
def committing_engine(engine: Engine) -> Iterator[Engine]:
    """``engine`` for a test whose threads commit: every table emptied after it, so the
    tests that count rows in a rolled-back ``session`` see none of its rows."""
    yield engine
    empty(engine)


def empty(engine: Engine) -> None:
    from sqlmodel import SQLModel

    tables = SQLModel.metadata.sorted_tables
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} CASCADE"))
        else:
            for table in reversed(tables):
                conn.execute(table.delete())


@pytest.fixture
def redis_db() -> Iterator[object]:
    """The test Redis database, flushed before and after the test."""
    redis = get_redis()
    redis.flushdb()
    yield redis
    redis.flushdb()
