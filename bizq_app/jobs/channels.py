"""The job that pushes a listing's quantities to its channel."""

from __future__ import annotations

import uuid

from bizq_app.channels import stock_sync
from bizq_app.core.db import session_scope


def push_stock(listing_id: str) -> str:
    return stock_sync.push(open_session=session_scope, listing_id=uuid.UUID(listing_id))
