"""Channel orders held for the seller, settled from BizQ: map a SKU the channel sent to
one of the store's products (remembered for the connection's later orders), then import
the order again — or just try again once the stock is back. Nothing is asked of the
channel: the held order was saved as it came."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session

from bizq_app.accounts.permissions import Permission
from bizq_app.channels import connections, listings, order_import
from bizq_app.channels.models import ChannelConnection, OrderHold
from bizq_app.core.errors import Conflict, FieldError, NotFound, ValidationFailed


@dataclass(frozen=True)
class Retried:
    outcome: str  # imported, held (``reason`` says why) or known (imported meanwhile)
    reason: str = ""


def retry(
    *,
    session: Session,
    user_id: uuid.UUID,
    connection_id: uuid.UUID,
    hold_id: uuid.UUID,
    mapping: object = None,
) -> Retried:
    """Import a held order again, after mapping its unknown SKUs (``{"CHANNEL-SKU":
    "BIZQ-SKU"}``) when given.

    Raises:
        NotFound, PermissionDenied. Conflict: the order was imported already.
        ValidationFailed: a mapping of a SKU the order does not have, or to no product of
            the store (``$.map.<sku>``); nothing saved.
    """
    connections.read_row(session, user_id, connection_id, Permission.OPERATE)
    hold = session.get(OrderHold, hold_id)
    if hold is None or hold.connection_id != connection_id:
        raise NotFound("That held order does not exist.")
    if hold.resolved_at is not None:
        raise Conflict(f"Order {hold.name} was imported already.")
    row = session.get(ChannelConnection, connection_id, with_for_update=True)
    assert row is not None  # locked: two mappings at once both stay
    order = order_import.order_of(hold.order)
    chosen = _checked(session, row, {line.sku for line in order.lines}, mapping)
    if chosen:
        row.sku_map = {**row.sku_map, **chosen}
        session.add(row)
        session.flush()
    outcome = order_import.import_order(session, connection_id, order, via="retry")
    if outcome == "known":  # another retry (or the channel's webhook) imported it first
        raise Conflict(f"Order {hold.name} was imported already.")
    return Retried(outcome, hold.reason if outcome == "held" else "")  # the same row


def _checked(
    session: Session, row: ChannelConnection, skus: set[str], mapping: object
) -> dict[str, str]:
    if mapping is None:
        return {}
    if not isinstance(mapping, Mapping):
        raise ValidationFailed.field("$.map", "must map the order's SKUs to the store's SKUs")
    ours = listings.store_skus(session, row.store_id)
    errors = []
    for theirs, target in mapping.items():
        if theirs not in skus:
            errors.append(FieldError(f"$.map.{theirs}", "is not a SKU of this order"))
        elif str(target) not in ours:
            errors.append(FieldError(f"$.map.{theirs}", f"{target!r} is no SKU of this store"))
    if errors:
        raise ValidationFailed("Some SKUs could not be mapped.", errors)
    return {str(k): str(v) for k, v in mapping.items()}
