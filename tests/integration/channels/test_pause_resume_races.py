"""A seller pauses and resumes a channel connection while its order webhooks keep coming,
two resumes (or a resume and a pause) at the same moment: every order is imported exactly
once and takes its stock once, none is lost in the kept deliveries, none is imported
while the connection is paused, and the loser of each conflicting pause or resume gets a
409 — on PostgreSQL and on the embedded SQLite default. Against the Shopify stand-in,
whose webhook carries the order, and the Etsy stand-in, whose webhook names the receipt
that a resume reads back from Etsy."""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from bizq_app.channels import kept_deliveries
from bizq_app.core.db import session_scope
from bizq_app.inventory import stock as inventory
from tests.integration.channels.conftest import serving
from tests.integration.channels.test_channel_order_history import connected_store, with_listing
from tests.integration.channels.test_shopify_orders import selling_on_shopify, stock_of, webhook
from tests.integration.conftest import at_once
from tests.standins.etsy_server import SHOP_ID, WEBHOOK_SECRET, EtsyStandIn
from tests.standins.shopify_server import ShopifyStandIn

SELLERS_THREADS = 3  # webhook deliveries arriving at once, each on its own thread
ROUNDS = 3
STOCK = 200


class Seller:
    """The owner of a store acting on one connection through the REST API."""

    def __init__(self, client: TestClient, auth: dict[str, str], connection: str) -> None:
        self.client, self.auth, self.connection = client, auth, connection

    def act(self, what: str) -> Response:
        """``pause`` or ``resume`` the connection."""
        return self.client.post(f"/api/channels/{self.connection}/{what}", headers=self.auth)

    def all_at_once(self, *acts: str) -> list[Response]:
        return at_once(len(acts), lambda n: self.act(acts[n]))

    def status(self, store_id: str) -> str:
        listed = self.client.get(f"/api/stores/{store_id}/channels", headers=self.auth).json()
        return str(next(c["status"] for c in listed if c["id"] == self.connection))


class Deliveries:
    """Shopify's webhook deliveries, ``SELLERS_THREADS`` at a time, each phase's new orders
    and a retry of an order delivered before (Shopify delivers again when unsure)."""

    def __init__(self, client: TestClient, shopify: ShopifyStandIn, connection: str) -> None:
        self.client, self.shopify, self.connection = client, shopify, connection
        self.delivered: list[dict[str, Any]] = []
        self.answers: list[tuple[str, str]] = []  # (order name, outcome)
        self.statuses: list[int] = []
        self.lock = threading.Lock()

    def during(self, seller_acts: Callable[[], object]) -> None:
        """One new order per thread and one retry each, delivered while the seller acts."""
        new = [self.shopify.place_order([("FIG-1", 1)]) for _ in range(SELLERS_THREADS)]
        retries = self.delivered[-SELLERS_THREADS:]
        self.delivered += new
        start = threading.Barrier(SELLERS_THREADS + 1)

        def deliver(n: int) -> None:
            start.wait()
            for order in [new[n], *retries[n : n + 1]]:
                answer = webhook(self.client, self.connection, order)
                with self.lock:
                    self.statuses.append(answer.status_code)
                    self.answers.append((order["name"], answer.json().get("outcome", "")))

        threads = [threading.Thread(target=deliver, args=(n,)) for n in range(SELLERS_THREADS)]
        for thread in threads:
            thread.start()
        start.wait()
        try:
            seller_acts()
        finally:
            for thread in threads:
                thread.join()

    def outcomes_of(self, names: set[str]) -> Counter[str]:
        return Counter(outcome for name, outcome in self.answers if name in names)


def kept_now(connection: str) -> int:
    with session_scope() as session:
        return len(kept_deliveries.waiting(session, uuid.UUID(connection)))


def test_webhooks_during_pauses_and_racing_resumes_are_each_imported_once(
    any_client: TestClient, shopify: ShopifyStandIn
) -> None:
    # given a store selling a candle on a Shopify shop whose order webhooks keep coming
    auth, store_id, product, connection = selling_on_shopify(any_client, stock=STOCK)
    seller = Seller(any_client, auth, connection)
    deliveries = Deliveries(any_client, shopify, connection)
    acted: list[Response] = []
    kept_imported = 0

    for _ in range(ROUNDS):
        # when the seller pauses twice at once while orders come in
        deliveries.during(lambda: acted.extend(seller.all_at_once("pause", "pause")))
        assert sorted(r.status_code for r in acted[-2:]) == [200, 409], [r.text for r in acted]
        assert seller.status(store_id) == "paused"

        # then the orders delivered while it stays paused are kept, and nothing is imported
        level, before = stock_of(any_client, auth, product), len(deliveries.delivered)
        deliveries.during(lambda: None)
        paused_orders = {o["name"] for o in deliveries.delivered[before:]}
        assert deliveries.outcomes_of(paused_orders) == Counter(kept=SELLERS_THREADS)
        assert stock_of(any_client, auth, product) == level
        assert kept_now(connection) >= SELLERS_THREADS

        # when two resumes and a pause come at once, still while orders come in
        deliveries.during(lambda: acted.extend(seller.all_at_once("resume", "resume", "pause")))
        raced = acted[-3:]
        won = Counter(
            what
            for what, r in zip(("resume", "resume", "pause"), raced, strict=True)
            if r.status_code == 200
        )
        assert {r.status_code for r in raced} <= {200, 409}, [r.text for r in raced]
        assert won["resume"] - won["pause"] in (0, 1), [r.text for r in raced]
        kept_imported += sum(r.json()["kept_imported"] for r in raced[:2] if r.status_code == 200)
        if won["resume"] - won["pause"] == 0:  # the pause came last: still paused
            assert seller.status(store_id) == "paused"
            level = stock_of(any_client, auth, product)
            deliveries.during(lambda: None)
            assert stock_of(any_client, auth, product) == level  # nothing imported meanwhile
            deliveries.during(lambda: acted.append(seller.act("resume")))
            assert acted[-1].status_code == 200, acted[-1].text
            kept_imported += acted[-1].json()["kept_imported"]
        assert seller.status(store_id) == "connected"

    # then every order delivered is imported exactly once, and none is left kept
    names = {o["name"] for o in deliveries.delivered}
    imported_by_webhook = sum(outcome == "imported" for _, outcome in deliveries.answers)
    assert set(deliveries.statuses) == {200}
    assert all(r.status_code in (200, 409) for r in acted), [r.text for r in acted]
    assert imported_by_webhook + kept_imported == len(names)
    assert kept_now(connection) == 0
    listed = any_client.get(
        "/api/orders", params={"store_id": store_id, "limit": 200}, headers=auth
    ).json()["items"]
    assert sorted(o["channel_order"] for o in listed) == sorted(names)

    # and the stock moved once per order, by the ledger
    with session_scope() as session:
        moves = inventory.history(session, uuid.UUID(product), limit=1000)
        assert inventory.level_from_movements(session, uuid.UUID(product)) == STOCK - len(names)
    sales = [m for m in moves if m.reason == "channel_sale"]
    assert sorted(m.note for m in sales) == sorted(names)
    assert {m.change for m in sales} == {-1}
    assert len({m.order_id for m in sales}) == len(names)
    assert stock_of(any_client, auth, product) == STOCK - len(names)


class EtsyAskedMeanwhile(EtsyStandIn):
    """Etsy, where the seller acts (``meanwhile``) once BizQ asks for a receipt, before
    Etsy answers (and before Etsy serialises its answers, so BizQ may ask it meanwhile)."""

    meanwhile: Callable[[], None] | None = None

    def garbled(self, key: str) -> bytes | None:
        if key.startswith(f"/v3/application/shops/{SHOP_ID}/receipts/"):
            act, self.meanwhile = self.meanwhile, None
            if act is not None:
                act()
        return super().garbled(key)


@pytest.fixture
def etsy() -> Iterator[EtsyAskedMeanwhile]:
    with serving(EtsyAskedMeanwhile(), "BIZQ_ETSY_BASE_URL") as stand_in:
        yield stand_in


def paused_with_kept_receipts(
    client: TestClient, etsy: EtsyAskedMeanwhile, count: int
) -> tuple[dict[str, str], str, str, Seller]:
    """A store connected to Etsy, paused, with ``count`` receipts of one candle each whose
    webhooks came while it was paused (9 candles in stock)."""
    auth, store_id, product, connection = connected_store(
        client, with_listing(etsy), webhook_secret=WEBHOOK_SECRET
    )
    seller = Seller(client, auth, connection)
    assert seller.act("pause").status_code == 200
    for _ in range(count):
        body, headers = etsy.webhook(etsy.place_order([("FIG-1", 1)]))
        address = f"/api/channels/{connection}/webhooks/etsy/orders"
        assert client.post(address, content=body, headers=headers).json() == {"outcome": "kept"}
    return auth, store_id, product, seller


def test_a_pause_while_a_resume_imports_kept_orders_leaves_the_rest_kept(
    any_client: TestClient, etsy: EtsyAskedMeanwhile
) -> None:
    # given a paused Etsy connection that kept three orders
    auth, store_id, product, seller = paused_with_kept_receipts(any_client, etsy, 3)
    paused: list[Response] = []
    etsy.meanwhile = lambda: paused.append(seller.act("pause"))

    # when the seller pauses again while the resume reads the first kept receipt from Etsy
    resumed = seller.act("resume")

    # then nothing is imported while it is paused: the orders stay kept for the next resume
    assert resumed.status_code == 200, resumed.text
    assert [p.status_code for p in paused] == [200]
    assert resumed.json()["kept_imported"] == 0
    assert seller.status(store_id) == "paused"
    assert stock_of(any_client, auth, product) == 9
    assert kept_now(seller.connection) == 3
    again = seller.act("resume")
    assert again.json()["kept_imported"] == 3
    assert stock_of(any_client, auth, product) == 6
    assert kept_now(seller.connection) == 0


def test_a_second_resume_while_the_first_imports_kept_orders_imports_each_once(
    any_client: TestClient, etsy: EtsyAskedMeanwhile
) -> None:
    # given a paused Etsy connection that kept three orders
    auth, store_id, product, seller = paused_with_kept_receipts(any_client, etsy, 3)
    meanwhile: list[Response] = []
    etsy.meanwhile = lambda: meanwhile.extend([seller.act("pause"), seller.act("resume")])

    # when the seller pauses and resumes again while the first resume reads a kept receipt
    first = seller.act("resume")

    # then the two resumes import the three orders between them, each once
    assert [r.status_code for r in meanwhile] == [200, 200], [r.text for r in meanwhile]
    assert first.json()["kept_imported"] + meanwhile[1].json()["kept_imported"] == 3
    assert seller.status(store_id) == "connected"
    assert stock_of(any_client, auth, product) == 6
    assert kept_now(seller.connection) == 0
    listed = any_client.get("/api/orders", params={"store_id": store_id}, headers=auth).json()
    assert len(listed["items"]) == 3


def test_a_pause_while_a_webhook_s_order_is_read_from_the_channel_keeps_it(
    any_client: TestClient, etsy: EtsyAskedMeanwhile
) -> None:
    # given a connected Etsy shop whose order.paid webhook comes in
    auth, store_id, product, connection = connected_store(
        any_client, with_listing(etsy), webhook_secret=WEBHOOK_SECRET
    )
    seller = Seller(any_client, auth, connection)
    paused: list[Response] = []
    etsy.meanwhile = lambda: paused.append(seller.act("pause"))
    body, headers = etsy.webhook(etsy.place_order([("FIG-1", 1)]))

    # when the seller pauses while BizQ reads the receipt the webhook names from Etsy
    delivered = any_client.post(
        f"/api/channels/{connection}/webhooks/etsy/orders", content=body, headers=headers
    )

    # then the order is kept, not imported while paused, and comes with the resume
    assert [p.status_code for p in paused] == [200]
    assert delivered.json() == {"outcome": "kept"}, delivered.text
    assert stock_of(any_client, auth, product) == 9
    assert seller.act("resume").json()["kept_imported"] == 1
    assert stock_of(any_client, auth, product) == 8
