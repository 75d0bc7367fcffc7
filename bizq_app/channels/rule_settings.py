"""Saving a connection's price and stock rules (``channels.rules``): the new quantities
are pushed to its live listings once saved; the new prices go with each listing's next
publish. A rule that would sell a listed product below its cost is saved with a
warning, on the listing and in the answer."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlmodel import Session, select

from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.permissions import Permission
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.channels import connections, listings, rules, stock_sync
from bizq_app.channels.models import ChannelConnection, ChannelListing, ListingState
from bizq_app.core.columns import utcnow
from bizq_app.core.db import on_commit


@dataclass(frozen=True)
class Saved:
    connection: ChannelConnection
    described: str  # the rules in words
    warnings: list[str]  # one per live listing that would sell below its cost


def set_rules(
    *, session: Session, user_id: uuid.UUID, connection_id: uuid.UUID, fields: Mapping[str, Any]
) -> Saved:
    """Replace the connection's rules with ``fields`` (``rules.clean``).

    Raises:
        NotFound, PermissionDenied: not a connection of a store the user manages.
        ValidationFailed: each bad field, with its path (nothing saved).
    """
    row = connections.read_row(session, user_id, connection_id, Permission.MANAGE_SETTINGS)
    store = account_lookups.find_store(session, row.store_id)
    currency = store.currency if store else "USD"
    chosen = rules.clean(fields, currency)
    row.rules, row.updated_at = chosen.saved(), utcnow()
    session.add(row)
    warnings = []
    live = select(ChannelListing).where(
        ChannelListing.connection_id == connection_id,
        ChannelListing.state == ListingState.LIVE.value,
    )
    found = session.exec(live).all()
    products = catalog_lookups.products_by_id(session, row.store_id, {f.product_id for f in found})
    for listing in found:
        product = products.get(listing.product_id)
        if product is None:
            continue
        prices = listings.prices(product, currency, chosen)
        listing.warning = rules.below_cost(chosen, product, prices, currency)
        session.add(listing)
        if listing.warning:
            warnings.append(f"{product.title}: {listing.warning}")
        on_commit(session, partial(stock_sync.queue_push, str(listing.id)))
    described = chosen.described(currency)
    connections.log(session, row, "rules", sent=chosen.saved(), outcome=f"Rules: {described}.")
    return Saved(row, described, warnings)
