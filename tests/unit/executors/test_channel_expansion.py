"""Where to sell next, from the store's own catalog, sales and connected channels: a
channel already connected is never suggested, fit follows price band, margin after fees,
the products' words and the budget, and the plan names the products to list first."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session

from bizq_app.channels.models import ChannelConnection, ChannelListing
from bizq_app.executors.channel_expansion import plan_channel_expansion
from bizq_app.executors.store_data import StoreData
from tests.executor_runs import run_rules
from tests.factories import make_product, make_sale, make_store

TASK = "growth.plan_channel_expansion"


def test_channels_are_rated_from_the_stores_own_catalog_sales_and_connections(
    session: Session,
) -> None:
    store = make_store(session)
    candle = make_product(
        session,
        store,
        title="Hand-poured fig candle",
        price=Decimal("24.00"),
        cost=Decimal("8.00"),
        inventory_quantity=40,
    )
    make_product(
        session, store, title="Cedar candle", price=Decimal("24.00"), cost=Decimal("10.00")
    )
    make_sale(session, store, candle, quantity=30, days_ago=10)  # 720 in 90 days: 240 a month
    shopify = ChannelConnection(
        store_id=store.store.id, channel="shopify", account="wick.myshopify.com", ciphertext="-"
    )
    session.add(shopify)
    session.flush()
    session.add(
        ChannelListing(store_id=store.store.id, connection_id=shopify.id, product_id=candle.id)
    )
    session.flush()
    data = StoreData(store.store.id, session)

    plan = run_rules(
        plan_channel_expansion, TASK, {"current_channels": [], "monthly_budget": 20}, data
    )

    rated = {c["channel"]: c for c in plan["channels"]}
    assert "shopify" not in rated  # connected in BizQ, with a live listing: in use
    assert set(rated) == {"amazon", "ebay", "etsy", "walmart", "tiktok_shop", "instagram"}
    # Etsy: price in band +15, ~60% margin − 9.5% fees − 0.45 → +10, "hand-poured" +15
    assert rated["etsy"]["fit_score"] == 90
    assert rated["etsy"]["expected_monthly_revenue"] == 54.0  # 240 × 0.25 × 90%
    # Amazon: +15 band, +10 margin, no matching words, 39.99 a month over a budget of 20
    assert rated["amazon"]["fit_score"] == 55
    assert any("over your budget (20)" in r for r in rated["amazon"]["risks"])
    assert [c["fit_score"] for c in plan["channels"]] == sorted(
        (c["fit_score"] for c in plan["channels"]), reverse=True
    )
    assert plan["recommended_first_channel"] == plan["channels"][0]["channel"]
    assert plan["plan_steps"][0].endswith("Hand-poured fig candle, Cedar candle.")


def test_a_store_already_everywhere_is_told_so(session: Session) -> None:
    store = make_store(session)
    make_product(session, store, price=Decimal("30.00"), cost=Decimal("12.00"))
    everywhere = ["shopify", "amazon", "ebay", "walmart", "etsy", "instagram", "tiktok_shop"]

    plan = run_rules(
        plan_channel_expansion,
        TASK,
        {"current_channels": everywhere},
        StoreData(store.store.id, session),
    )

    assert plan["channels"] == []
    assert plan["plan_steps"][0].startswith("Every channel considered is in use already")


def test_the_plan_says_to_connect_a_channel_bizq_connects_to_and_to_upload_the_others(
    session: Session,
) -> None:
    store = make_store(session)
    make_product(session, store, price=Decimal("30.00"), cost=Decimal("12.00"))
    data = StoreData(store.store.id, session)

    def steps(channel: str) -> list[str]:
        found = run_rules(plan_channel_expansion, TASK, {"candidate_channels": [channel]}, data)
        return list(found["plan_steps"])

    assert any("Connect it in Settings → Sales channels" in s for s in steps("ebay"))
    assert any("Download the Etsy listings CSV" in s for s in steps("etsy"))
    assert not any("Download" in s for s in steps("amazon"))
