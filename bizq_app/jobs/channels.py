"""The jobs that push a listing's quantities to its channel and import its orders (and,
at the seller's request, its earlier orders as history)."""

from __future__ import annotations

import uuid

from bizq_app.channels import order_catchup, order_import, stock_sync, tracking_sync
from bizq_app.core.db import session_scope


def push_stock(listing_id: str, ours_wins: bool = False) -> str:
    return stock_sync.push(
        open_session=session_scope, listing_id=uuid.UUID(listing_id), ours_wins=ours_wins
    )


def import_orders(connection_id: str) -> str:
    counts = order_import.poll(open_session=session_scope, connection_id=uuid.UUID(connection_id))
    return ", ".join(f"{n} {what}" for what, n in counts.items())


def import_history(connection_id: str, days: int) -> str:
    counts = order_catchup.import_history(
        open_session=session_scope, connection_id=uuid.UUID(connection_id), days=days
    )
    return ", ".join(f"{n} {what}" for what, n in counts.items())


def push_tracking(order_id: str) -> str:
    return tracking_sync.push(open_session=session_scope, order_id=uuid.UUID(order_id))
