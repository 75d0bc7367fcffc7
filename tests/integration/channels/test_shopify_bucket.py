"""Shopify's cost bucket is one per shop, however many BizQ processes call it: each client
waits for what the others spent (the bucket shared in Redis), so a burst of publishes from
fresh clients — a web process, a worker — is not refused as THROTTLED."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

from bizq_app.integrations.channels import ListingDraft, VariantDraft
from bizq_app.integrations.channels.registry import client
from tests.standins.shopify_server import LOCATION, TOKEN, ShopifyStandIn

SHOP = "standin-candles.myshopify.com"


def publish_with_a_fresh_client(n: int) -> str:
    fresh = client("shopify", SHOP, {"access_token": TOKEN})
    try:
        draft = ListingDraft(
            title=f"Candle {n}",
            description="",
            variants=(VariantDraft(f"C-{n}", Decimal("9.00"), 1),),
        )
        return fresh.publish(draft, LOCATION).external_id
    finally:
        fresh.close()


def test_fresh_clients_of_one_shop_wait_for_each_others_spending(
    shopify: ShopifyStandIn, redis_db: object
) -> None:
    # room for three productSets of one variant (16 points asked, 15 spent, each)
    shopify.maximum = shopify._available = 48.0
    shopify.restore_rate = 50.0  # about three a second
    first = client("shopify", SHOP, {"access_token": TOKEN})
    first.account()  # BizQ learns the shop's bucket (connecting does this)
    first.close()

    with ThreadPoolExecutor(max_workers=4) as pool:
        published = list(pool.map(publish_with_a_fresh_client, range(12)))

    assert len(set(published)) == 12
    assert len(shopify.requests) == 13  # not one call refused as THROTTLED and sent again
