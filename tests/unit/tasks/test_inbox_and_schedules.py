"""The human inbox, recurring tasks and the daily budget (PostgreSQL and SQLite)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from bizq_app.accounts import stores
from bizq_app.accounts.models import Role, Store
from bizq_app.accounts.stores import StoreView
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from bizq_app.tasks import budget, inbox, recurring, sweeper, tasks, workers
from bizq_app.tasks.models import Task
from tests.factories import (
    INSPECT,
    REVIEWS_INPUT,
    make_inspection,
    make_member,
    make_store,
    make_user,
    seed,
)

REPORT = {
    "passed": True,
    "overall_rating": 4,
    "checks": [],
    "defects": [],
    "photos_taken": 2,
    "recommendation": "approve_supplier",
    "summary": "Fine",
}


@pytest.fixture
def human_task(session: Session) -> Task:
    seed(session)
    return make_inspection(session, make_store(session))


def person(session: Session, skills: list[str], admitted_to: Task):  # type: ignore[no-untyped-def]
    """A marketplace worker the task's store admitted (its owner let them in)."""
    user = make_user(session)
    worker = workers.register_person(
        session=session, user_id=user.id, name=f"P {user.email}", skills=skills
    )
    stores.admit_worker(
        session=session,
        user_id=admitted_to.created_by_id,
        store_id=admitted_to.store_id,
        worker_id=worker.id,
        admit=True,
    )
    return user


def test_a_person_claims_sees_only_the_input_and_submits(
    session: Session, human_task: Task
) -> None:
    ines = person(session, ["operations"], human_task)
    offers = inbox.offers(session=session, user_id=ines.id).items
    assert [o.task_id for o in offers] == [human_task.id]
    assert not hasattr(offers[0], "input")

    inbox.claim(session=session, user_id=ines.id, task_id=human_task.id)
    task, _ = inbox.claimed(session=session, user_id=ines.id, task_id=human_task.id)
    done = inbox.submit(session=session, user_id=ines.id, task_id=human_task.id, output=REPORT)

    assert task.input == INSPECT
    assert done.status == "completed"


def test_invalid_output_is_refused_field_by_field_and_changes_nothing(
    session: Session, human_task: Task
) -> None:
    ines = person(session, ["operations"], human_task)
    inbox.claim(session=session, user_id=ines.id, task_id=human_task.id)

    with pytest.raises(ValidationFailed) as err:
        inbox.submit(
            session=session,
            user_id=ines.id,
            task_id=human_task.id,
            output={**REPORT, "overall_rating": 9, "recommendation": "maybe"},
        )

    assert {e.path for e in err.value.errors} == {
        "$.output.overall_rating",
        "$.output.recommendation",
    }
    assert human_task.status == "running"


def test_people_without_the_skill_or_after_someone_else_cannot_claim(
    session: Session, human_task: Task
) -> None:
    first = person(session, ["operations"], human_task)
    marketer = person(session, ["marketing"], human_task)
    inbox.claim(session=session, user_id=first.id, task_id=human_task.id)

    with pytest.raises(PermissionDenied):
        inbox.claim(session=session, user_id=marketer.id, task_id=human_task.id)
    with pytest.raises(InvalidTransition, match="Someone else"):
        late = person(session, ["operations"], human_task)
        inbox.claim(session=session, user_id=late.id, task_id=human_task.id)
    with pytest.raises(NotFound):
        inbox.claimed(session=session, user_id=marketer.id, task_id=human_task.id)


def test_an_expired_claim_returns_the_task_to_the_inbox(session: Session, human_task: Task) -> None:
    ines = person(session, ["operations"], human_task)
    inbox.claim(session=session, user_id=ines.id, task_id=human_task.id)
    human_task.claim_expires_at = utcnow() - timedelta(seconds=1)
    session.add(human_task)

    assert sweeper.sweep(session)["claims_expired"] == 1
    assert human_task.status == "queued" and human_task.worker_id is None
    with pytest.raises(NotFound, match="do not hold"):
        inbox.submit(session=session, user_id=ines.id, task_id=human_task.id, output=REPORT)


def test_recurring_tasks_start_when_due_until_stopped(session: Session) -> None:
    seed(session)
    store = make_store(session)
    owner = store.store.created_by_id
    rule = recurring.schedule(
        session=session,
        user_id=owner,
        store_id=store.store.id,
        type="customer.analyze_review_sentiment",
        input=REVIEWS_INPUT,
        every=6,
        unit="hours",
    )
    assert tasks.list_tasks(session=session, user_id=owner, store_id=store.store.id).total == 1

    rule.next_run_at = utcnow() - timedelta(minutes=1)
    assert sweeper.sweep(session)["recurring_started"] == 1
    recurring.stop(session=session, user_id=owner, recurring_id=rule.id)
    rule.next_run_at = utcnow() - timedelta(minutes=1)
    assert sweeper.sweep(session)["recurring_started"] == 0
    assert tasks.list_tasks(session=session, user_id=owner, store_id=store.store.id).total == 2
    with pytest.raises(ValidationFailed):
        recurring.schedule(
            session=session,
            user_id=owner,
            store_id=store.store.id,
            type="customer.analyze_review_sentiment",
            input=REVIEWS_INPUT,
            every=10,
            unit="minutes",
        )


def test_a_recurring_task_keeps_starting_after_the_person_who_scheduled_it_left(
    session: Session,
) -> None:
    seed(session)
    store = make_store(session)
    founder = store.store.created_by_id
    rule = recurring.schedule(
        session=session,
        user_id=founder,
        store_id=store.store.id,
        type="customer.analyze_review_sentiment",
        input=REVIEWS_INPUT,
        every=6,
        unit="hours",
    )
    partner = make_member(session, store, Role.OWNER)
    stores.remove_member(
        session=session, user_id=partner.id, store_id=store.store.id, member_id=founder
    )

    rule.next_run_at = utcnow() - timedelta(minutes=1)
    started = sweeper.sweep(session)["recurring_started"]

    assert started == 1
    made = session.exec(select(Task).where(Task.store_id == store.store.id)).all()
    assert sorted(str(t.created_by_id) for t in made) == sorted([str(founder), "None"])


def test_raising_the_budget_starts_the_tasks_it_held_back(session: Session) -> None:
    seed(session)
    store = make_store(session)
    owner = store.store.created_by_id
    budget.set_daily_budget(session=session, user_id=owner, store_id=store.store.id, amount="1")
    tasks.create_task(
        session=session,
        user_id=owner,
        store_id=store.store.id,
        type="customer.analyze_review_sentiment",
        input=REVIEWS_INPUT,
    )
    held = tasks.create_task(
        session=session,
        user_id=owner,
        store_id=store.store.id,
        type="customer.analyze_review_sentiment",
        input=REVIEWS_INPUT,
    )
    assert held.status == "pending"

    summary = budget.set_daily_budget(
        session=session, user_id=owner, store_id=store.store.id, amount="5"
    )

    assert held.status == "queued"
    assert summary.spent_today == Decimal("2.00")
    assert summary.daily_task_budget == Decimal("5")


def test_a_worker_the_store_did_not_admit_neither_sees_nor_claims_its_tasks(
    session: Session, human_task: Task
) -> None:
    stranger = make_user(session)
    workers.register_person(
        session=session, user_id=stranger.id, name="Stranger", skills=["operations"]
    )
    shop = session.get(Store, human_task.store_id)
    assert shop is not None
    member = make_member(session, StoreView(store=shop, role=Role.OWNER), Role.VIEWER)
    workers.register_person(
        session=session, user_id=member.id, name="Member", skills=["operations"]
    )

    offered = inbox.offers(session=session, user_id=stranger.id).items
    with pytest.raises(PermissionDenied, match="not admitted"):
        inbox.claim(session=session, user_id=stranger.id, task_id=human_task.id)
    own_people = inbox.offers(session=session, user_id=member.id).items

    assert offered == []
    assert [o.task_id for o in own_people] == [human_task.id]  # members need no admission
