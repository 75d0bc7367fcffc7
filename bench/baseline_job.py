"""The bare-RQ baseline's job: one PostgreSQL ``UPDATE`` and commit, nothing else.

Imported by ``rq worker`` from the repository root (``bench.baseline_job.bump``); one
connection per worker process, opened on the first job.
"""

from __future__ import annotations

import os
from functools import cache

import psycopg


@cache
def _connection() -> psycopg.Connection:
    url = os.environ["BIZQ_DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(url)


def bump() -> None:
    connection = _connection()
    connection.execute("UPDATE bench_baseline SET done = done + 1 WHERE id = 1")
    connection.commit()
