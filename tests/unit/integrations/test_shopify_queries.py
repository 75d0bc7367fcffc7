"""Every request BizQ sends Shopify is one Shopify accepts: each document is valid for the
Admin API schema of the version BizQ pins (Shopify's own, vendored), uses nothing that
version deprecates, costs at most Shopify's 1,000 points a request (and what BizQ
reserves from the shop's bucket for it), and the variables BizQ really sends coerce to
their types. The version itself keeps at least 60 days of Shopify's support."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import httpx
import pytest
from graphql import OperationDefinitionNode, parse

from bizq_app.integrations.channels import ListingDraft, QuantityChange, VariantDraft
from bizq_app.integrations.channels import shopify_queries as queries
from bizq_app.integrations.channels.shopify import (
    API_VERSION,
    ShopifyClient,
    idempotency_key,
    supported_until,
)
from tests.standins import shopify_schema
from tests.standins.shopify_server import LOCATION, SHOP, TOKEN, ShopifyStandIn

DOCUMENTS = {
    name: value
    for name, value in vars(queries).items()
    if isinstance(value, str) and value.lstrip().startswith(("query", "mutation"))
}
# what each operation costs by Shopify's calculation, as the adapter reserves it
DECLARED: dict[str, Callable[[dict[str, Any]], int]] = {
    "shop": lambda _: queries.SHOP_COST,
    "productSet": lambda v: queries.product_set_cost(int(v["variants"])),
    "orders": lambda _: queries.ORDERS_COST,
    "orderLines": lambda _: queries.ORDER_LINES_COST,
    "products": lambda _: queries.PRODUCTS_COST,
    "productVariants": lambda _: queries.PRODUCT_VARIANTS_COST,
    "fulfillmentOrders": lambda _: queries.FULFILLMENT_ORDERS_COST,
    "fulfillmentCreate": lambda _: queries.FULFILL_COST,
    "webhookSubscriptionCreate": lambda _: queries.SUBSCRIBE_COST,
    "inventorySetQuantities": lambda _: queries.SET_QUANTITIES_COST,
}
MIN_DAYS_OF_SUPPORT = 60


def operation_name(query: str) -> str:
    found = next(d for d in parse(query).definitions if isinstance(d, OperationDefinitionNode))
    assert found.name is not None, "every document names its operation"
    return found.name.value


@pytest.fixture(scope="module")
def sent() -> Iterator[list[dict[str, Any]]]:
    """Every request the adapter sent while doing each thing it does once, against the
    stand-in: connect, publish, push (compared and not), read listings (a product with
    more variants than a page holds), read orders (one with more lines than a page holds),
    subscribe and ship."""
    stand_in = ShopifyStandIn(bucket=1_000_000.0, restore_rate=1_000_000.0)
    client = ShopifyClient(SHOP, TOKEN, base_url=stand_in.url)
    try:
        client.account()
        draft = ListingDraft("Fig candle", "", (VariantDraft("FIG-1", Decimal("24.00"), 5),))
        item = client.publish(draft, LOCATION).stock_items["FIG-1"]
        client.set_quantities([QuantityChange(item, 3, 5, "movement-1")], LOCATION)
        client.set_quantities([QuantityChange(item, 4, None, "movement-2")], LOCATION)
        stand_in.list_on_shopify("Candle wall", [(f"WALL-{n}", n) for n in range(45)])
        client.listed(LOCATION)
        order = stand_in.place_order([(f"LINE-{n}", 1) for n in range(30)])
        client.orders_since("2000-01-01T00:00:00Z")
        client.subscribe_orders("https://wick.example.com/api/channels/1/webhooks/shopify/orders")
        client.ship(f"gid://shopify/Order/{order['id']}", "1Z999AA10123456784")
        yield [r["body"] for r in stand_in.requests]
    finally:
        client.close()
        stand_in.close()


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_document_is_valid_for_the_pinned_schema_and_uses_nothing_deprecated(
    name: str,
) -> None:
    query = DOCUMENTS[name]

    invalid = [e["message"] for e in shopify_schema.problems(query, None)]

    assert not [m for m in invalid if not m.startswith("Variable $")], invalid
    assert shopify_schema.deprecated(query) == []
    assert operation_name(query) in DECLARED


def test_every_operation_is_sent_and_each_request_is_valid_costs_what_bizq_reserves_at_most_1000(
    sent: list[dict[str, Any]],
) -> None:
    names = set()
    for body in sent:
        query, variables = body["query"], body["variables"]
        name = operation_name(query)
        names.add(name)
        cost = shopify_schema.requested_cost(query, variables)

        assert shopify_schema.problems(query, variables) == [], name
        assert shopify_schema.deprecated_in_variables(query, variables) == [], name
        assert cost <= shopify_schema.MAX_COST, f"{name} asks for {cost} points"
        assert cost == DECLARED[name](variables), f"{name} costs {cost}"
    assert names == set(DECLARED)  # each operation ran, the paged ones included


def test_each_push_of_quantities_compares_or_says_it_does_not_and_names_itself(
    sent: list[dict[str, Any]],
) -> None:
    pushes = [
        b["variables"] for b in sent if operation_name(b["query"]) == "inventorySetQuantities"
    ]

    quantities = [p["input"]["quantities"][0] for p in pushes]
    assert [q["changeFromQuantity"] for q in quantities] == [5, None]  # given, even as null
    assert len({p["key"] for p in pushes}) == 2  # each push its own idempotency key


def test_an_idempotency_key_names_one_push_and_nothing_else() -> None:
    item, other = "gid://shopify/InventoryItem/1", "gid://shopify/InventoryItem/2"
    push = [QuantityChange(item, 3, 5, "movement-1")]

    again = idempotency_key(SHOP, [QuantityChange(item, 3, 5, "movement-1")])
    others = {
        idempotency_key(SHOP, [QuantityChange(item, 3, 5, "movement-2")]),  # stock moved
        idempotency_key(SHOP, [QuantityChange(other, 3, 5, "movement-1")]),
        idempotency_key(SHOP, [QuantityChange(item, 3, None, "movement-1")]),
        idempotency_key("other-shop.myshopify.com", push),
    }

    assert idempotency_key(SHOP, push) == again  # a retry of the push: Shopify applies it once
    assert idempotency_key(SHOP, push) not in others and len(others) == 4


def test_the_pinned_version_has_at_least_60_days_of_shopify_support_left() -> None:
    left = (supported_until(API_VERSION) - date.today()).days

    assert left >= MIN_DAYS_OF_SUPPORT, (
        f"Shopify supports API version {API_VERSION} until {supported_until(API_VERSION)}: "
        "move API_VERSION to a newer one (and vendor its schema for the stand-in)"
    )
    assert API_VERSION == shopify_schema.VERSION  # the stand-in checks against this one


def test_support_ends_twelve_months_after_a_release() -> None:
    assert supported_until("2025-07") == date(2026, 7, 1)
    assert supported_until("2026-10") == date(2027, 10, 1)


def test_shopify_s_cost_calculation_prices_connections_by_what_they_ask_for() -> None:
    nested = """query { products(first: 10) { nodes { title
        variants(first: 5) { nodes { price } } } } }"""
    unpaged = """query { orders(first: 50) { nodes { id customer { displayName }
        lineItems(first: 100) { nodes { sku originalUnitPriceSet { shopMoney { amount } } } }
        } pageInfo { hasNextPage } } }"""

    assert shopify_schema.requested_cost("query { shop { name } }") == 1
    assert shopify_schema.requested_cost(nested) == 2 + 10 * (1 + 2 + 5 * 1)
    assert shopify_schema.requested_cost(unpaged) == 2 + 50 * (1 + 1 + 2 + 100 * 3)


def test_the_stand_in_refuses_what_shopify_refuses() -> None:
    stand_in = ShopifyStandIn(today=date(2026, 12, 7))
    headers = {"X-Shopify-Access-Token": TOKEN}
    unpaged = """query { orders(first: 50) { nodes { id
        lineItems(first: 100) { nodes { sku } } } } }"""
    try:
        with httpx.Client(base_url=stand_in.url, headers=headers) as http:
            costly = http.post(f"/admin/api/{API_VERSION}/graphql.json", json={"query": unpaged})
            unknown = http.post(
                f"/admin/api/{API_VERSION}/graphql.json", json={"query": "{ shop { nope } }"}
            )
            retired = http.post(
                "/admin/api/2025-07/graphql.json", json={"query": "{ shop { name } }"}
            )
    finally:
        stand_in.close()

    error = costly.json()["errors"][0]
    assert error["extensions"]["code"] == "MAX_COST_EXCEEDED"
    cost = shopify_schema.requested_cost(unpaged)
    assert error["message"].startswith(f"Query cost is {cost}, which exceeds the single query")
    assert "nope" in unknown.json()["errors"][0]["message"]
    assert retired.headers["X-Shopify-API-Version"] == "2026-01"  # the oldest supported
    assert costly.headers["X-Shopify-API-Version"] == API_VERSION
