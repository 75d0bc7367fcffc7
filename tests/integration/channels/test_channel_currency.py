"""A store lists its products on a channel in the currency it sells in: a euro store's
offer on eBay Germany is priced in euros, a yen store's on Amazon Japan in whole yen. A
channel account that prices in another currency than the store's is refused at publish,
saying which currencies differ, before anything reaches the channel."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bizq_app.core.settings import get_settings
from tests.integration.channels.conftest import add_product, connect_channel, publish
from tests.integration.channels.test_amazon_channel import FIELDS as AMAZON
from tests.integration.channels.test_ebay_channel import FIELDS as EBAY
from tests.integration.channels.test_ebay_channel import store
from tests.integration.conftest import signup
from tests.standins.amazon_server import AmazonStandIn
from tests.standins.ebay_server import EbayStandIn

JAPAN = "A1VC38T7YXB528"


@pytest.fixture
def by_region(amazon: AmazonStandIn, monkeypatch: pytest.MonkeyPatch) -> AmazonStandIn:
    """The stand-in as Amazon's regional hosts (Japan's is the Far East's)."""
    monkeypatch.setenv("BIZQ_AMAZON_BASE_URL", f"{amazon.url}/{{region}}")
    get_settings.cache_clear()
    return amazon


def test_a_euro_store_lists_on_ebay_germany_in_euros(client: TestClient, ebay: EbayStandIn) -> None:
    auth, store_id, product = store(client, currency="EUR")
    connected = connect_channel(client, auth, store_id, EBAY | {"marketplace_id": "EBAY_DE"})

    published = publish(client, auth, connected.json()["id"], product)

    assert published.status_code == 201, published.text
    [offer] = ebay.offers.values()
    assert offer["pricingSummary"]["price"] == {"value": "24.00", "currency": "EUR"}


def test_a_channel_account_in_another_currency_is_refused_at_publish(
    client: TestClient, ebay: EbayStandIn
) -> None:
    auth, store_id, product = store(client, currency="EUR")
    connection = connect_channel(client, auth, store_id, EBAY).json()["id"]  # eBay US: dollars
    calls = len(ebay.requests)

    refused = publish(client, auth, connection, product)

    assert refused.status_code == 422, refused.text
    [error] = refused.json()["errors"]
    assert error["path"] == "$.connection"
    assert "prices in USD" in error["message"] and "sells in EUR" in error["message"]
    assert ebay.items == {} and ebay.offers == {}
    assert len(ebay.requests) == calls  # nothing was asked of eBay
    listings = client.get(f"/api/channels/{connection}/listings", headers=auth).json()
    assert listings == []


def test_a_yen_store_lists_on_amazon_japan_in_whole_yen(
    client: TestClient, by_region: AmazonStandIn
) -> None:
    by_region.sells_in(JAPAN)
    by_region.offer("SENKO-1", "Incense", quantity=0)
    auth = signup(client, "yen-owner@example.com")
    store_id = client.post(
        "/api/stores", json={"name": "Kaori", "currency": "JPY"}, headers=auth
    ).json()["id"]
    product = add_product(
        client, auth, store_id, "Incense", "3000", sku="SENKO-1", inventory_quantity=4
    )
    connected = connect_channel(client, auth, store_id, AMAZON | {"marketplace_id": JAPAN})

    published = publish(client, auth, connected.json()["id"], product)

    assert connected.json()["currency"] == "JPY"
    assert published.status_code == 201, published.text
    assert by_region.currencies["SENKO-1"] == "JPY"
    assert by_region.offers["SENKO-1"]["price"] == "3000.00"
