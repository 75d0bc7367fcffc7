"""A stand-in per sales channel, BizQ's calls to that channel sent to it, and the store
the channels' tests sell from."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.integration.conftest import environment, signup
from tests.standins.amazon_server import AmazonStandIn
from tests.standins.ebay_server import EbayStandIn
from tests.standins.etsy_server import EtsyStandIn
from tests.standins.http import StandIn
from tests.standins.shopify_server import ShopifyStandIn
from tests.standins.tiktok_server import TikTokStandIn
from tests.standins.walmart_server import WalmartStandIn

S = TypeVar("S", bound=StandIn)


@contextmanager
def serving(stand_in: S, setting: str) -> Iterator[S]:
    """BizQ's calls to a channel go to ``stand_in`` (its address in the ``setting``
    environment variable) until the block ends; then the stand-in closes."""
    try:
        with environment(**{setting: stand_in.url}):
            yield stand_in
    finally:
        stand_in.close()


@pytest.fixture
def shopify() -> Iterator[ShopifyStandIn]:
    with serving(ShopifyStandIn(), "BIZQ_SHOPIFY_BASE_URL") as stand_in:
        yield stand_in


@pytest.fixture
def amazon() -> Iterator[AmazonStandIn]:
    with serving(AmazonStandIn(), "BIZQ_AMAZON_BASE_URL") as stand_in:
        yield stand_in


@pytest.fixture
def ebay() -> Iterator[EbayStandIn]:
    with serving(EbayStandIn(), "BIZQ_EBAY_BASE_URL") as stand_in:
        yield stand_in


@pytest.fixture
def walmart() -> Iterator[WalmartStandIn]:
    with serving(WalmartStandIn(), "BIZQ_WALMART_BASE_URL") as stand_in:
        yield stand_in


@pytest.fixture
def tiktok() -> Iterator[TikTokStandIn]:
    with serving(TikTokStandIn(), "BIZQ_TIKTOK_BASE_URL") as stand_in:
        yield stand_in


@pytest.fixture
def etsy() -> Iterator[EtsyStandIn]:
    with serving(EtsyStandIn(), "BIZQ_ETSY_BASE_URL") as stand_in:
        yield stand_in


def fig_candle_store(
    client: TestClient,
    *,
    email: str = "",
    name: str = "Wick & Co",
    currency: str = "",
    **candle: Any,
) -> tuple[dict[str, str], str, str]:
    """A new owner (``email``, else a fresh address) whose store (``name``, in
    ``currency`` if given) sells fig candles: FIG-1 at 24.00, 5 in stock, active, unless
    ``candle`` says otherwise. Returns the owner's headers, the store's id and the
    candle's."""
    auth = signup(client, email or f"owner-{uuid.uuid4().hex[:6]}@example.com")
    store = {"name": name} | ({"currency": currency} if currency else {})
    store_id = client.post("/api/stores", json=store, headers=auth).json()["id"]
    fig = {"sku": "FIG-1", "inventory_quantity": 5} | candle
    return auth, store_id, add_product(client, auth, store_id, "Fig candle", "24.00", **fig)


def add_product(
    client: TestClient, auth: dict[str, str], store_id: str, title: str, price: str, **more: Any
) -> str:
    """A new active product of the store (``more``: its SKU, stock, variants, images…);
    its id."""
    product = {"store_id": store_id, "title": title, "price": price, "status": "active"}
    return str(client.post("/api/products", headers=auth, json=product | more).json()["id"])


def connect_channel(
    client: TestClient, auth: dict[str, str], store_id: str, fields: dict[str, Any]
) -> Response:
    """Connect the store to the channel ``fields`` name, with its credentials."""
    return client.post(f"/api/stores/{store_id}/channels", headers=auth, json=fields)


def publish(
    client: TestClient, auth: dict[str, str], connection: str, product: str, **body: Any
) -> Response:
    """List ``product`` on the connection's channel (``body``: e.g. eBay's aspects)."""
    return client.post(
        f"/api/channels/{connection}/listings", headers=auth, json={"product_id": product} | body
    )


def selling_on(
    client: TestClient, auth: dict[str, str], store_id: str, product: str, fields: dict[str, Any]
) -> str:
    """The store connected to the channel ``fields`` name, ``product`` listed there; the
    connection's id."""
    connected = connect_channel(client, auth, store_id, fields)
    assert connected.status_code == 201, connected.text
    published = publish(client, auth, connected.json()["id"], product)
    assert published.status_code == 201, published.text
    return str(connected.json()["id"])
