"""No marketplace secret ever reaches a log: each channel's token refresh and a quantity
push, against its stand-in, with every logger — ``httpx`` and ``httpcore`` included, which
log each URL they call — turned up to DEBUG, leave none of the stand-in's keys, secrets or
tokens (nor a TikTok request signature) in any record BizQ's logging set-up lets through."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import pytest

from bizq_app.core.logging import QUIET, configure_logging
from bizq_app.integrations.channels import QuantityChange, registry
from tests.standins import (
    amazon_server,
    ebay_server,
    etsy_server,
    shopify_server,
    tiktok_server,
    walmart_server,
)

SKU = "FIG-1"
Setup = tuple[str, dict[str, str], list[str], Callable[[], int]]


def on_shopify(stand_in: Any) -> Setup:
    stand_in.list_on_shopify("Fig candle", [(SKU, 0)])
    token = shopify_server.TOKEN
    shop = "standin-candles.myshopify.com"
    return shop, {"access_token": token}, [token], lambda: int(stand_in.quantity_of(SKU) or 0)


def on_amazon(stand_in: Any) -> Setup:
    stand_in.offer(SKU, "Fig candle")
    s = amazon_server
    credentials = {"marketplace_id": s.MARKETPLACE, "client_id": s.CLIENT_ID}
    credentials |= {"client_secret": s.CLIENT_SECRET, "refresh_token": s.REFRESH_TOKEN}
    hidden = [s.CLIENT_SECRET, s.REFRESH_TOKEN, s.ACCESS_TOKEN]
    return s.SELLER, credentials, hidden, lambda: int(stand_in.offers[SKU]["quantity"])


def on_ebay(stand_in: Any) -> Setup:
    stand_in.item(SKU, "Fig candle", 0)
    s = ebay_server
    credentials = {"marketplace_id": "EBAY_US", "client_id": s.CLIENT_ID}
    credentials |= {"client_secret": s.CLIENT_SECRET, "refresh_token": s.REFRESH_TOKEN}
    hidden = [s.CLIENT_SECRET, s.REFRESH_TOKEN, s.ACCESS_TOKEN, s.APP_TOKEN]
    return s.USERNAME, credentials, hidden, lambda: stand_in.quantity(SKU)


def on_etsy(stand_in: Any) -> Setup:
    stand_in.listing("Fig candle", {SKU: 0})
    s = etsy_server
    credentials = {"keystring": s.KEYSTRING, "shared_secret": s.SHARED_SECRET}
    credentials |= {"refresh_token": s.REFRESH_TOKEN}
    hidden = [s.SHARED_SECRET, s.REFRESH_TOKEN, s.ACCESS_TOKEN]
    return s.SHOP, credentials, hidden, lambda: int(stand_in.offering(SKU)["quantity"])


def on_tiktok(stand_in: Any) -> Setup:
    stand_in.product("Fig candle", {SKU: 0})
    s = tiktok_server
    credentials = {"app_key": s.APP_KEY, "app_secret": s.APP_SECRET}
    credentials |= {"refresh_token": s.REFRESH_TOKEN}
    hidden = [s.APP_SECRET, s.REFRESH_TOKEN, s.ACCESS_TOKEN]
    return s.SHOP, credentials, hidden, lambda: stand_in.quantity(SKU)


def on_walmart(stand_in: Any) -> Setup:
    stand_in.item(SKU, "Fig candle")
    s = walmart_server
    credentials = {"client_secret": s.CLIENT_SECRET}
    hidden = [s.CLIENT_SECRET, s.ACCESS_TOKEN]
    return s.CLIENT_ID, credentials, hidden, lambda: int(stand_in.items[SKU]["quantity"])


CHANNELS = {  # channel → its stand-in's fixture, and how the test sets it up
    "shopify": ("shopify", on_shopify),
    "amazon": ("amazon", on_amazon),
    "ebay": ("ebay", on_ebay),
    "etsy": ("etsy", on_etsy),
    "tiktok_shop": ("tiktok", on_tiktok),
    "walmart": ("walmart", on_walmart),
}


@pytest.mark.parametrize("channel", list(CHANNELS))
def test_a_token_refresh_and_a_stock_push_log_no_secret(
    channel: str, request: pytest.FixtureRequest, redis_db: object, caplog: pytest.LogCaptureFixture
) -> None:
    fixture, set_up = CHANNELS[channel]
    account, credentials, hidden, quantity = set_up(request.getfixturevalue(fixture))
    configure_logging()
    caplog.set_level(logging.DEBUG)
    for name in QUIET:  # as if someone turned them up again
        caplog.set_level(logging.DEBUG, logger=name)

    client = registry.client(channel, account, credentials)
    try:
        location = client.account().location_id  # the token refresh
        variant = client.listed(location).products[0].variants[0]
        client.set_quantities([QuantityChange(variant.stock_item, 4)], location)
    finally:
        client.close()

    logged = [caplog.handler.format(record) for record in caplog.records]
    assert quantity() == 4
    assert any("HTTP Request" in line for line in logged)  # httpx logged each call's URL
    assert [s for s in hidden if any(s in line for line in logged)] == []
    assert not [line for line in logged if re.search(r"sign=[0-9a-f]{64}", line)]
