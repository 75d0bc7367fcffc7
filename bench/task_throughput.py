"""Sustained end-to-end task throughput: create → rq worker → validate output → settle.

Two (by default) ``rq worker`` processes run the offline sentiment executor on a
one-review input (a trivial executor); this process keeps the queue topped up
through the task service and counts completed, settled tasks over the window.
First, in the same run, the bare-RQ baseline (``rq_baseline.py``: each job one
``UPDATE`` and commit) on the same workers count, and the ratio of the two.
Prints JSON. Usage: ``python bench/task_throughput.py [--seconds 60] [--workers 2]``.
"""

from __future__ import annotations

import argparse
import json
import time
import uuid

import rq_baseline
from common import SENTIMENT, TINY_INPUT, machine, rq_workers, use_bench_services
from sqlalchemy import func
from sqlmodel import Session, select

BACKLOG = 400
BATCH = 50


def completed(session: Session, store_id: uuid.UUID) -> int:
    from bizq_app.tasks.models import Task

    query = (
        select(func.count())
        .select_from(Task)
        .where(Task.store_id == store_id, Task.status == "completed")
    )
    return int(session.exec(query).one())


def backlog(session: Session, store_id: uuid.UUID) -> int:
    from bizq_app.tasks.models import Task

    query = (
        select(func.count())
        .select_from(Task)
        .where(Task.store_id == store_id, Task.status == "queued")
    )
    return int(session.exec(query).one())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    use_bench_services()
    baseline = rq_baseline.measure(args.seconds, args.workers)
    from bizq_app.accounts import accounts
    from bizq_app.billing import credit_purchases, wallets
    from bizq_app.billing.models import LedgerEntry
    from bizq_app.core.db import get_engine, session_scope
    from bizq_app.integrations.payments.test_payments import TestPayments
    from bizq_app.tasks import tasks
    from bizq_app.tasks.tasks import TaskRequest

    with session_scope() as session:
        user = accounts.sign_up(
            session=session, email="throughput@example.com", password="bench-password-1"
        )
        store = wallets.open_store(session=session, user_id=user.id, name="Throughput")
        user_id, store_id = user.id, store.store.id
    for _ in range(10):  # a million credits, bought with a test card (offline payments)
        credit_purchases.buy(
            open_session=session_scope,
            user_id=user_id,
            store_id=store_id,
            credits=100000,
            payment_method="4242 4242 4242 4242",
            provider=TestPayments(),
        )

    def top_up_queue() -> None:
        with session_scope() as session:
            if backlog(session, store_id) < BACKLOG:
                tasks.create_batch(
                    session=session,
                    user_id=user_id,
                    store_id=store_id,
                    requests=[TaskRequest(SENTIMENT, TINY_INPUT)] * BATCH,
                )

    for _ in range(BACKLOG // BATCH):
        top_up_queue()
    with rq_workers(args.workers), Session(get_engine()) as session:
        time.sleep(5)  # warm-up: workers import, connect and reach a steady pace
        start_count, started = completed(session, store_id), time.perf_counter()
        while time.perf_counter() - started < args.seconds:
            top_up_queue()
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        done = completed(session, store_id) - start_count
        unbalanced = session.exec(
            select(LedgerEntry.transaction_id)
            .group_by(LedgerEntry.transaction_id)
            .having(func.sum(LedgerEntry.amount) != 0)
        ).all()
    print(
        json.dumps(
            {
                "benchmark": "end-to-end tasks/s: create → rq worker → validate → settle",
                "machine": machine(),
                "workers": args.workers,
                "seconds": round(elapsed, 1),
                "completed": done,
                "tasks_per_second": round(done / elapsed, 1),
                "per_day_millions": round(done / elapsed * 86400 / 1e6, 2),
                "unbalanced_transactions": len(unbalanced),
                "bare_rq_jobs_per_second": baseline["jobs_per_second"],
                "ratio_to_bare_rq": round(done / elapsed / baseline["jobs_per_second"], 2),
                "target_ratio": 0.5,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
