"""Amazon as it serves sellers outside North America, and its restricted data, against a
local server that answers as the Selling Partner API does: one host per region (a
marketplace asked of another region's host is refused), buyers' names and addresses only
under a Restricted Data Token, SKUs percent-encoded in paths, and the bodies BizQ sends
checked against Amazon's published models."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from bizq_app.core.db import session_scope
from bizq_app.core.settings import get_settings
from bizq_app.sales.models import Order
from tests.integration.channels.conftest import (
    connect_channel,
    fig_candle_store,
    publish,
    selling_on,
)
from tests.integration.channels.test_amazon_channel import FIELDS
from tests.standins.amazon_server import AmazonStandIn

GERMANY, JAPAN = "A1PA6795UKMFR9", "A1VC38T7YXB528"


@pytest.fixture
def by_region(amazon: AmazonStandIn, monkeypatch: pytest.MonkeyPatch) -> AmazonStandIn:
    """The stand-in as Amazon's three regional hosts: the client picks the host."""
    monkeypatch.setenv("BIZQ_AMAZON_BASE_URL", f"{amazon.url}/{{region}}")
    get_settings.cache_clear()
    return amazon


def test_a_german_and_a_japanese_seller_are_served_by_their_regions_hosts(
    client: TestClient, by_region: AmazonStandIn
) -> None:
    by_region.sells_in(GERMANY, JAPAN)
    by_region.offer("FIG-1", "Fig candle", quantity=0)
    auth, store, product = fig_candle_store(client, currency="EUR")

    german = connect_channel(client, auth, store, FIELDS | {"marketplace_id": GERMANY})
    published = publish(client, auth, german.json().get("id"), product)
    german_calls = {r["region"] for r in by_region.requests if r["path"] != "/auth/o2/token"}
    by_region.requests.clear()
    japanese = connect_channel(client, auth, store, FIELDS | {"marketplace_id": JAPAN})
    unknown = connect_channel(client, auth, store, FIELDS | {"marketplace_id": "A2ZZZZZZZZZZZZ"})

    assert german.status_code == 201, german.text
    assert german.json()["name"] == "Amazon seller A2SELLER123456 on Amazon.de"
    assert german.json()["currency"] == "EUR"
    assert published.status_code == 201, published.text
    assert by_region.offers["FIG-1"]["quantity"] == 5
    assert german_calls == {"eu"}  # every SP-API call on Europe's host
    assert japanese.status_code == 201, japanese.text
    assert japanese.json()["name"] == "Amazon seller A2SELLER123456 on Amazon.co.jp"
    assert {r["region"] for r in by_region.requests if r["path"] != "/auth/o2/token"} == {"fe"}
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["path"] == "$.marketplace_id"


def test_an_imported_order_has_the_buyers_name_and_address_from_a_restricted_data_token(
    client: TestClient, amazon: AmazonStandIn
) -> None:
    amazon.offer("FIG-1", "Fig candle", quantity=0)
    auth, store, product = fig_candle_store(client)
    cid = selling_on(client, auth, store, product, FIELDS)
    placed = amazon.place_order([("FIG-1", 1)])

    imported = client.post(f"/api/channels/{cid}/orders/import", headers=auth)

    assert imported.json()["imported"] == 1, imported.text
    [order] = client.get(f"/api/orders?store_id={store}", headers=auth).json()["items"]
    assert order["channel_order"] == placed
    assert order["customer_name"] == "Pat Buyer 1"
    with session_scope() as session:
        saved = session.exec(select(Order).where(Order.id == uuid.UUID(order["id"]))).one()
        address = dict(saved.shipping_address)
    assert (address["name"], address["line1"], address["city"]) == (
        "Pat Buyer 1",
        "3 Market Street",
        "Seattle",
    )
    asked = next(
        r for r in amazon.requests if r["path"] == "/tokens/2021-03-01/restrictedDataToken"
    )
    assert asked["method"] == "POST"


def test_a_sku_with_a_slash_and_a_hash_reaches_its_own_offer(
    client: TestClient, amazon: AmazonStandIn
) -> None:
    amazon.offer("FIG/1#B", "Fig candle, boxed", quantity=0)
    auth, store, product = fig_candle_store(client, sku="FIG/1#B")
    connection = connect_channel(client, auth, store, FIELDS).json()

    published = publish(client, auth, connection["id"], product)

    assert published.status_code == 201, published.text
    assert amazon.offers["FIG/1#B"]["quantity"] == 5
    assert amazon.offers["FIG/1#B"]["price"] == "24.00"
