"""The item specifics a publish form asks for: those eBay's category requires (by the
Taxonomy API, of the category eBay suggests for the title), with the values eBay lists,
less those every variant names; none for a channel that asks for none."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient

from bizq_app.channels import item_specifics
from bizq_app.core.db import session_scope
from bizq_app.core.errors import PermissionDenied
from bizq_app.integrations.channels.ebay_aspects import ItemSpecific
from tests.integration.channels.conftest import add_product, connect_channel, fig_candle_store
from tests.integration.channels.test_ebay_channel import FIELDS
from tests.integration.conftest import signup
from tests.standins.ebay_server import EbayStandIn
from tests.standins.shopify_server import TOKEN, ShopifyStandIn

MUGS = "20625"
GLAZES = ("Matte", "Gloss", "Speckled")
MUG_PHOTO = "https://cdn.wick.example.com/mug.jpg"


def asked(client: TestClient, auth: dict[str, str], connection: str, product: str) -> object:
    user = client.get("/api/auth/me", headers=auth).json()["id"]
    return item_specifics.required(
        open_session=session_scope,
        user_id=uuid.UUID(user),
        connection_id=uuid.UUID(connection),
        product_id=product,
    )


def test_the_category_s_required_item_specifics_are_asked_with_ebay_s_values(
    client: TestClient, ebay: EbayStandIn
) -> None:
    ebay.category(MUGS, "Mugs", words="mug", required={"Brand": (), "Glaze": GLAZES})
    auth, store_id, candle = fig_candle_store(client, images=[MUG_PHOTO])
    mug = add_product(client, auth, store_id, "Stoneware mug", "18.00", images=[MUG_PHOTO])
    glazed = [
        {"options": {"glaze": g}, "price": "18.00", "sku": f"MUG-{g[0]}", "stock": 2}
        for g in GLAZES[:2]
    ]
    by_glaze = add_product(client, auth, store_id, "Glazed mug", "18.00", variants=glazed)
    connection = connect_channel(client, auth, store_id, FIELDS).json()["id"]

    for_mug = asked(client, auth, connection, mug)
    for_glazed = asked(client, auth, connection, by_glaze)
    for_candle = asked(client, auth, connection, candle)

    assert for_mug == (
        ItemSpecific("Brand", required=True),
        ItemSpecific("Glaze", required=True, values=GLAZES, only_listed=True),
    )
    assert for_glazed == (ItemSpecific("Brand", required=True),)  # each variant has a glaze
    assert for_candle == ()  # Candles requires nothing here


def test_a_channel_without_item_specifics_asks_for_none_and_strangers_for_nothing(
    client: TestClient, shopify: ShopifyStandIn
) -> None:
    auth, store_id, candle = fig_candle_store(client)
    shop = {"channel": "shopify", "shop": "standin-candles.myshopify.com", "access_token": TOKEN}
    connection = connect_channel(client, auth, store_id, shop).json()["id"]
    stranger = signup(client, f"stranger-{uuid.uuid4().hex[:6]}@example.com")

    assert asked(client, auth, connection, candle) == ()
    with pytest.raises(PermissionDenied):
        asked(client, stranger, connection, candle)
