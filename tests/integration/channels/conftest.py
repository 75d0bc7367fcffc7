"""A stand-in per sales channel, BizQ's calls to that channel sent to it."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from bizq_app.core.settings import get_settings
from tests.standins.amazon_server import AmazonStandIn
from tests.standins.ebay_server import EbayStandIn
from tests.standins.etsy_server import EtsyStandIn
from tests.standins.shopify_server import ShopifyStandIn
from tests.standins.tiktok_server import TikTokStandIn
from tests.standins.walmart_server import WalmartStandIn


@pytest.fixture
def shopify() -> Iterator[ShopifyStandIn]:
    stand_in = ShopifyStandIn()
    os.environ["BIZQ_SHOPIFY_BASE_URL"] = stand_in.url
    get_settings.cache_clear()
    yield stand_in
    os.environ.pop("BIZQ_SHOPIFY_BASE_URL", None)
    get_settings.cache_clear()
    stand_in.close()


@pytest.fixture
def amazon() -> Iterator[AmazonStandIn]:
    stand_in = AmazonStandIn()
    os.environ["BIZQ_AMAZON_BASE_URL"] = stand_in.url
    get_settings.cache_clear()
    yield stand_in
    os.environ.pop("BIZQ_AMAZON_BASE_URL", None)
    get_settings.cache_clear()
    stand_in.close()


@pytest.fixture
def ebay() -> Iterator[EbayStandIn]:
    stand_in = EbayStandIn()
    os.environ["BIZQ_EBAY_BASE_URL"] = stand_in.url
    get_settings.cache_clear()
    yield stand_in
    os.environ.pop("BIZQ_EBAY_BASE_URL", None)
    get_settings.cache_clear()
    stand_in.close()


@pytest.fixture
def walmart() -> Iterator[WalmartStandIn]:
    stand_in = WalmartStandIn()
    os.environ["BIZQ_WALMART_BASE_URL"] = stand_in.url
    get_settings.cache_clear()
    yield stand_in
    os.environ.pop("BIZQ_WALMART_BASE_URL", None)
    get_settings.cache_clear()
    stand_in.close()


@pytest.fixture
def tiktok() -> Iterator[TikTokStandIn]:
    stand_in = TikTokStandIn()
    os.environ["BIZQ_TIKTOK_BASE_URL"] = stand_in.url
    get_settings.cache_clear()
    yield stand_in
    os.environ.pop("BIZQ_TIKTOK_BASE_URL", None)
    get_settings.cache_clear()
    stand_in.close()


@pytest.fixture
def etsy() -> Iterator[EtsyStandIn]:
    stand_in = EtsyStandIn()
    os.environ["BIZQ_ETSY_BASE_URL"] = stand_in.url
    get_settings.cache_clear()
    yield stand_in
    os.environ.pop("BIZQ_ETSY_BASE_URL", None)
    get_settings.cache_clear()
    stand_in.close()
