"""A local server that answers like Shopify's Admin GraphQL API for one shop.

``POST /admin/api/<version>/graphql.json`` with ``X-Shopify-Access-Token``; a wrong
token gets Shopify's 401. It knows the operations BizQ sends — the shop and its
locations, ``productSet`` (create or update, with ``userErrors`` for a blank title or a
negative price) and ``inventorySetQuantities`` (``compareQuantity`` checked) — by the
root field the query names, keeps the products and quantities it was given, and charges
each call to a bucket of query cost that refills at ``restore_rate`` per second, as
Shopify's ``extensions.cost.throttleStatus`` reports it: a call the bucket cannot pay
for gets ``THROTTLED``. Tests may queue ``throttle`` (one THROTTLED answer),
``reject:<message>`` (the next ``productSet`` answers with that ``userErrors``
message), ``500`` or ``bad_json``; change a quantity as if sold on Shopify
(``sell_on_shopify``) or place a whole order there (``place_order``), which the
``orders`` query pages through (``updated_at:>`` filter, cursors) and ``signed`` signs
as its webhook; or list a product as if the seller had on Shopify (``list_on_shopify``),
which the ``products`` query pages through with each variant's quantity.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any

from tests.standins.http import QuietHandler, StandIn

TOKEN = "shpat_standin_0123456789abcdef"
LOCATION = "gid://shopify/Location/1"
UNAUTHORISED = "[API] Invalid API key or access token (unrecognized login or wrong password)"
COSTS = {
    "shop": 2,
    "productSet": 10,
    "inventorySetQuantities": 10,
    "orders": 52,
    "products": 512,
    "webhookSubscriptionCreate": 10,
    "fulfillmentOrders": 12,
    "fulfillmentCreate": 10,
}


class ShopifyStandIn(StandIn):
    def __init__(self, *, bucket: float = 1000.0, restore_rate: float = 50.0) -> None:
        self.products: dict[str, dict[str, Any]] = {}
        self.quantities: dict[str, int] = {}  # inventory item id → available at LOCATION
        self.maximum, self.restore_rate = bucket, restore_rate
        self._available, self._at = bucket, time.monotonic()
        self._next_id = 1000
        self.orders: list[dict[str, Any]] = []  # the REST form a webhook carries
        self.subscriptions: list[dict[str, str]] = []  # topic, callbackUrl
        self.lock = threading.Lock()
        super().__init__()

    def quantity_of(self, sku: str) -> int | None:
        for product in self.products.values():
            for variant in product["variants"]:
                if variant["sku"] == sku:
                    return self.quantities[variant["inventoryItem"]["id"]]
        return None

    def price_of(self, sku: str) -> str | None:
        for product in self.products.values():
            for variant in product["variants"]:
                if variant["sku"] == sku:
                    return str(variant["price"])
        return None

    def list_on_shopify(self, title: str, variants: list[tuple[str, int]]) -> str:
        """A product the seller listed on Shopify before BizQ (``(sku, quantity)`` per
        variant); returns its id."""
        with self.lock:
            product_id = self._id("Product")
            rows = []
            for sku, quantity in variants:
                item = self._id("InventoryItem")
                self.quantities[item] = quantity
                rows.append(
                    {
                        "id": self._id("ProductVariant"),
                        "sku": sku,
                        "price": "30.00",
                        "inventoryItem": {"id": item},
                    }
                )
            handle = title.lower().replace(" ", "-")
            self.products[product_id] = {
                "id": product_id,
                "title": title,
                "status": "ACTIVE",
                "handle": handle,
                "onlineStoreUrl": f"https://standin-candles.myshopify.com/products/{handle}",
                "variants": rows,
            }
        return product_id

    def _webhookSubscriptionCreate(self, variables: dict[str, Any]) -> dict[str, Any]:  # noqa: N802
        """Shopify's rules: an https address, one subscription per topic and address."""
        topic, url = variables["topic"], variables["webhookSubscription"]["callbackUrl"]
        error = None
        if not str(url).startswith("https://"):
            error = "Address protocol http:// is not supported"
        elif any(s == {"topic": topic, "callbackUrl": url} for s in self.subscriptions):
            error = "Address for this topic has already been taken"
        if error:
            errors = [{"field": ["webhookSubscription", "callbackUrl"], "message": error}]
            return {
                "webhookSubscriptionCreate": {"webhookSubscription": None, "userErrors": errors}
            }
        self.subscriptions.append({"topic": topic, "callbackUrl": url})
        created = {"id": self._id("WebhookSubscription"), "topic": topic}
        return {"webhookSubscriptionCreate": {"webhookSubscription": created, "userErrors": []}}

    def _products(self, variables: dict[str, Any]) -> dict[str, Any]:
        """The shop's products, ten (``first``) a page, each variant with its quantity at
        the location asked for."""
        first, after = int(variables["first"]), variables.get("after")
        ordered = sorted(self.products.values(), key=lambda p: int(p["id"].rsplit("/", 1)[1]))
        start = int(after) if after else 0
        nodes = []
        for product in ordered[start : start + first]:
            variants = [
                {
                    "sku": v["sku"],
                    "inventoryItem": {
                        "id": v["inventoryItem"]["id"],
                        "inventoryLevel": {
                            "quantities": [
                                {
                                    "name": "available",
                                    "quantity": self.quantities[v["inventoryItem"]["id"]],
                                }
                            ]
                        }
                        if variables.get("location") == LOCATION
                        else None,
                    },
                }
                for v in product["variants"]
            ]
            nodes.append(
                {
                    "id": product["id"],
                    "title": product["title"],
                    "onlineStoreUrl": product["onlineStoreUrl"],
                    "variants": {"nodes": variants},
                }
            )
        more = start + first < len(ordered)
        info = {"hasNextPage": more, "endCursor": str(start + first) if more else None}
        return {"products": {"nodes": nodes, "pageInfo": info}}

    def sell_on_shopify(self, sku: str, units: int) -> None:
        for product in self.products.values():
            for variant in product["variants"]:
                if variant["sku"] == sku:
                    self.quantities[variant["inventoryItem"]["id"]] -= units

    def place_order(self, lines: list[tuple[str, int]], currency: str = "USD") -> dict[str, Any]:
        """A buyer orders on Shopify (``(sku, quantity)`` lines): the order's REST JSON, as
        its ``orders/create`` webhook carries it; Shopify's own stock goes down too."""
        with self.lock:
            self._next_id += 1
            number = len(self.orders) + 1001
            stamp = f"2026-12-03T10:{len(self.orders) // 60:02d}:{len(self.orders) % 60:02d}Z"
            order = {
                "id": 450789469000 + self._next_id,
                "name": f"#{number}",
                "email": f"shopper{number}@example.com",
                "currency": currency,
                "updated_at": stamp,
                "customer": {"first_name": "Sam", "last_name": f"Shopper {number}"},
                "shipping_address": {
                    "name": "Sam Shopper",
                    "address1": "2 Harbour Road",
                    "city": "Bristol",
                    "zip": "BS1 5TR",
                    "country_code": "GB",
                },
                "shipping_lines": [{"title": "Standard", "price": "4.99"}],
                "line_items": [
                    {"sku": sku, "quantity": quantity, "price": "24.00", "title": sku}
                    for sku, quantity in lines
                ],
            }
            self.orders.append(order)
        for sku, quantity in lines:
            if self.quantity_of(sku) is not None:
                self.sell_on_shopify(sku, quantity)
        return order

    def _orders(self, variables: dict[str, Any]) -> dict[str, Any]:
        after = str(variables.get("query") or "").partition(">")[2].strip("'")
        found = sorted(
            (o for o in self.orders if o["updated_at"] > after), key=lambda o: o["updated_at"]
        )
        start = int(variables.get("after") or 0)
        page = found[start : start + int(variables["first"])]
        more = start + len(page) < len(found)
        return {
            "orders": {
                "nodes": [_graphql_order(o) for o in page],
                "pageInfo": {"hasNextPage": more, "endCursor": str(start + len(page))},
            }
        }

    def tracking_of(self, name: str) -> str | None:
        """The tracking number Shopify holds for the order called ``name`` (like "#1001")."""
        order = next(o for o in self.orders if o["name"] == name)
        return order.get("tracking_number")

    def _by_gid(self, gid: str) -> dict[str, Any] | None:
        return next((o for o in self.orders if f"gid://shopify/Order/{o['id']}" == gid), None)

    def _fulfillmentOrders(self, variables: dict[str, Any]) -> dict[str, Any]:
        order = self._by_gid(str(variables["id"]))
        if order is None:
            return {"order": None}
        status = "CLOSED" if order.get("tracking_number") else "OPEN"
        node = {"id": f"gid://shopify/FulfillmentOrder/{order['id']}", "status": status}
        return {"order": {"fulfillmentOrders": {"nodes": [node]}}}

    def _fulfillmentCreate(self, variables: dict[str, Any]) -> dict[str, Any]:
        data = variables["fulfillment"]
        errors, done = [], []
        for group in data["lineItemsByFulfillmentOrder"]:
            number = str(group["fulfillmentOrderId"]).rsplit("/", 1)[-1]
            order = self._by_gid(f"gid://shopify/Order/{number}")
            if order is None or order.get("tracking_number"):
                errors.append({"field": ["fulfillment"], "message": "Fulfillment order is closed."})
            else:
                done.append(order)
        if errors:
            return {"fulfillmentCreate": {"fulfillment": None, "userErrors": errors}}
        for order in done:
            order["tracking_number"] = (data.get("trackingInfo") or {}).get("number") or ""
        fulfillment = {"id": self._id("Fulfillment"), "status": "SUCCESS"}
        return {"fulfillmentCreate": {"fulfillment": fulfillment, "userErrors": []}}

    def _id(self, kind: str) -> str:
        self._next_id += 1
        return f"gid://shopify/{kind}/{self._next_id}"

    def _spend(self, cost: int) -> dict[str, Any] | None:
        """Pay ``cost`` from the bucket; the throttle status, or None when it cannot."""
        now = time.monotonic()
        self._available = min(self.maximum, self._available + (now - self._at) * self.restore_rate)
        self._at = now
        if self._available < cost:
            return None
        self._available -= cost
        return self._status(cost)

    def _status(self, cost: int) -> dict[str, Any]:
        return {
            "cost": {
                "requestedQueryCost": cost,
                "actualQueryCost": cost,
                "throttleStatus": {
                    "maximumAvailable": self.maximum,
                    "currentlyAvailable": round(self._available, 1),
                    "restoreRate": self.restore_rate,
                },
            }
        }

    def answer(self, body: dict[str, Any]) -> dict[str, Any]:
        query, variables = str(body.get("query", "")), body.get("variables") or {}
        fields = (
            "productSet",
            "inventorySetQuantities",
            "fulfillmentCreate",
            "fulfillmentOrders",
            "orders(",
            "products(",
            "webhookSubscriptionCreate",
        )
        field = next((f for f in fields if f in query), "shop").rstrip("(")
        with self.lock:
            step = self.next_step()
            extensions = None if step == "throttle" else self._spend(COSTS[field])
            if extensions is None:
                status = self._status(COSTS[field])
                return {
                    "errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
                    "extensions": status,
                }
            if step.startswith("reject:") and field == "productSet":
                error = {"field": ["input"], "message": step.removeprefix("reject:")}
                data = {"productSet": {"product": None, "userErrors": [error]}}
            else:
                data = getattr(self, f"_{field}")(variables)
        return {"data": data, "extensions": extensions}

    def _shop(self, _variables: dict[str, Any]) -> dict[str, Any]:
        return {
            "shop": {
                "name": "Stand-in Candles",
                "myshopifyDomain": "standin-candles.myshopify.com",
                "currencyCode": "USD",
            },
            "locations": {"nodes": [{"id": LOCATION, "name": "Shop location"}]},
        }

    def _productSet(self, variables: dict[str, Any]) -> dict[str, Any]:
        data = variables["input"]
        errors = []
        before = self.products.get(str(data.get("id") or ""), {})
        title = data["title"] if "title" in data else before.get("title")  # omitted: kept
        if not str(title or "").strip():
            errors.append({"field": ["input", "title"], "message": "Title can't be blank"})
        for i, variant in enumerate(data.get("variants") or []):
            if float(variant.get("price", 0)) < 0:
                errors.append(
                    {
                        "field": ["input", "variants", str(i), "price"],
                        "message": "Price must be greater than or equal to 0",
                    }
                )
        if errors:
            return {"productSet": {"product": None, "userErrors": errors}}
        product_id = data.get("id") or self._id("Product")
        known = {v["sku"]: v for v in self.products.get(product_id, {}).get("variants", [])}
        variants = []
        for variant in data.get("variants") or []:
            old = known.get(variant["sku"])
            item = old["inventoryItem"]["id"] if old else self._id("InventoryItem")
            for level in variant.get("inventoryQuantities") or []:
                self.quantities[item] = int(level["quantity"])
            self.quantities.setdefault(item, 0)
            variants.append(
                {
                    "id": old["id"] if old else self._id("ProductVariant"),
                    "sku": variant["sku"],
                    "price": variant.get("price", old["price"] if old else "0.00"),
                    "inventoryItem": {"id": item},
                }
            )
        handle = str(title).lower().replace(" ", "-")
        self.products[product_id] = {
            "id": product_id,
            "title": title,
            "descriptionHtml": data.get("descriptionHtml", before.get("descriptionHtml", "")),
            "status": data.get("status", "ACTIVE"),
            "handle": handle,
            "onlineStoreUrl": f"https://standin-candles.myshopify.com/products/{handle}",
            "variants": variants,
        }
        product = {**self.products[product_id], "variants": {"nodes": variants}}
        return {"productSet": {"product": product, "userErrors": []}}

    def _inventorySetQuantities(self, variables: dict[str, Any]) -> dict[str, Any]:
        data = variables["input"]
        errors, changes = [], []
        for i, quantity in enumerate(data["quantities"]):
            item = quantity["inventoryItemId"]
            if item not in self.quantities:
                errors.append(
                    {
                        "field": ["input", "quantities", str(i), "inventoryItemId"],
                        "message": "The specified inventory item could not be found.",
                        "code": "INVALID_INVENTORY_ITEM",
                    }
                )
            elif (
                quantity.get("compareQuantity") is not None
                and quantity["compareQuantity"] != self.quantities[item]
            ):
                errors.append(
                    {
                        "field": ["input", "quantities", str(i), "compareQuantity"],
                        "message": "The compareQuantity argument no longer matches the "
                        "persisted quantity.",
                        "code": "COMPARE_QUANTITY_STALE",
                    }
                )
        if errors:
            return {
                "inventorySetQuantities": {"inventoryAdjustmentGroup": None, "userErrors": errors}
            }
        for quantity in data["quantities"]:
            item = quantity["inventoryItemId"]
            changes.append(
                {"name": "available", "delta": quantity["quantity"] - self.quantities[item]}
            )
            self.quantities[item] = int(quantity["quantity"])
        group = {"reason": data.get("reason"), "changes": changes}
        return {"inventorySetQuantities": {"inventoryAdjustmentGroup": group, "userErrors": []}}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(QuietHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                body = json.loads(raw or b"{}")
                stand_in.requests.append(
                    {"path": self.path, "body": body, "headers": dict(self.headers)}
                )
                if not self.path.endswith("/graphql.json") or "/admin/api/" not in self.path:
                    self.send_json(404, {"errors": "Not Found"})
                    return
                if self.headers.get("X-Shopify-Access-Token") != TOKEN:
                    self.send_json(401, {"errors": UNAUTHORISED})
                    return
                if stand_in.script and stand_in.script[0] in ("500", "bad_json"):
                    step = stand_in.next_step()
                    if step == "500":
                        self.send_json(500, {"errors": "Internal Server Error"})
                    else:
                        self.send_response(200)
                        self.send_header("Content-Length", "9")
                        self.end_headers()
                        self.wfile.write(b"<html/>  ")
                    return
                self.send_json(200, stand_in.answer(body))

        return Handler


def _graphql_order(order: dict[str, Any]) -> dict[str, Any]:
    address, shipping = order["shipping_address"], order["shipping_lines"][0]
    customer = order["customer"]
    return {
        "id": f"gid://shopify/Order/{order['id']}",
        "name": order["name"],
        "updatedAt": order["updated_at"],
        "email": order["email"],
        "currencyCode": order["currency"],
        "customer": {"displayName": f"{customer['first_name']} {customer['last_name']}"},
        "shippingAddress": {
            "name": address["name"],
            "address1": address["address1"],
            "city": address["city"],
            "zip": address["zip"],
            "countryCodeV2": address["country_code"],
        },
        "shippingLine": {
            "title": shipping["title"],
            "originalPriceSet": {"shopMoney": {"amount": shipping["price"]}},
        },
        "lineItems": {
            "nodes": [
                {
                    "sku": line["sku"],
                    "title": line["title"],
                    "quantity": line["quantity"],
                    "originalUnitPriceSet": {"shopMoney": {"amount": line["price"]}},
                }
                for line in order["line_items"]
            ]
        },
    }


def signed(body: bytes, secret: str) -> str:
    """The ``X-Shopify-Hmac-Sha256`` Shopify sends with a webhook ``body``."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
