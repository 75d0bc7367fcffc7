"""Opening a store: the store itself (accounts) and its wallet with the starting credits."""

from __future__ import annotations

import uuid

from sqlmodel import Session

from bizq_app.accounts import stores
from bizq_app.billing import ledger


def open_store(
    *,
    session: Session,
    user_id: uuid.UUID,
    name: object,
    slug: object = None,
    currency: object = "USD",
) -> stores.StoreView:
    """Create a store owned by ``user_id`` and grant it the starting credits.

    Raises:
        ValidationFailed: bad name, slug or currency.
        Conflict: the requested slug is taken.
    """
    view = stores.create_store(
        session=session, user_id=user_id, name=name, slug=slug, currency=currency
    )
    ledger.grant_starting_credits(session, view.store.id)
    return view
