"""Bare RQ on this machine: what two ``rq worker`` SimpleWorkers finish per second when
each job is one PostgreSQL ``UPDATE`` and commit. The floor BizQ's task engine is
measured against (``bench/task_throughput.py`` prints both and their ratio).

Usage: ``python bench/rq_baseline.py [--seconds 30] [--workers 2]`` prints JSON.
"""

from __future__ import annotations

import argparse
import json
import time

from common import PG_URL, REDIS_URL, machine, rq_workers, use_bench_services
from redis import Redis
from rq import Queue
from sqlalchemy import create_engine, text

QUEUE = "bench-baseline"
BACKLOG = 2000
BATCH = 500


def measure(seconds: float, workers: int) -> dict[str, float]:
    """Jobs per second over ``seconds`` after a warm-up, the queue kept topped up."""
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS bench_baseline"))
        conn.execute(text("CREATE TABLE bench_baseline (id int PRIMARY KEY, done bigint)"))
        conn.execute(text("INSERT INTO bench_baseline VALUES (1, 0)"))
    queue = Queue(QUEUE, connection=Redis.from_url(REDIS_URL))
    queue.empty()

    def top_up() -> None:
        if queue.count < BACKLOG:
            jobs = [Queue.prepare_data("bench.baseline_job.bump", result_ttl=0)] * BATCH
            queue.enqueue_many(jobs)

    def done() -> int:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT done FROM bench_baseline")).scalar_one())

    top_up()
    with rq_workers(workers, queue=QUEUE):
        time.sleep(5)  # warm-up, as for the task benchmark
        start, started = done(), time.perf_counter()
        while time.perf_counter() - started < seconds:
            top_up()
            time.sleep(0.05)
        elapsed, finished = time.perf_counter() - started, done() - start
    queue.empty()
    engine.dispose()
    return {
        "workers": workers,
        "seconds": round(elapsed, 1),
        "jobs": finished,
        "jobs_per_second": round(finished / elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    use_bench_services()
    result = measure(args.seconds, args.workers)
    print(
        json.dumps(
            {"benchmark": "bare RQ: one UPDATE + commit per job", "machine": machine(), **result},
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
