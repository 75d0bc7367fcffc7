"""The task engine on PostgreSQL and SQLite: create, run, validate, settle, cancel, review."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from bizq_app.accounts.models import AuditEvent, Role
from bizq_app.billing import ledger
from bizq_app.billing.models import AccountKind, LedgerEntry
from bizq_app.core.errors import (
    InsufficientCredits,
    InvalidTransition,
    PermissionDenied,
    ValidationFailed,
)
from bizq_app.tasks import task_runs, tasks
from bizq_app.tasks.models import Task, Worker
from bizq_app.tasks.tasks import TaskRequest
from tests.factories import REVIEWS_INPUT, make_member, make_store, seed

SENTIMENT = "customer.analyze_review_sentiment"


@pytest.fixture
def store(session: Session):  # type: ignore[no-untyped-def]
    seed(session)
    return make_store(session)


def create(session: Session, store, type: str = SENTIMENT, data: object = None) -> Task:  # type: ignore[no-untyped-def]
    return tasks.create_task(
        session=session,
        user_id=store.store.created_by_id,
        store_id=store.store.id,
        type=type,
        input=REVIEWS_INPUT if data is None else data,
    )


def wallet(session: Session, store) -> Decimal:  # type: ignore[no-untyped-def]
    return ledger.balance(session, ledger.store_wallet(store.store.id))


def run_to_output(session: Session, task: Task, output: dict) -> Task | None:
    run = task_runs.start_run(session=session, task_id=task.id)
    assert run is not None
    return task_runs.complete_run(
        session=session, task_id=task.id, attempt=run.attempt, output=output
    )


GOOD_OUTPUT = {
    "label": "neutral",
    "score": 0.0,
    "key_phrases": [],
    "reviews": [],
    "top_praises": [],
    "top_complaints": [],
}


def test_a_valid_task_is_quoted_queued_for_the_best_ai_worker(session: Session, store) -> None:  # type: ignore[no-untyped-def]
    task = create(session, store)

    rules = session.exec(select(Worker).where(Worker.provider == "rules")).one()
    assert task.status == "queued"
    assert task.cost == Decimal("1.00")
    assert task.worker_id == rules.id
    assert task.rq_job_id and task.rq_job_id.startswith(f"task_{task.id}_1_")
    assert tasks.available_credits(session, store.store.id) == Decimal("99.00")
    history = session.exec(
        select(AuditEvent.action)
        .where(AuditEvent.subject_id == task.id)
        .order_by(col(AuditEvent.created_at))
    ).all()
    assert history == ["task.created", "task.queued"]


def test_bad_input_lists_every_failing_path_and_creates_nothing(session: Session, store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as err:
        create(session, store, data={"reviews": [{"text": 5, "rating": 9}], "extra": 1})

    paths = {e.path for e in err.value.errors}
    assert {"$.input", "$.input.reviews[0].text", "$.input.reviews[0].rating"} <= paths
    assert session.exec(select(func.count()).select_from(Task)).one() == 0


def test_an_unknown_type_is_a_field_error(session: Session, store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as err:
        create(session, store, type="product.make_coffee", data={})

    assert err.value.errors[0].path == "$.type"


def test_a_store_that_cannot_pay_gets_a_clear_error_and_nothing_queued(
    session: Session,
    store,  # type: ignore[no-untyped-def]
) -> None:
    for _ in range(2):
        create(session, store, type="finance.prepare_tax_summary", data={"tax_year": 2026})

    with pytest.raises(InsufficientCredits, match="costs 45.00 credits but the store has 10"):
        create(session, store, type="finance.prepare_tax_summary", data={"tax_year": 2026})
    assert session.exec(select(func.count()).select_from(Task)).one() == 2


def test_viewers_cannot_create_tasks(session: Session, store) -> None:  # type: ignore[no-untyped-def]
    viewer = make_member(session, store, Role.VIEWER)

    with pytest.raises(PermissionDenied):
        tasks.create_task(
            session=session,
            user_id=viewer.id,
            store_id=store.store.id,
            type=SENTIMENT,
            input=REVIEWS_INPUT,
        )


def test_completion_settles_once_and_every_transaction_balances(session: Session, store) -> None:  # type: ignore[no-untyped-def]
    task = create(session, store)
    run = task_runs.start_run(session=session, task_id=task.id)
    assert run is not None

    done = task_runs.complete_run(
        session=session, task_id=task.id, attempt=run.attempt, output=GOOD_OUTPUT
    )
    again = task_runs.complete_run(
        session=session, task_id=task.id, attempt=run.attempt, output=GOOD_OUTPUT
    )
    duplicate_start = task_runs.start_run(session=session, task_id=task.id)

    assert done is not None and done.status == "completed"
    assert again is None and duplicate_start is None
    assert wallet(session, store) == Decimal("99.00")
    payments = session.exec(select(LedgerEntry).where(LedgerEntry.task_id == task.id)).all()
    assert sum(p.amount for p in payments) == 0
    assert {p.account_kind: p.amount for p in payments} == {
        AccountKind.STORE_WALLET.value: Decimal("-1.00"),
        AccountKind.WORKER_EARNINGS.value: Decimal("0.80"),
        AccountKind.PLATFORM_FEES.value: Decimal("0.20"),
    }


def test_output_that_breaks_the_schema_never_completes(session: Session, store) -> None:  # type: ignore[no-untyped-def]
    task = create(session, store)

    result = run_to_output(session, task, {"label": "ecstatic", "score": 3})

    session.refresh(task)
    assert result is None
    assert task.status == "failed"
    assert "did not match the task's output schema" in (task.status_reason or "")
    assert "$.output.label" in (task.status_reason or "")
    assert wallet(session, store) == Decimal("100.00")


def test_a_cancelled_task_is_never_charged_and_its_run_is_ignored(session: Session, store) -> None:  # type: ignore[no-untyped-def]
    task = create(session, store)
    run = task_runs.start_run(session=session, task_id=task.id)
    assert run is not None

    tasks.cancel_task(session=session, user_id=store.store.created_by_id, task_id=task.id)
    late = task_runs.complete_run(
        session=session, task_id=task.id, attempt=run.attempt, output=GOOD_OUTPUT
    )

    assert late is None
    assert task.status == "cancelled"
    assert wallet(session, store) == Decimal("100.00")
    assert tasks.available_credits(session, store.store.id) == Decimal("100.00")
    with pytest.raises(InvalidTransition):
        tasks.cancel_task(session=session, user_id=store.store.created_by_id, task_id=task.id)


def test_transient_failures_retry_with_backoff_then_fail(session: Session, store) -> None:  # type: ignore[no-untyped-def]
    task = create(session, store)
    for attempt in range(1, task.max_attempts + 1):
        task.run_after = None
        session.add(task)
        run = task_runs.start_run(session=session, task_id=task.id)
        assert run is not None and run.attempt == attempt
        task_runs.fail_run(
            session=session,
            task_id=task.id,
            attempt=attempt,
            reason="provider busy",
            transient=True,
        )
        session.refresh(task)

    assert task.status == "failed"
    assert task.status_reason == "provider busy"
    assert wallet(session, store) == Decimal("100.00")


def test_approval_charges_and_rejection_does_not(session: Session, store) -> None:  # type: ignore[no-untyped-def]
    owner = store.store.created_by_id
    product_input = {"product_id": "0b4fa2f2-7a0e-4b44-9a32-7fd3b5f1e0c1"}
    from bizq_app.tasks.catalog import builtin_definitions

    schema = next(d for d in builtin_definitions() if d["name"] == "product.optimize_seo")
    output = {
        key: ([] if spec.get("type") == "array" else 1 if spec.get("type") == "number" else "x")
        for key, spec in schema["output_schema"]["properties"].items()
    }
    first = create(session, store, type="product.optimize_seo", data=product_input)
    second = create(session, store, type="product.optimize_seo", data=product_input)
    run_to_output(session, first, output)
    run_to_output(session, second, output)
    assert first.status == second.status == "awaiting_review"

    task_runs.approve(session=session, user_id=owner, task_id=first.id)
    task_runs.reject(
        session=session, user_id=owner, task_id=second.id, reason="Too generic", retry=False
    )

    assert (first.status, second.status) == ("completed", "failed")
    assert second.status_reason == "Rejected: Too generic"
    assert wallet(session, store) == Decimal("97.00")
    with pytest.raises(ValidationFailed):
        task_runs.reject(session=session, user_id=owner, task_id=first.id, reason="")


def test_a_chain_runs_step_by_step_and_stops_when_a_step_fails(session: Session, store) -> None:  # type: ignore[no-untyped-def]
    steps = [TaskRequest(SENTIMENT, REVIEWS_INPUT)] * 3
    first, second, third = tasks.create_batch(
        session=session,
        user_id=store.store.created_by_id,
        store_id=store.store.id,
        requests=steps,
        chained=True,
    )
    assert [t.status for t in (first, second, third)] == ["queued", "pending", "pending"]

    run_to_output(session, first, GOOD_OUTPUT)
    session.refresh(second)
    assert second.status == "queued"
    run = task_runs.start_run(session=session, task_id=second.id)
    assert run is not None and run.previous_output == GOOD_OUTPUT
    task_runs.fail_run(
        session=session, task_id=second.id, attempt=run.attempt, reason="bad data", transient=False
    )

    session.refresh(third)
    assert third.status == "cancelled"
    assert third.status_reason == "Step 1 failed: bad data"


def test_a_batch_is_all_or_nothing(session: Session, store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as err:
        tasks.create_batch(
            session=session,
            user_id=store.store.created_by_id,
            store_id=store.store.id,
            requests=[
                TaskRequest(SENTIMENT, REVIEWS_INPUT),
                TaskRequest(SENTIMENT, {"reviews": []}),
            ],
        )

    assert err.value.errors[0].path == "$.tasks[1].input.reviews"
    assert session.exec(select(func.count()).select_from(Task)).one() == 0


def test_a_task_over_the_daily_budget_waits_visibly(session: Session, store) -> None:  # type: ignore[no-untyped-def]
    store.store.daily_task_budget = Decimal("1.50")
    session.add(store.store)

    first = create(session, store)
    second = create(session, store)

    assert first.status == "queued"
    assert second.status == "pending"
    assert "Waits for tomorrow's budget: 1.00 of 1.50" in (second.status_reason or "")
    assert second.run_after is not None


def test_tasks_needing_a_person_wait_in_the_inbox(session: Session, store) -> None:  # type: ignore[no-untyped-def]
    task = create(
        session,
        store,
        type="operations.inspect_sample",
        data={"supplier_name": "Acme", "product_description": "Soy wax candle"},
    )

    assert task.status == "queued"
    assert task.worker_id is None
    assert task.rq_job_id is None
    assert "inbox" in (task.status_reason or "")
