"""A worker's inbox shows the tasks of the stores it serves, however long another
store's queue is (PostgreSQL and SQLite)."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from bizq_app.accounts import stores
from bizq_app.core.columns import utcnow
from bizq_app.tasks import inbox, workers
from bizq_app.tasks.models import Task
from tests.factories import make_inspection, make_store, make_user, seed

BUSY_QUEUE = 250  # more than one page of the inbox, all older than the other store's task


def test_a_long_queue_elsewhere_hides_no_task_of_a_store_the_worker_serves(
    session: Session,
) -> None:
    seed(session)
    busy, small = make_store(session), make_store(session)
    first = make_inspection(session, busy)
    long_ago = utcnow() - timedelta(hours=1)
    fields = first.model_dump(exclude={"id", "queued_at", "created_at"})
    session.add_all(Task(**fields, queued_at=long_ago) for _ in range(BUSY_QUEUE - 1))
    waiting = make_inspection(session, small)
    person = make_user(session)
    worker = workers.register_person(
        session=session, user_id=person.id, name="Ines", skills=["operations"]
    )
    stores.admit_worker(
        session=session,
        user_id=small.store.created_by_id,
        store_id=small.store.id,
        worker_id=worker.id,
        admit=True,
    )
    session.flush()

    page = inbox.offers(session=session, user_id=person.id)

    assert first.status == waiting.status == "queued"
    assert [o.task_id for o in page.items] == [waiting.id]
    assert page.total == 1
