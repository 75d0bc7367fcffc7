"""Units of work never nest: every REST route, on the embedded default (SQLite, whose
one write lock a nested unit would wait on for ever) and on PostgreSQL, answers without
a 5xx while another client keeps writing — called by a stranger with a store's real ids,
and by the owner with ids that name nothing or are not ids at all.

On SQLite the test gives a waiting writer 1 s instead of 30 before "database is locked":
a route that waits on itself, or holds the lock across a slow call, answers 500 here."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from bizq_app.core import db
from bizq_app.core.db import NestedUnitOfWork, session_scope
from tests.integration.accounts.test_authorisation_matrix import first_store
from tests.integration.conftest import signup, sqlite_client
from tests.integration.routes import IDS, NOWHERE, every_route
from tests.integration.sales.test_orders import cart


@pytest.fixture(params=["postgresql", "sqlite"])
def busy_client(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, redis_db: object
) -> Iterator[TestClient]:
    if request.param == "postgresql":
        yield request.getfixturevalue("client")
        return
    monkeypatch.setattr(db, "SQLITE_BUSY_SECONDS", 1)
    with sqlite_client() as client:
        yield client


def unconfigured(answer: Response) -> bool:
    """Stripe's webhook on an install without Stripe: 503 on purpose, so Stripe retries."""
    return answer.status_code == 503 and answer.json().get("code") == "configuration_error"


class Writer(threading.Thread):
    """The owner, changing a product and selling it for as long as the test runs."""

    def __init__(self, client: TestClient, auth: dict[str, str], ids: dict[str, str]) -> None:
        super().__init__(daemon=True)
        self.client, self.auth, self.ids = client, auth, ids
        self.stop = threading.Event()
        self.answers: list[int] = []

    def run(self) -> None:
        slug = self.client.get(f"/api/stores/{self.ids['store_id']}", headers=self.auth)
        while not self.stop.is_set():
            n = len(self.answers)
            changed = self.client.put(
                f"/api/products/{self.ids['product_id']}",
                headers=self.auth,
                json={"title": f"Candle {n}", "inventory_quantity": 1000},
            )
            sold = self.client.post(
                f"/api/storefront/{slug.json()['slug']}/checkout",
                json=cart(self.ids["product_id"], 1),
            )
            self.answers += [changed.status_code, sold.status_code]


def test_every_route_answers_while_another_client_writes(busy_client: TestClient) -> None:
    client = busy_client
    owner, ids = first_store(client)
    stranger = signup(client, "stranger@example.com")
    client.post("/api/stores", json={"name": "Second Shop"}, headers=stranger)
    nowhere = {**ids, **dict.fromkeys(IDS, NOWHERE), "listing_id": NOWHERE}
    not_ids = {**ids, **dict.fromkeys(IDS, "not-an-id"), "listing_id": "not-an-id"}
    writer = Writer(client, owner, ids)
    writer.start()
    try:
        failed, called = [], 0
        for who, names in ((owner, nowhere), (owner, not_ids), (stranger, ids)):
            for call in every_route(names):
                if who is owner and not call.names_a_record:
                    continue  # the owner's own store-wide routes are other tests' business
                answer = call.send(client, who)
                called += 1
                if answer.status_code >= 500 and not unconfigured(answer):
                    failed.append(f"{call} → {answer.status_code} {answer.text[-160:]}")
    finally:
        writer.stop.set()
        writer.join(timeout=60)

    assert called > 250
    assert failed == [], "\n".join(failed)
    assert len(writer.answers) >= 2 and all(code < 300 for code in writer.answers)


def test_a_unit_of_work_is_not_opened_inside_another(pg_engine: object) -> None:
    with session_scope() as outer:
        outer.connection()  # the outer unit is inside its transaction now
        with pytest.raises(NestedUnitOfWork), session_scope():
            pass
    with session_scope() as first:  # one after another is how units go
        first.connection()
    with session_scope() as second:
        assert isinstance(second, Session)
