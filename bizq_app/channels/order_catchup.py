"""Channel orders that come later than they were placed.

- **History.** A connection imports the orders placed from the moment it was made
  (``order_import.first_cursor``). The seller may ask for the orders of the days before
  (1 to 365): they are imported as history — recorded with their channel and number for
  reports and the customers' totals, taking no stock and sending no e-mail — by a job,
  outside any transaction, each order in its own. Asking twice imports nothing twice.
- **Resuming.** Webhooks that reached the connection while it was paused were kept
  (``kept_deliveries``); resuming imports each once (reading from the channel those the
  webhook only named), after the resumption is committed.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlmodel import Session

from bizq_app.accounts.permissions import Permission
from bizq_app.channels import connections, kept_deliveries, order_import
from bizq_app.channels.models import ChannelConnection
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import IntegrationError, NotFound, ValidationFailed
from bizq_app.core.queue import enqueue_on_commit
from bizq_app.integrations.channels import ChannelClient, ChannelOrder, OrderReader

MAX_DAYS = 365
HISTORY_PAGES = 200  # a history import reads at most this many pages of the channel's orders
HISTORY_JOB = "bizq_app.jobs.channels.import_history"


@dataclass(frozen=True)
class HistoryRequest:
    """The history import asked for: the orders changed on the channel in ``[since, until)``."""

    since: datetime
    until: datetime
    days: int


@dataclass(frozen=True)
class Resumed:
    connection: ChannelConnection
    imported: int  # orders kept while paused, imported now


def request_history(
    *, session: Session, user_id: uuid.UUID, connection_id: uuid.UUID, days: object = 30
) -> HistoryRequest:
    """Queue the import, as history, of the orders of the ``days`` before the connection
    was made (once committed), for a member who may run the store.

    Raises:
        ValidationFailed: ``days`` is not a whole number from 1 to 365 (``$.days``).
        NotFound, PermissionDenied.
    """
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DAYS:
        raise ValidationFailed.field("$.days", f"must be a whole number of days, 1 to {MAX_DAYS}")
    row = connections.read_row(session, user_id, connection_id, Permission.OPERATE)
    until = order_import.moment(order_import.first_cursor(row))
    connections.log(
        session,
        row,
        "order",
        sent={"history_days": days},
        outcome=f"Importing the orders of the {days} days before you connected, as history.",
    )
    enqueue_on_commit(session, HISTORY_JOB, str(connection_id), days)
    return HistoryRequest(since=until - timedelta(days=days), until=until, days=days)


def import_history(
    *, open_session: OpenSession, connection_id: uuid.UUID, days: int
) -> Counter[str]:
    """Import, as history, the orders placed before the connection was made that the
    channel changed since ``days`` before it; returns how many were imported, already known
    or skipped (a SKU BizQ does not know, another currency: logged, nothing held)."""
    with open_session() as session:
        row = session.get(ChannelConnection, connection_id)
        if row is None:
            raise NotFound("That channel connection does not exist.")
        credentials, start = connections.credentials_of(row), order_import.first_cursor(row)
    until = order_import.moment(start)
    since = (until - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")
    counts: Counter[str] = Counter()
    client = credentials.client()
    try:
        _read_history(open_session, client, connection_id, since, until, counts)
    finally:
        client.close()
        with open_session() as session:
            _logged(session, connection_id, days, counts)
    return counts


def _read_history(
    open_session: OpenSession,
    client: ChannelClient,
    connection_id: uuid.UUID,
    since: str,
    until: datetime,
    counts: Counter[str],
) -> None:
    page: str | None = None
    for _ in range(HISTORY_PAGES):
        found = client.orders_since(since, page)
        for order in found.orders:
            when = order_import.placed(order)
            if when is None or when >= until:
                continue  # placed since the connection was made: a sale, the polls' to import
            with open_session() as session:
                what = order_import.import_order(
                    session, connection_id, order, via="history", history=True
                )
            counts[what] += 1
        page = found.next_page
        if page is None:
            return


def _logged(session: Session, connection_id: uuid.UUID, days: int, counts: Counter[str]) -> None:
    row = session.get(ChannelConnection, connection_id)
    if row is not None:
        said = ", ".join(f"{counts[k]} {k}" for k in ("imported", "known", "skipped"))
        outcome = f"History of the {days} days before you connected: {said}."
        connections.log(session, row, "order", sent={"history_days": days}, outcome=outcome)


def resume(*, open_session: OpenSession, user_id: uuid.UUID, connection_id: uuid.UUID) -> Resumed:
    """Resume the connection, then import the orders whose webhooks came while it was
    paused (each once; those the channel cannot be asked for now come with the next poll).
    A pause meanwhile stops the import (the rest stay kept for the next resume); a second
    resume meanwhile shares the kept orders with this one, each imported by one of them.

    Raises:
        Conflict: it is not paused. NotFound, PermissionDenied.
    """
    with open_session() as session:
        row = connections.resume(session=session, user_id=user_id, connection_id=connection_id)
        credentials = connections.credentials_of(row)
        kept = [(k.id, k.external_id, k.order) for k in kept_deliveries.waiting(session, row.id)]
    client = credentials.client() if any(not saved for _, _, saved in kept) else None
    try:
        imported, unread = _drain(open_session, client, row.id, kept)
    finally:
        if client is not None:
            client.close()
    if unread is not None:
        with open_session() as session:
            outcome = f"Some kept orders could not be read ({unread}); the next poll brings them."
            connections.log(session, row, "order", ok=False, outcome=outcome)
    return Resumed(connection=row, imported=imported)


def _drain(
    open_session: OpenSession,
    client: ChannelClient | None,
    connection_id: uuid.UUID,
    kept: list[tuple[uuid.UUID, str, dict[str, object]]],
) -> tuple[int, str | None]:
    """Import the kept orders, each in the transaction that claims its delivery, until the
    connection is paused again; how many were imported, and why the channel could not be
    asked for one (the rest are left kept)."""
    imported = 0
    for delivery_id, external_id, saved in kept:
        try:
            order = _kept_order(client, external_id, saved)  # outside any transaction
        except IntegrationError as exc:
            return imported, exc.message
        with open_session() as session:
            claimed = kept_deliveries.claim(session, connection_id, delivery_id)
            if claimed is kept_deliveries.Claim.PAUSED:
                return imported, None
            if claimed is kept_deliveries.Claim.CLAIMED and order is not None:
                what = order_import.import_order(session, connection_id, order, via="webhook")
                imported += what == "imported"
    return imported, None


def _kept_order(
    client: ChannelClient | None, external_id: str, saved: dict[str, object]
) -> ChannelOrder | None:
    """The kept order: as the webhook carried it, else read from the channel."""
    if saved:
        return order_import.order_of(saved)
    return cast(OrderReader, client).order(external_id)
