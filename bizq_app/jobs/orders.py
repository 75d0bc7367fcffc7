"""The job that runs a paid order's pipeline (fulfilment routing, the buyer's e-mail)."""

from __future__ import annotations

import uuid

from bizq_app.sales import order_pipeline


def process_order(order_id: str) -> str:
    return order_pipeline.process(uuid.UUID(order_id))
