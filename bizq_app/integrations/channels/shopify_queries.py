"""The documents BizQ sends Shopify's Admin GraphQL API, each priced beside it by
Shopify's calculation ("GraphQL Admin API rate limits", Cost calculation): a scalar or an
enum costs 0, an object 1, a connection 2 plus ``first`` times one node (itself 1 and what
is selected of it), a mutation 10 plus what its answer selects. Shopify refuses a request
whose requested cost is over 1,000 points, so each stays under it and pages what it
reads: ten orders a page with their first ten lines (an order with more has the rest read
by ``ORDER_LINES``), ten products with their first ten variants (likewise,
``PRODUCT_VARIANTS``). A unit test checks every document and figure against the schema.
``product_input`` builds what ``PRODUCT_SET`` takes.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bizq_app.integrations.channels import ListingDraft

MUTATION = 10  # what Shopify charges a mutation, before what its answer selects

SHOP = """query shop { shop { name myshopifyDomain currencyCode }
  locations(first: 1) { nodes { id name } } }"""
SHOP_COST = 1 + 2 + 1  # the shop; a connection of one location

MAX_VARIANTS = 250  # the most one connection returns
PRODUCT_SET = """mutation productSet($input: ProductSetInput!, $synchronous: Boolean!,
  $variants: Int!) {
  productSet(synchronous: $synchronous, input: $input) {
    product { id handle onlineStoreUrl
      variants(first: $variants) { nodes { id sku inventoryItem { id } } } }
    userErrors { field message code } } }"""


def product_set_cost(variants: int) -> int:
    """The mutation; its product; the variants connection (each with its inventory item);
    the user errors."""
    return MUTATION + 1 + 2 + variants * 2 + 1


LINE = """fragment Line on LineItem { sku title currentQuantity
  originalUnitPriceSet { shopMoney { amount } } }"""
LINE_COST = 1 + 2  # the line; its unit price's shop money
ORDERS_PAGE, FIRST_LINES, MORE_LINES = 10, 10, 100
ORDERS = (
    """query orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
    nodes { id name createdAt updatedAt email currencyCode displayFinancialStatus cancelledAt test
      customer { displayName }
      shippingAddress { name address1 city zip countryCodeV2 }
      shippingLine { title originalPriceSet { shopMoney { amount } } }
      lineItems(first: 10) { nodes { ...Line } pageInfo { hasNextPage endCursor } } }
    pageInfo { hasNextPage endCursor } } }
"""
    + LINE
)
# per order: itself, its customer, its address, its shipping line (3), its first lines
ORDERS_COST = 2 + ORDERS_PAGE * (1 + 1 + 1 + 3 + 2 + FIRST_LINES * LINE_COST)
ORDER_LINES = (
    """query orderLines($id: ID!, $after: String) {
  order(id: $id) {
    lineItems(first: 100, after: $after) { nodes { ...Line } pageInfo { hasNextPage endCursor } }
  } }
"""
    + LINE
)
ORDER_LINES_COST = 1 + 2 + MORE_LINES * LINE_COST

VARIANT = """fragment Variant on ProductVariant { sku inventoryItem { id
  inventoryLevel(locationId: $location) { quantities(names: ["available"]) {
    name quantity } } } }"""
VARIANT_COST = 1 + 1 + 1 + 1  # the variant, its inventory item, its level, the quantities
LISTED_PAGE, LISTED_VARIANTS, MORE_VARIANTS = 10, 10, 100
PRODUCTS = (
    """query products($first: Int!, $after: String, $location: ID!) {
  products(first: $first, after: $after, sortKey: ID) {
    nodes { id title onlineStoreUrl
      variants(first: 10) { nodes { ...Variant } pageInfo { hasNextPage endCursor } } }
    pageInfo { hasNextPage endCursor } } }
"""
    + VARIANT
)
PRODUCTS_COST = 2 + LISTED_PAGE * (1 + 2 + LISTED_VARIANTS * VARIANT_COST)
PRODUCT_VARIANTS = (
    """query productVariants($id: ID!, $after: String, $location: ID!) {
  product(id: $id) {
    variants(first: 100, after: $after) { nodes { ...Variant } pageInfo { hasNextPage endCursor } }
  } }
"""
    + VARIANT
)
PRODUCT_VARIANTS_COST = 1 + 2 + MORE_VARIANTS * VARIANT_COST

FULFILLMENT_ORDERS = """query fulfillmentOrders($id: ID!) {
  order(id: $id) { fulfillmentOrders(first: 10) { nodes { id status } } } }"""
FULFILLMENT_ORDERS_COST = 1 + 2 + 10
FULFILL = """mutation fulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message } } }"""
FULFILL_COST = MUTATION + 1 + 1
SUBSCRIBE = """mutation webhookSubscriptionCreate($topic: WebhookSubscriptionTopic!,
  $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { id topic }
    userErrors { field message } } }"""
SUBSCRIBE_COST = MUTATION + 1 + 1
TAKEN = "already been taken"  # Shopify's words for a subscription that exists
OPEN_FULFILLMENTS = ("OPEN", "IN_PROGRESS")
# From 2026-04 the compare is ``changeFromQuantity`` (null: set without comparing), given
# for every quantity, and the mutation takes an idempotency key (``@idempotent``).
SET_QUANTITIES = """mutation inventorySetQuantities($input: InventorySetQuantitiesInput!,
  $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { reason changes { name delta } }
    userErrors { field message code } } }"""
SET_QUANTITIES_COST = MUTATION + 1 + 1 + 1


def product_input(draft: ListingDraft, location_id: str) -> dict[str, Any]:
    """``ProductSetInput`` for a draft: its options, and each variant with SKU, price and
    the quantity at the location (a product without options has Shopify's one
    "Title" option)."""
    names = list(dict.fromkeys(k for v in draft.variants for k in v.options)) or ["Title"]
    options = [
        {
            "name": name,
            "values": [
                {"name": value}
                for value in dict.fromkeys(
                    v.options.get(name, "Default Title") for v in draft.variants
                )
            ],
        }
        for name in names
    ]
    variants = []
    for v in draft.variants:
        variant: dict[str, Any] = {
            "optionValues": [
                {"optionName": name, "name": v.options.get(name, "Default Title")} for name in names
            ],
            "sku": v.sku,
            "inventoryItem": {"sku": v.sku, "tracked": True},
        }
        if "price" not in draft.omit:
            variant["price"] = str(v.price.quantize(Decimal("0.01")))
        if v.quantity is not None:
            variant["inventoryQuantities"] = [
                {"locationId": location_id, "name": "available", "quantity": v.quantity}
            ]
        variants.append(variant)
    body: dict[str, Any] = {
        "status": "ACTIVE" if draft.active else "DRAFT",
        "productOptions": options,
        "variants": variants,
    }
    if "title" not in draft.omit:  # Shopify leaves an omitted field as it is
        body["title"] = draft.title
    if "description" not in draft.omit:
        body["descriptionHtml"] = draft.description
    if draft.external_id:
        body["id"] = draft.external_id
    return body
