"""Shopify through its Admin GraphQL API on httpx (no maintained official Python SDK
covers GraphQL beyond sending a query, which httpx does with less between us and it).

Every call is ``POST /admin/api/<version>/graphql.json`` with the
``X-Shopify-Access-Token`` header. Shopify limits a shop's calls by a bucket of query
cost (``extensions.cost.throttleStatus``: what is available and how fast it refills):
the client waits before a call the bucket cannot pay for — the bucket as any client of
the shop last saw it, shared in Redis (``RedisBucket``) — and retries a call refused
with ``THROTTLED`` once the bucket has refilled. A mutation's ``userErrors`` become a
``ChannelRejected`` with Shopify's own words; a wrong token is ``AuthenticationFailed``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
import time
from decimal import Decimal
from typing import Any

import httpx

from bizq_app.core.errors import AuthenticationFailed, IntegrationError, RateLimited, Unavailable
from bizq_app.integrations.channels import (
    ChannelAccount,
    ChannelOrder,
    ChannelRejected,
    ListedPage,
    ListedProduct,
    ListedVariant,
    ListingDraft,
    OrderLine,
    OrderPage,
    PublishedListing,
    QuantityChange,
)

API_VERSION = "2025-07"
MAX_WAIT_SECONDS = 10.0
SPARE_POINTS = 1
BUCKET_SECONDS = 3600  # a shop's shared bucket is forgotten after an hour unused
SHOP = """query { shop { name myshopifyDomain currencyCode }
  locations(first: 1) { nodes { id name } } }"""
PRODUCT_SET = """mutation productSet($input: ProductSetInput!, $synchronous: Boolean!) {
  productSet(synchronous: $synchronous, input: $input) {
    product { id handle onlineStoreUrl
      variants(first: 100) { nodes { id sku inventoryItem { id } } } }
    userErrors { field message code } } }"""
ORDERS = """query orders($first: Int!, $after: String, $query: String) {
  orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {
    nodes { id name updatedAt email currencyCode
      customer { displayName }
      shippingAddress { name address1 city zip countryCodeV2 }
      shippingLine { title originalPriceSet { shopMoney { amount } } }
      lineItems(first: 100) { nodes { sku title quantity
        originalUnitPriceSet { shopMoney { amount } } } } }
    pageInfo { hasNextPage endCursor } } }"""
LISTED_PAGE = 10
LISTED_VARIANTS = 25
PRODUCTS = """query products($first: Int!, $after: String, $location: ID!) {
  products(first: $first, after: $after, sortKey: ID) {
    nodes { id title onlineStoreUrl
      variants(first: 25) { nodes { sku inventoryItem { id
        inventoryLevel(locationId: $location) { quantities(names: ["available"]) {
          name quantity } } } } } }
    pageInfo { hasNextPage endCursor } } }"""
FULFILLMENT_ORDERS = """query fulfillmentOrders($id: ID!) {
  order(id: $id) { fulfillmentOrders(first: 10) { nodes { id status } } } }"""
FULFILL = """mutation fulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id status }
    userErrors { field message } } }"""
SUBSCRIBE = """mutation webhookSubscriptionCreate($topic: WebhookSubscriptionTopic!,
  $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { id topic }
    userErrors { field message } } }"""
TAKEN = "already been taken"  # Shopify's words for a subscription that exists
OPEN_FULFILLMENTS = ("OPEN", "IN_PROGRESS")
PAGE_SIZE = 50
SET_QUANTITIES = """mutation inventorySetQuantities($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { reason changes { name delta } }
    userErrors { field message code } } }"""


class ShopifyClient:
    """One shop's Admin API; implements ``ChannelClient``."""

    name = "shopify"
    listing_per_sku = False

    def __init__(
        self,
        shop: str,
        token: str,
        *,
        base_url: str | None = None,
        timeout: float = 20.0,
        max_retries: int = 3,
        bucket: RedisBucket | None = None,
    ) -> None:
        root = base_url or f"https://{shop}"
        self._http = httpx.Client(
            base_url=root.rstrip("/"),
            timeout=timeout,
            headers={"X-Shopify-Access-Token": token, "Content-Type": "application/json"},
        )
        self._path = f"/admin/api/{API_VERSION}/graphql.json"
        self._timeout, self._max_retries = timeout, max_retries
        self._bucket: dict[str, float] = {}  # the last throttleStatus Shopify sent
        self._seen_at = 0.0  # when (wall clock: shared with other processes)
        self._shared = bucket
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def account(self) -> ChannelAccount:
        data = self._query(SHOP, {}, cost=2)
        shop, locations = data["shop"], data["locations"]["nodes"]
        if not locations:
            raise ChannelRejected("The shop has no location to keep stock at; add one in Shopify.")
        return ChannelAccount(
            name=str(shop["name"]),
            domain=str(shop["myshopifyDomain"]),
            currency=str(shop["currencyCode"]),
            location_id=str(locations[0]["id"]),
        )

    def publish(self, draft: ListingDraft, location_id: str) -> PublishedListing:
        data = self._query(
            PRODUCT_SET, {"input": product_input(draft, location_id), "synchronous": True}, cost=10
        )
        result = data["productSet"]
        _refuse_on_user_errors(result["userErrors"])
        product = result["product"]
        return PublishedListing(
            external_id=str(product["id"]),
            url=str(product.get("onlineStoreUrl") or ""),
            stock_items={
                str(v["sku"]): str(v["inventoryItem"]["id"])
                for v in product["variants"]["nodes"]
                if v.get("sku")
            },
        )

    def listed(self, location_id: str, page: str | None = None) -> ListedPage:
        variables = {"first": LISTED_PAGE, "after": page, "location": location_id}
        cost = 2 + LISTED_PAGE * (1 + 2 * LISTED_VARIANTS)  # Shopify's estimate, roughly
        data = self._query(PRODUCTS, variables, cost=cost)["products"]
        info = data["pageInfo"]
        return ListedPage(
            products=tuple(_listed(node) for node in data["nodes"]),
            next_page=str(info["endCursor"]) if info["hasNextPage"] else None,
        )

    def set_quantities(self, changes: list[QuantityChange], location_id: str) -> None:
        quantities = []
        for change in changes:
            quantity: dict[str, Any] = {
                "inventoryItemId": change.stock_item,
                "locationId": location_id,
                "quantity": change.quantity,
                "compareQuantity": change.expected,
            }
            quantities.append(quantity)
        body = {
            "input": {
                "name": "available",
                "reason": "correction",
                "referenceDocumentUri": "bizq://stock",
                "quantities": quantities,
            }
        }
        data = self._query(SET_QUANTITIES, body, cost=10)
        _refuse_on_user_errors(data["inventorySetQuantities"]["userErrors"])

    def orders_since(self, updated_after: str, page: str | None = None) -> OrderPage:
        variables = {"first": PAGE_SIZE, "after": page, "query": f"updated_at:>'{updated_after}'"}
        data = self._query(ORDERS, variables, cost=PAGE_SIZE + 2)["orders"]
        info = data["pageInfo"]
        return OrderPage(
            orders=tuple(_order(node) for node in data["nodes"]),
            next_page=str(info["endCursor"]) if info["hasNextPage"] else None,
        )

    def subscribe_orders(self, callback_url: str) -> bool:
        """Have Shopify send ``orders/create`` to ``callback_url`` (signed with the app's
        client secret); True once subscribed, also when it already was."""
        variables = {
            "topic": "ORDERS_CREATE",
            "webhookSubscription": {"callbackUrl": callback_url, "format": "JSON"},
        }
        data = self._query(SUBSCRIBE, variables, cost=10)["webhookSubscriptionCreate"]
        errors = [e for e in data["userErrors"] if TAKEN not in str(e.get("message"))]
        _refuse_on_user_errors(errors)
        return True

    def ship(self, order_external_id: str, tracking_number: str) -> None:
        """Fulfil the order's open fulfillment orders with the tracking number (Shopify
        tells the buyer)."""
        order = self._query(FULFILLMENT_ORDERS, {"id": order_external_id}, cost=12)["order"]
        if order is None:
            raise ChannelRejected("Shopify: the order no longer exists there.")
        open_ones = [
            {"fulfillmentOrderId": node["id"]}
            for node in order["fulfillmentOrders"]["nodes"]
            if node["status"] in OPEN_FULFILLMENTS
        ]
        if not open_ones:
            raise ChannelRejected("Shopify: the order has nothing left to fulfil.")
        fulfillment = {
            "lineItemsByFulfillmentOrder": open_ones,
            "trackingInfo": {"number": tracking_number},
            "notifyCustomer": True,
        }
        data = self._query(FULFILL, {"fulfillment": fulfillment}, cost=10)
        _refuse_on_user_errors(data["fulfillmentCreate"]["userErrors"])

    def _query(self, query: str, variables: dict[str, Any], *, cost: int) -> dict[str, Any]:
        """Run one GraphQL operation, paying for it from the shop's bucket."""
        for attempt in range(self._max_retries + 1):
            self._wait_for(cost)
            body = self._post({"query": query, "variables": variables})
            self._remember(body)
            errors = body.get("errors")
            if not errors:
                return dict(body["data"])
            if _throttled(errors) and attempt < self._max_retries:
                continue  # the bucket said when it refills enough; _wait_for waits for it
            if _throttled(errors):
                raise RateLimited("Shopify kept refusing calls: its rate limit is used up.")
            raise IntegrationError(f"Shopify refused the call: {_messages(errors)}")
        raise AssertionError("unreachable")

    def _post(self, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self._http.post(self._path, json=payload)
        except httpx.TimeoutException as exc:
            raise Unavailable(f"Shopify did not answer within {self._timeout:g} s.") from exc
        except httpx.TransportError as exc:
            raise Unavailable(f"Could not reach Shopify ({exc.__class__.__name__}).") from exc
        if response.status_code in (401, 403):
            raise AuthenticationFailed(
                "Shopify refused the access token: check the shop address and the Admin API "
                "access token (it needs write_products and write_inventory)."
            )
        if response.status_code == 404:
            raise IntegrationError("No Shopify shop answers at that address.")
        if response.status_code == 429 or response.status_code >= 500:
            raise Unavailable(f"Shopify answered {response.status_code}; try again shortly.")
        try:
            return dict(response.json())
        except ValueError as exc:
            raise IntegrationError("Shopify answered something that is not JSON.") from exc

    def _remember(self, body: dict[str, Any]) -> None:
        status = (body.get("extensions") or {}).get("cost", {}).get("throttleStatus")
        if not status:
            return
        bucket, now = {k: float(v) for k, v in status.items()}, time.time()
        with self._lock:
            self._bucket, self._seen_at = bucket, now
        if self._shared is not None:
            self._shared.observe(bucket, now)

    def _wait_for(self, cost: int) -> None:
        """Sleep until the bucket, refilling at its restore rate, can pay ``cost``. With a
        shared bucket the cost is reserved there at once, so the shop's other clients
        queue behind it instead of being refused."""
        if self._shared is not None:  # a point to spare: Shopify's figures are rounded
            wait = self._shared.take(cost + SPARE_POINTS, time.time())
        else:
            with self._lock:
                if not self._bucket:
                    return
                refilled = (time.time() - self._seen_at) * self._bucket["restoreRate"]
                available = min(
                    self._bucket["currentlyAvailable"] + refilled,
                    self._bucket["maximumAvailable"],
                )
                missing = cost - available
                wait = missing / self._bucket["restoreRate"] if missing > 0 else 0.0
        if wait > 0:
            time.sleep(min(wait, MAX_WAIT_SECONDS))


# A shop's bucket in Redis: currentlyAvailable as of ``at`` (a wall-clock time, shared by
# every process), maximumAvailable and restoreRate as Shopify last said. Both scripts run
# atomically in Redis, so two clients never spend the same points.
_TAKE = """
local b = redis.call('HMGET', KEYS[1], 'currentlyAvailable', 'maximumAvailable',
                     'restoreRate', 'at')
if not b[1] then return '0' end
local now, cost = tonumber(ARGV[1]), tonumber(ARGV[2])
local rate, at = tonumber(b[3]), tonumber(b[4])
local from = math.max(now, at)  -- after the calls already reserved
local available = math.min(tonumber(b[1]) + math.max(now - at, 0) * rate, tonumber(b[2]))
if available < cost then from = from + (cost - available) / rate end
redis.call('HSET', KEYS[1], 'currentlyAvailable', math.max(available - cost, 0), 'at', from)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return tostring(from - now)
"""
_OBSERVE = """
local now, seen = tonumber(ARGV[1]), tonumber(ARGV[2])
local b = redis.call('HMGET', KEYS[1], 'currentlyAvailable', 'at')
if b[1] then
  local rate = tonumber(ARGV[4])
  local projected = math.min(tonumber(b[1]) + math.max(now - tonumber(b[2]), 0) * rate,
                             tonumber(ARGV[3]))
  seen = math.min(seen, projected)
end
redis.call('HSET', KEYS[1], 'currentlyAvailable', seen, 'maximumAvailable', ARGV[3],
           'restoreRate', ARGV[4], 'at', math.max(now, tonumber(b[2] or now)))
redis.call('EXPIRE', KEYS[1], ARGV[5])
return 1
"""


class RedisBucket:
    """A shop's cost bucket shared in Redis by the web processes and workers calling it:
    ``take`` reserves a call's cost (saying how long to wait first), ``observe`` records
    what Shopify answered without giving back points others have reserved."""

    def __init__(self, redis: Any, shop: str) -> None:
        self._redis, self._key = redis, f"bizq:shopify-bucket:{shop}"

    def take(self, cost: int, now: float) -> float:
        return float(self._redis.eval(_TAKE, 1, self._key, now, cost, BUCKET_SECONDS))

    def observe(self, bucket: dict[str, float], now: float) -> None:
        self._redis.eval(
            _OBSERVE,
            1,
            self._key,
            now,
            bucket["currentlyAvailable"],
            bucket["maximumAvailable"],
            bucket["restoreRate"],
            BUCKET_SECONDS,
        )


def _listed(node: dict[str, Any]) -> ListedProduct:
    variants = []
    for variant in node["variants"]["nodes"]:
        item = variant["inventoryItem"]
        level = item.get("inventoryLevel") or {}
        available = [q for q in level.get("quantities") or [] if q["name"] == "available"]
        quantity = int(available[0]["quantity"]) if available else 0
        variants.append(ListedVariant(str(variant.get("sku") or ""), str(item["id"]), quantity))
    return ListedProduct(
        external_id=str(node["id"]),
        url=str(node.get("onlineStoreUrl") or ""),
        title=str(node.get("title") or ""),
        variants=tuple(variants),
    )


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


def _order(node: dict[str, Any]) -> ChannelOrder:
    """An order from the GraphQL ``Order`` fields ``ORDERS`` asks for."""
    address = node.get("shippingAddress") or {}
    shipping = node.get("shippingLine") or {}
    lines = tuple(
        OrderLine(
            sku=str(line.get("sku") or ""),
            quantity=int(line["quantity"]),
            unit_price=Decimal(str(line["originalUnitPriceSet"]["shopMoney"]["amount"])),
            title=str(line.get("title") or ""),
        )
        for line in node["lineItems"]["nodes"]
    )
    return ChannelOrder(
        external_id=str(node["id"]),
        name=str(node["name"]),
        updated_at=str(node["updatedAt"]),
        email=str(node.get("email") or ""),
        buyer=str((node.get("customer") or {}).get("displayName") or address.get("name") or ""),
        currency=str(node["currencyCode"]),
        lines=lines,
        shipping=Decimal(
            str(
                ((shipping.get("originalPriceSet") or {}).get("shopMoney") or {}).get("amount")
                or "0"
            )
        ),
        shipping_address={
            "line1": str(address.get("address1") or ""),
            "city": str(address.get("city") or ""),
            "postal_code": str(address.get("zip") or ""),
            "country": str(address.get("countryCodeV2") or ""),
        },
        shipping_service=str(shipping.get("title") or ""),
    )


def webhook_order(payload: dict[str, Any]) -> ChannelOrder:
    """An order from an ``orders/create`` webhook's body (the REST Admin API's order JSON);
    its id in the GraphQL form, so a webhook and a poll name the same order alike."""
    address = payload.get("shipping_address") or {}
    shipping = (payload.get("shipping_lines") or [{}])[0]
    customer = payload.get("customer") or {}
    buyer = " ".join(str(customer.get(k) or "") for k in ("first_name", "last_name")).strip()
    return ChannelOrder(
        external_id=f"gid://shopify/Order/{int(payload['id'])}",
        name=str(payload.get("name") or payload["id"]),
        updated_at=str(payload.get("updated_at") or ""),
        email=str(payload.get("email") or ""),
        buyer=buyer or str(address.get("name") or ""),
        currency=str(payload.get("currency") or ""),
        lines=tuple(
            OrderLine(
                sku=str(line.get("sku") or ""),
                quantity=int(line["quantity"]),
                unit_price=Decimal(str(line["price"])),
                title=str(line.get("title") or ""),
            )
            for line in payload.get("line_items") or []
        ),
        shipping=Decimal(str(shipping.get("price") or "0")),
        shipping_address={
            "line1": str(address.get("address1") or ""),
            "city": str(address.get("city") or ""),
            "postal_code": str(address.get("zip") or ""),
            "country": str(address.get("country_code") or ""),
        },
        shipping_service=str(shipping.get("title") or ""),
    )


def verify_webhook(body: bytes, signature: str, secret: str) -> bool:
    """Whether ``X-Shopify-Hmac-Sha256`` is the base64 HMAC-SHA256 of the raw body under
    the app's client secret."""
    expected = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, signature.encode())


def _refuse_on_user_errors(errors: list[dict[str, Any]]) -> None:
    if errors:
        raise ChannelRejected("Shopify: " + "; ".join(str(e.get("message")) for e in errors))


def _throttled(errors: Any) -> bool:
    return isinstance(errors, list) and any(
        (e.get("extensions") or {}).get("code") == "THROTTLED" for e in errors
    )


def _messages(errors: Any) -> str:
    if isinstance(errors, list):
        return "; ".join(str(e.get("message")) for e in errors)
    return str(errors)
