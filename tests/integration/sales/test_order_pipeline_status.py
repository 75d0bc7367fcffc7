"""The order pipeline's own status change (paid → fulfilling) goes through the one
conditional update and is audited as BizQ's order pipeline; whichever of it and the
owner's cancel comes first wins, and the other is refused — on PostgreSQL and on the
embedded SQLite default."""

from __future__ import annotations

import uuid
from collections import Counter

from fastapi.testclient import TestClient

from bizq_app.accounts import audit
from bizq_app.core.db import session_scope
from bizq_app.sales import order_pipeline
from bizq_app.setup.seed import load_seed
from tests.integration.conftest import at_once
from tests.integration.sales.test_order_pipeline import order_of
from tests.integration.sales.test_orders import shop
from tests.integration.sales.test_races import paid_order

ROUNDS = 6


def seed() -> None:
    with session_scope() as session:
        load_seed(session=session)


def status_changes(order_id: str) -> list[tuple[str, uuid.UUID | None, str]]:
    """Each audited change of the order's status: action, the user who did it, the system
    actor that did it."""
    with session_scope() as session:
        history = audit.history(session=session, subject_id=uuid.UUID(order_id))
        return [
            (e.action, e.actor_id, str(e.data.get("actor", "")))
            for e in history
            if e.action in ("order.fulfilling", "order.cancelled")
        ]


def test_the_pipeline_moves_a_paid_order_to_fulfilling_in_its_own_name(
    any_client: TestClient,
) -> None:
    seed()
    auth, _, slug, product_id = shop(any_client)
    order_id = paid_order(any_client, slug, product_id)

    outcome = order_pipeline.process(uuid.UUID(order_id))
    late_cancel = any_client.post(f"/api/orders/{order_id}/cancel", headers=auth)

    assert outcome == "done"
    order = order_of(any_client, auth, order_id)
    assert (order["status"], order["pipeline"]) == ("fulfilling", "done")
    assert status_changes(order_id) == [("order.fulfilling", None, "system:order_pipeline")]
    assert late_cancel.status_code == 409  # too late: it is being fulfilled


def test_the_pipeline_and_a_cancel_at_once_change_the_order_once(any_client: TestClient) -> None:
    seed()
    auth, _, slug, product_id = shop(any_client, stock=ROUNDS)
    winners: Counter[str] = Counter()

    for _ in range(ROUNDS):
        order_id = paid_order(any_client, slug, product_id)

        def act(n: int, order_id: str = order_id) -> object:
            if n == 0:
                return order_pipeline.process(uuid.UUID(order_id))
            return any_client.post(f"/api/orders/{order_id}/cancel", headers=auth).status_code

        outcome, cancel = at_once(2, act)
        order = order_of(any_client, auth, order_id)
        changes = status_changes(order_id)
        winners[order["status"]] += 1

        assert order["pipeline"] == "done", order["timeline"]
        if order["status"] == "fulfilling":  # the pipeline came first; the cancel is refused
            assert (outcome, cancel) == ("done", 409)
            assert changes == [("order.fulfilling", None, "system:order_pipeline")]
        else:  # the cancel came first; the pipeline changed nothing after it
            assert (order["status"], cancel) == ("cancelled", 200)
            assert outcome in ("stopped", "order is cancelled")
            assert [action for action, _, _ in changes] == ["order.cancelled"]
    assert sum(winners.values()) == ROUNDS
