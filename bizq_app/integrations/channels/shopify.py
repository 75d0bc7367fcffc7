"""Shopify through its Admin GraphQL API on httpx (no maintained official Python SDK
covers GraphQL beyond sending a query, which httpx does with less between us and it).

Every call is ``POST /admin/api/<API_VERSION>/graphql.json`` with the
``X-Shopify-Access-Token`` header. ``API_VERSION`` is the one version BizQ speaks; Shopify
supports a version for 12 months from its release and then serves it as its oldest
supported one (``X-Shopify-API-Version`` says which: logged when it differs), so a unit
test fails while fewer than 60 days of support are left.

The documents sent, each priced and paged under Shopify's 1,000-point cap, are in
``shopify_queries``. Shopify limits a shop's calls by a bucket of query cost
(``extensions.cost.throttleStatus``: what is available and how fast it refills): the
client waits before a call the bucket cannot pay for — the bucket as any client of the
shop last saw it, shared in Redis (``RedisBucket``) — and retries a call refused with
``THROTTLED`` once the bucket has refilled. A mutation's ``userErrors`` become a
``ChannelRejected`` with Shopify's own words; a wrong token is ``AuthenticationFailed``.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

import httpx

from bizq_app.core.errors import AuthenticationFailed, IntegrationError, RateLimited, Unavailable
from bizq_app.integrations.channels import (
    ChannelAccount,
    ChannelRejected,
    ListedPage,
    ListedProduct,
    ListedVariant,
    ListingDraft,
    OrderPage,
    PublishedListing,
    QuantityChange,
)
from bizq_app.integrations.channels.answers import an_object, understood, unexpected
from bizq_app.integrations.channels.shopify_bucket import RedisBucket
from bizq_app.integrations.channels.shopify_orders import (
    SEARCH,
    from_shop,
    importable,
    order_of,
    verify_webhook,
    webhook_order,
)
from bizq_app.integrations.channels.shopify_queries import (
    FULFILL,
    FULFILL_COST,
    FULFILLMENT_ORDERS,
    FULFILLMENT_ORDERS_COST,
    LISTED_PAGE,
    MAX_VARIANTS,
    OPEN_FULFILLMENTS,
    ORDER_LINES,
    ORDER_LINES_COST,
    ORDERS,
    ORDERS_COST,
    ORDERS_PAGE,
    PRODUCT_SET,
    PRODUCT_VARIANTS,
    PRODUCT_VARIANTS_COST,
    PRODUCTS,
    PRODUCTS_COST,
    SET_QUANTITIES,
    SET_QUANTITIES_COST,
    SHOP,
    SHOP_COST,
    SUBSCRIBE,
    SUBSCRIBE_COST,
    TAKEN,
    product_input,
    product_set_cost,
)

__all__ = ["RedisBucket", "ShopifyClient", "from_shop", "verify_webhook", "webhook_order"]

API_VERSION = "2026-07"
LABEL = "Shopify"
SUPPORT_MONTHS = 12  # Shopify supports each stable version this long after its release
MAX_WAIT_SECONDS = 10.0
SPARE_POINTS = 1
log = logging.getLogger(__name__)

KEY_SPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://bizq.app/shopify/inventory-set-quantities")


def supported_until(version: str = API_VERSION) -> date:
    """The day Shopify stops supporting ``version`` (``YYYY-MM``, released on the 1st)."""
    year, month = (int(part) for part in version.split("-"))
    months = year * 12 + month - 1 + SUPPORT_MONTHS
    return date(months // 12, months % 12 + 1, 1)


def idempotency_key(shop: str, changes: Iterable[QuantityChange]) -> str:
    """The key of one push of quantities: the same shop, stock items, quantities (from and
    to) and stock movement always make the same key, so a push sent again after its answer
    was lost is applied once; any other push makes another key."""
    said = sorted(f"{c.stock_item}:{c.expected}>{c.quantity}@{c.movement}" for c in changes)
    return str(uuid.uuid5(KEY_SPACE, f"{shop}|{';'.join(said)}"))


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
        self._shop = shop
        self._path = f"/admin/api/{API_VERSION}/graphql.json"
        self._timeout, self._max_retries = timeout, max_retries
        self._bucket: dict[str, float] = {}  # the last throttleStatus Shopify sent
        self._seen_at = 0.0  # when (wall clock: shared with other processes)
        self._shared = bucket
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    @understood(LABEL)
    def account(self) -> ChannelAccount:
        data = self._query(SHOP, {}, cost=SHOP_COST)
        shop, locations = data["shop"], data["locations"]["nodes"]
        if not locations:
            raise ChannelRejected("The shop has no location to keep stock at; add one in Shopify.")
        return ChannelAccount(
            name=str(shop["name"]),
            domain=str(shop["myshopifyDomain"]),
            currency=str(shop["currencyCode"]),
            location_id=str(locations[0]["id"]),
        )

    @understood(LABEL)
    def publish(self, draft: ListingDraft, location_id: str) -> PublishedListing:
        variants = min(max(len(draft.variants), 1), MAX_VARIANTS)
        variables = {
            "input": product_input(draft, location_id),
            "synchronous": True,
            "variants": variants,
        }
        data = self._query(PRODUCT_SET, variables, cost=product_set_cost(variants))
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

    @understood(LABEL)
    def listed(self, location_id: str, page: str | None = None) -> ListedPage:
        variables = {"first": LISTED_PAGE, "after": page, "location": location_id}
        data = self._query(PRODUCTS, variables, cost=PRODUCTS_COST)["products"]
        products = []
        for node in data["nodes"]:
            variants = node["variants"]
            more = self._rest(
                PRODUCT_VARIANTS,
                {"id": node["id"], "location": location_id},
                ("product", "variants"),
                variants["pageInfo"],
                PRODUCT_VARIANTS_COST,
            )
            products.append(_listed(node, [*variants["nodes"], *more]))
        info = data["pageInfo"]
        return ListedPage(
            products=tuple(products),
            next_page=str(info["endCursor"]) if info["hasNextPage"] else None,
        )

    @understood(LABEL)
    def set_quantities(self, changes: list[QuantityChange], location_id: str) -> None:
        """Each quantity set only where Shopify still holds ``expected`` (its
        ``changeFromQuantity``; None sets it whatever Shopify holds), under a key that
        names this push (``idempotency_key``)."""
        quantities = [
            {
                "inventoryItemId": change.stock_item,
                "locationId": location_id,
                "quantity": change.quantity,
                "changeFromQuantity": change.expected,
            }
            for change in changes
        ]
        body = {
            "input": {
                "name": "available",
                "reason": "correction",
                "referenceDocumentUri": "bizq://stock",
                "quantities": quantities,
            },
            "key": idempotency_key(self._shop, changes),
        }
        data = self._query(SET_QUANTITIES, body, cost=SET_QUANTITIES_COST)
        _refuse_on_user_errors(data["inventorySetQuantities"]["userErrors"])

    @understood(LABEL)
    def orders_since(self, updated_after: str, page: str | None = None) -> OrderPage:
        """The paid, live, real orders changed since ``updated_after`` (Shopify's search
        says so, and each order is checked again here), each with all its lines."""
        variables = {
            "first": ORDERS_PAGE,
            "after": page,
            "query": f"updated_at:>'{updated_after}' AND {SEARCH}",
        }
        data = self._query(ORDERS, variables, cost=ORDERS_COST)["orders"]
        orders = []
        for node in data["nodes"]:
            if importable(node):
                lines = node["lineItems"]
                more = self._rest(
                    ORDER_LINES,
                    {"id": node["id"]},
                    ("order", "lineItems"),
                    lines["pageInfo"],
                    ORDER_LINES_COST,
                )
                orders.append(order_of(node, [*lines["nodes"], *more]))
        info = data["pageInfo"]
        return OrderPage(
            orders=tuple(orders),
            next_page=str(info["endCursor"]) if info["hasNextPage"] else None,
        )

    @understood(LABEL)
    def subscribe_orders(self, callback_url: str) -> bool:
        """Have Shopify send ``orders/create`` to ``callback_url`` (signed with the app's
        client secret); True once subscribed, also when it already was."""
        variables = {
            "topic": "ORDERS_CREATE",
            "webhookSubscription": {"uri": callback_url, "format": "JSON"},
        }
        data = self._query(SUBSCRIBE, variables, cost=SUBSCRIBE_COST)["webhookSubscriptionCreate"]
        errors = [e for e in data["userErrors"] if TAKEN not in str(e.get("message"))]
        _refuse_on_user_errors(errors)
        return True

    @understood(LABEL)
    def ship(self, order_external_id: str, tracking_number: str) -> None:
        """Fulfil the order's open fulfillment orders with the tracking number (Shopify
        tells the buyer)."""
        order = self._query(
            FULFILLMENT_ORDERS, {"id": order_external_id}, cost=FULFILLMENT_ORDERS_COST
        )["order"]
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
        data = self._query(FULFILL, {"fulfillment": fulfillment}, cost=FULFILL_COST)
        _refuse_on_user_errors(data["fulfillmentCreate"]["userErrors"])

    def _rest(
        self,
        query: str,
        variables: dict[str, Any],
        path: tuple[str, str],
        info: dict[str, Any],
        cost: int,
    ) -> list[dict[str, Any]]:
        """The nodes of a nested connection past its first page (an order's lines, a
        product's variants), read page by page with their own query."""
        found: list[dict[str, Any]] = []
        while info["hasNextPage"]:
            owner = self._query(query, {**variables, "after": info["endCursor"]}, cost=cost)
            if owner[path[0]] is None:
                break  # deleted meanwhile
            connection = owner[path[0]][path[1]]
            found.extend(connection["nodes"])
            info = connection["pageInfo"]
        return found

    def _query(self, query: str, variables: dict[str, Any], *, cost: int) -> dict[str, Any]:
        """Run one GraphQL operation, paying for it from the shop's bucket."""
        for attempt in range(self._max_retries + 1):
            reserved = self._wait_for(cost)
            body = self._post({"query": query, "variables": variables})
            self._remember(body, reserved)
            errors = body.get("errors")
            if not errors:  # data null without errors: no answer at all
                return an_object(LABEL, body.get("data"), "its “data”, without “errors”,")
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
        served = response.headers.get("X-Shopify-API-Version")
        if served and served != API_VERSION:
            log.warning(
                "Shopify answered API version %s for %s: upgrade BizQ.", served, API_VERSION
            )
        try:
            return an_object(LABEL, response.json(), "its answer")
        except ValueError as exc:
            raise unexpected(LABEL, "not JSON") from exc

    def _remember(self, body: dict[str, Any], reserved: int) -> None:
        """Keep the bucket as Shopify last reported it; in the shared bucket, first give
        back what this call reserved beyond what Shopify charged (it refunds a request's
        requested cost less its actual cost, and charges a refused one nothing)."""
        cost = (body.get("extensions") or {}).get("cost") or {}
        status, now = cost.get("throttleStatus"), time.time()
        if self._shared is not None and reserved:
            self._shared.give_back(reserved - float(cost.get("actualQueryCost") or 0))
        if not status:
            return
        bucket = {k: float(v) for k, v in status.items()}
        with self._lock:
            self._bucket, self._seen_at = bucket, now
        if self._shared is not None:
            self._shared.observe(bucket, now)

    def _wait_for(self, cost: int) -> int:
        """Sleep until the bucket, refilling at its restore rate, can pay ``cost``; returns
        what was reserved for it. With a shared bucket the cost is reserved there at once,
        so the shop's other clients queue behind it instead of being refused."""
        reserved = 0
        if self._shared is not None:  # a point to spare: Shopify's figures are rounded
            reserved = cost + SPARE_POINTS
            wait = self._shared.take(reserved, time.time())
        else:
            with self._lock:
                if not self._bucket:
                    return 0
                refilled = (time.time() - self._seen_at) * self._bucket["restoreRate"]
                available = min(
                    self._bucket["currentlyAvailable"] + refilled,
                    self._bucket["maximumAvailable"],
                )
                missing = cost - available
                wait = missing / self._bucket["restoreRate"] if missing > 0 else 0.0
        if wait > 0:
            time.sleep(min(wait, MAX_WAIT_SECONDS))
        return reserved


def _listed(node: dict[str, Any], variants: list[dict[str, Any]]) -> ListedProduct:
    found = []
    for variant in variants:
        item = variant["inventoryItem"]
        level = item.get("inventoryLevel") or {}
        available = [q for q in level.get("quantities") or [] if q["name"] == "available"]
        quantity = int(available[0]["quantity"]) if available else 0
        found.append(ListedVariant(str(variant.get("sku") or ""), str(item["id"]), quantity))
    return ListedProduct(
        external_id=str(node["id"]),
        url=str(node.get("onlineStoreUrl") or ""),
        title=str(node.get("title") or ""),
        variants=tuple(found),
    )


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
