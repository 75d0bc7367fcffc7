"""A store's settings written at once by a finishing task, the owner choosing an AI
provider and the dashboard builder registering a variant: every write stays, none is lost
to another's stale copy (PostgreSQL and SQLite)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bizq_app.accounts.models import Store
from bizq_app.dashboards.component_variants import register_variant
from bizq_app.tasks import ai_settings, task_effects
from bizq_app.tasks.models import Task
from tests.factories import make_store

ROUNDS = 8


def test_settings_written_at_once_all_stay(committing_engine: Engine) -> None:
    engine = committing_engine
    with Session(engine, expire_on_commit=False) as session:
        view = make_store(session)
        session.commit()
    store_id, owner = view.store.id, view.store.created_by_id
    brand = task_effects.EFFECTS["brand.create_identity"]

    def writers(round_: int) -> list[Callable[[Session], object]]:
        return [
            lambda s: brand(s, Task(store_id=store_id), {"name": f"Brand {round_}"}),
            lambda s: ai_settings.choose_provider(
                session=s, user_id=owner, store_id=store_id, provider="rules"
            ),
            lambda s: register_variant(
                session=s,
                user_id=owner,
                store_id=store_id,
                name=f"sales_{round_}",
                base="metric_revenue",
                props={"period": "week"},
            ),
        ]

    lost = []
    for round_ in range(ROUNDS):
        with Session(engine) as session:  # each round starts from settings without them
            row = session.get(Store, store_id)
            assert row is not None
            row.settings = {}
            session.add(row)
            session.commit()
        together = threading.Barrier(3)
        with ThreadPoolExecutor(max_workers=3) as pool:
            for done in [pool.submit(write, engine, together, w) for w in writers(round_)]:
                done.result(timeout=60)
        with Session(engine) as session:
            row = session.get(Store, store_id)
            assert row is not None
            kept = set(row.settings)
        wanted = {"brand", "ai_provider", "component_variants"}
        lost += [(round_, key) for key in sorted(wanted - kept)]

    assert lost == []


def write(engine: Engine, together: threading.Barrier, act: Callable[[Session], object]) -> None:
    """``act`` in its own session, started with the others."""
    with Session(engine) as session:
        together.wait(timeout=10)
        act(session)
        session.commit()
