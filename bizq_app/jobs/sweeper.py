"""Run the sweeper every few seconds (the payment check every minute, each sales channel's
orders every five minutes, the suggestion scan every hour); a Redis lock lets one process
sweep at a time."""

from __future__ import annotations

import asyncio
import logging
import secrets

from bizq_app.automations import automations
from bizq_app.channels import connections, stock_sync
from bizq_app.core.db import session_scope
from bizq_app.core.queue import get_queue, get_redis
from bizq_app.integrations.payments.registry import payment_provider
from bizq_app.sales import payment_check
from bizq_app.sourcing import suggestions
from bizq_app.tasks import sweeper

log = logging.getLogger(__name__)
LOCK_KEY = "bizq:sweeper:lock"
IMPORT_JOB = "bizq_app.jobs.channels.import_orders"
SCAN_KEY = "bizq:suggestions:scanned"
INTERVAL_SECONDS = 2.0
SCAN_EVERY_SECONDS = 3600
PAYMENTS_KEY = "bizq:payments:checked"
PAYMENTS_EVERY_SECONDS = 60
CHANNELS_KEY = "bizq:channels:polled"
CHANNELS_EVERY_MINUTES = 5  # how often each channel is asked for new orders (webhooks: at once)
SCHEDULE_KEY = "bizq:automations:"
SCHEDULES = {"hourly": 3600, "daily": 86400, "weekly": 7 * 86400}


def sweep_once() -> dict[str, int] | None:
    """One sweep if no other process holds the lock; None when skipped."""
    token = secrets.token_hex(8)
    if not get_redis().set(LOCK_KEY, token, nx=True, ex=30):
        return None
    try:
        with session_scope() as session:
            counts = sweeper.sweep(session)
        if get_redis().set(PAYMENTS_KEY, "1", nx=True, ex=PAYMENTS_EVERY_SECONDS):
            checked = payment_check.reconcile(
                open_session=session_scope, provider=payment_provider()
            )
            counts.update({f"payments_{what}": n for what, n in checked.items()})
        counts["channel_push_retries"] = stock_sync.retry_due()
        if get_redis().set(CHANNELS_KEY, "1", nx=True, ex=60):
            with session_scope() as session:
                due = connections.due_for_poll(session, CHANNELS_EVERY_MINUTES)
            for connection_id in due:
                get_queue().enqueue(IMPORT_JOB, str(connection_id), result_ttl=0)
            counts["channel_polls"] = len(due)
        if get_redis().set(SCAN_KEY, "1", nx=True, ex=SCAN_EVERY_SECONDS):  # hourly
            with session_scope() as session:
                counts["suggestions"] = suggestions.scan_all(session)
        for period, seconds in SCHEDULES.items():  # each template rule's schedule, once a period
            if get_redis().set(f"{SCHEDULE_KEY}{period}", "1", nx=True, ex=seconds):
                with session_scope() as session:
                    counts[f"rules_{period}"] = automations.run_schedules(
                        session=session, period=period
                    )
        return counts
    finally:
        if get_redis().get(LOCK_KEY) == token.encode():
            get_redis().delete(LOCK_KEY)


async def sweep_forever(interval: float = INTERVAL_SECONDS) -> None:
    """The web process's lifespan task: sweep, sleep, repeat; errors are logged, not fatal."""
    while True:
        try:
            counts = await asyncio.to_thread(sweep_once)
            if counts and any(counts.values()):
                log.info("sweeper: %s", counts)
        except Exception:  # keep sweeping: one bad pass must not stop recovery for good
            log.exception("sweeper pass failed")
        await asyncio.sleep(interval)
