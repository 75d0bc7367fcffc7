"""Order webhooks that reach a paused connection: answered, so the channel keeps its
subscription (channels drop an address that keeps failing), and kept — the order's id,
and the order itself when the webhook carried it — until the seller resumes the
connection (``order_catchup.resume``). Nothing is imported and no stock moves meanwhile.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict
from typing import Any

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
        row = session.get(ChannelConnection, connection_id, with_for_update=True)
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


def drop(session: Session, delivery_id: uuid.UUID) -> None:
    """Forget a kept delivery (its order was imported, held or is known)."""
    found = session.get(KeptDelivery, delivery_id)
    if found is not None:
        session.delete(found)


def _saved(order: ChannelOrder | None) -> dict[str, Any]:
    return json.loads(json.dumps(asdict(order), default=str)) if order is not None else {}
