"""An order that came from a channel and is marked shipped in BizQ: its tracking number
goes to the channel, which tells the buyer. Queued after the order's commit; the push
is logged either way."""

from __future__ import annotations

import uuid

from sqlmodel import Session

from bizq_app.channels import connections
from bizq_app.channels.models import ChannelConnection, OrderLink
from bizq_app.core import queue
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import IntegrationError
from bizq_app.sales import facts, orders
from bizq_app.sales.models import Order

TRACKING_JOB = "bizq_app.jobs.channels.push_tracking"


def order_shipped(session: Session, order: Order) -> None:
    """Queue the tracking push for an order imported from a channel."""
    if session.get(OrderLink, order.id) is not None:
        queue.enqueue_on_commit(session, TRACKING_JOB, str(order.id))


def push(*, open_session: OpenSession, order_id: uuid.UUID) -> str:
    """Tell the channel the order shipped, with its tracking number; what happened, in words."""
    with open_session() as session:
        link = session.get(OrderLink, order_id)
        order = facts.order_by_id(session, order_id)
        row = session.get(ChannelConnection, link.connection_id) if link else None
        if link is None or order is None or row is None:
            return "skipped: not an order from a connected channel"
        credentials, external_id = connections.credentials_of(row), link.external_id
        tracking, name = order.tracking_number or "", f"#{order.number}"
    client = credentials.client()
    try:
        client.ship(external_id, tracking)
    except IntegrationError as exc:
        with open_session() as session:
            row = session.get(ChannelConnection, credentials.connection_id)
            if row is not None:
                sent = {"order": name, "tracking": tracking}
                connections.log(session, row, "tracking", ok=False, sent=sent, outcome=exc.message)
        raise
    finally:
        client.close()
    with open_session() as session:
        row = session.get(ChannelConnection, credentials.connection_id)
        if row is not None:
            outcome = f"Marked shipped on the channel with tracking {tracking or '(none)'}."
            sent = {"order": name, "tracking": tracking}
            connections.log(session, row, "tracking", sent=sent, outcome=outcome)
    return "pushed"


orders.register_shipped_listener(order_shipped)
