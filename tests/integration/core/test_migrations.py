"""Migrations: empty → head matches the models exactly, and head → base works."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

import bizq_app.tables  # noqa: F401
from bizq_app.cli import alembic_config
from bizq_app.core.db import build_engine
from tests.conftest import PG_URL, recreate_postgres_database


def _fresh_url(kind: str, tmp_path: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'migrations.db'}"
    # beside the configured test database, so runs on separate test databases never collide
    target = make_url(PG_URL)
    url = target.set(database=f"{target.database}_migrations").render_as_string(False)
    recreate_postgres_database(url)
    return url


@pytest.mark.parametrize("kind", ["postgresql", "sqlite"])
def test_upgrade_matches_models_and_downgrade_empties(kind: str, tmp_path: Path) -> None:
    url = _fresh_url(kind, tmp_path)
    config = alembic_config(url)
    engine = build_engine(url)

    command.upgrade(config, "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        tables = set(inspect(conn).get_table_names())
    command.downgrade(config, "base")
    with engine.connect() as conn:
        left = set(inspect(conn).get_table_names()) - {"alembic_version"}
    engine.dispose()

    assert diff == []
    assert {
        "users",
        "stores",
        "store_memberships",
        "products",
        "orders",
        "tasks",
        "task_definitions",
        "workers",
        "ledger_entries",
        "suppliers",
        "ui_templates",
        "audit_events",
    } <= tables
    assert left == set()


def test_postgres_uses_jsonb_and_timestamptz(tmp_path: Path) -> None:
    url = _fresh_url("postgresql", tmp_path)
    command.upgrade(alembic_config(url), "head")
    engine = build_engine(url)

    with engine.connect() as conn:
        columns = {c["name"]: c["type"] for c in inspect(conn).get_columns("tasks")}
        indexes = {i["name"]: i["column_names"] for i in inspect(conn).get_indexes("tasks")}
    engine.dispose()

    assert type(columns["input"]).__name__ == "JSONB"
    assert getattr(columns["created_at"], "timezone", False) is True
    assert indexes["ix_tasks_store_status"] == ["store_id", "status"]
