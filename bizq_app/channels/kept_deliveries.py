"""Order webhooks that reach a paused connection: answered, so the channel keeps its
subscription (channels drop an address that keeps failing), and kept — the order's id,
and the order itself when the webhook carried it — until the seller resumes the
connection (``order_catchup.resume``). Nothing is imported and no stock moves meanwhile.

A resume takes each kept delivery (``claim``) in the transaction that imports it, with the
connection's row locked and found connected: a pause meanwhile waits for that import, and
stops the rest (they stay kept for the next resume); of two resumes at once, each delivery
is taken by one.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict
from enum import Enum
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from bizq_app.channels import connections
from bizq_app.channels.models import ChannelConnection, ConnectionStatus, KeptDelivery
from bizq_app.core import db
from bizq_app.core.columns import utcnow
from bizq_app.core.db import OpenSession
from bizq_app.integrations.channels import ChannelOrder


def keep(
    open_session: OpenSession,
    connection_id: uuid.UUID,
    external_id: str,
    order: ChannelOrder | None = None,
) -> bool:
    """Keep the webhook's order for the connection while it is paused (once per order);
    False when it is not paused now (resumed meanwhile): the caller imports it.

    The connection's row is locked while it is checked and the delivery kept, so a resume
    at the same moment either comes after (and finds it) or before (and this imports it).
    """
    with open_session() as session:
        return kept_if_paused(session, connection_id, external_id, order)


def kept_if_paused(
    session: Session,
    connection_id: uuid.UUID,
    external_id: str,
    order: ChannelOrder | None = None,
) -> bool:
    """``keep`` in the caller's transaction: when it is False (connected), the connection
    stays locked against a pause until the caller, importing the order in that same
    transaction, commits — so no order is imported once the pause is committed."""
    row = _locked(session, connection_id)
    if row is None or row.status != ConnectionStatus.PAUSED.value:
        return False
    statement = (
        db.upsert(session, KeptDelivery)
        .values(
            id=uuid.uuid4(),
            store_id=row.store_id,
            connection_id=row.id,
            external_id=external_id[:255],
            order=_saved(order),
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["connection_id", "external_id"])
    )
    session.execute(statement)
    connections.log(
        session,
        row,
        "order",
        sent={"order": order.name if order else external_id, "via": "webhook"},
        outcome="Kept while the connection is paused: imported when you resume it.",
    )
    return True


def waiting(session: Session, connection_id: uuid.UUID) -> list[KeptDelivery]:
    """The connection's kept deliveries, oldest first."""
    query = select(KeptDelivery).where(KeptDelivery.connection_id == connection_id)
    return list(session.exec(query.order_by(col(KeptDelivery.created_at))).all())


class Claim(Enum):
    CLAIMED = "claimed"  # this resume imports it now
    TAKEN = "taken"  # another resume took it first
    PAUSED = "paused"  # the connection is not connected now: it stays kept


def claim(session: Session, connection_id: uuid.UUID, delivery_id: uuid.UUID) -> Claim:
    """Take a kept delivery, for its order to be imported in this same transaction.

    The connection's row is locked and must be connected, so a pause either waits for the
    import to commit or comes first (and the delivery stays kept); the delivery is taken by
    a conditional delete, so of two resumes draining at once only one imports it.
    """
    row = _locked(session, connection_id)
    if row is None or row.status != ConnectionStatus.CONNECTED.value:
        return Claim.PAUSED
    taken = session.execute(delete(KeptDelivery).where(col(KeptDelivery.id) == delivery_id))
    return Claim.CLAIMED if taken.rowcount == 1 else Claim.TAKEN  # type: ignore[attr-defined]


def _locked(session: Session, connection_id: uuid.UUID) -> ChannelConnection | None:
    """The connection's row, locked against a status change (``FOR NO KEY UPDATE``) but
    not against the rows that only refer to it: an import elsewhere that writes its order's
    link or its log line while it holds its products' locks is not made to wait on this
    transaction, which takes those products next (a deadlock on PostgreSQL)."""
    return session.get(ChannelConnection, connection_id, with_for_update={"key_share": True})


def _saved(order: ChannelOrder | None) -> dict[str, Any]:
    return json.loads(json.dumps(asdict(order), default=str)) if order is not None else {}
