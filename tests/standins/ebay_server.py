"""A local server that answers like eBay's REST APIs for one seller on EBAY_US.

``POST /identity/v1/oauth2/token`` takes HTTP Basic with ``CLIENT_ID``:``CLIENT_SECRET``
(else ``401 invalid_client``) and the refresh token ``REFRESH_TOKEN`` (else ``400
invalid_grant``) and gives a user token; every other call needs it as a Bearer token
(else ``401`` with eBay's error shape). It knows the Identity API's user, inventory
locations, business policies (``policies=False``: none), the Taxonomy API's category
suggestions, inventory items (a full replacement on ``PUT``; ``Content-Language``
required), inventory item groups, offers (by SKU; a price of 0 or less refused with
eBay's ``25020``), publishing one offer or a group, ``bulk_update_price_quantity``,
Fulfillment API orders filtered by ``lastmodifieddate`` two to a page (``offset``,
``total``, ``next``) and ``shipping_fulfillment``, and the Notification API: the client
credentials grant gives an application token, which ``public_key/{kid}`` wants (a P-256
key the stand-in made), destinations (``201`` with ``Location``) and subscriptions. Tests
may queue ``throttle`` (the next call answers ``429``) and ``place_order`` as a buyer on
eBay would (eBay's own quantity goes down), and take ``notification``: the
``ORDER_CONFIRMATION`` eBay would send for an order, with its ``X-EBAY-SIGNATURE``.
"""

from __future__ import annotations

import base64
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.standins.http import QuietHandler, StandIn

USERNAME = "wick_and_co"
CLIENT_ID = "WickCo-BizQ-PRD-1a2b3c4d5-6e7f8a9b"
CLIENT_SECRET = "PRD-1a2b3c4d5e6f-7a8b-9c0d-1e2f-3a4b"
REFRESH_TOKEN = "v^1.1#i^1#p^3#r^1#I^3#f^0#t^Ul4xMF8zOkStandInRefresh"
ACCESS_TOKEN = "v^1.1#i^1#f^0#p^3#I^3#r^0#t^H4sIAAAAStandInAccess"
APP_TOKEN = "v^1.1#i^1#p^1#r^0#I^3#f^0#t^H4sIAAAAStandInApplication"
KEY_ID = "99e5b1a4-a2f8-4a6d-8c1e-0d6f6b8a1c2e"
NOTIFICATIONS = "/commerce/notification/v1"
INVALID_GRANT = (
    "the provided authorization refresh token is invalid or was issued to another client"
)
PAGE = 2  # orders per page: small, so that paging is exercised


def _error(error_id: int, message: str, status: int = 400) -> tuple[int, Any]:
    domain = "API_INVENTORY" if status < 500 else "API_FULFILLMENT"
    error = {"errorId": error_id, "domain": domain, "category": "REQUEST"}
    return status, {"errors": [error | {"message": message, "longMessage": message}]}


class EbayStandIn(StandIn):
    def __init__(self) -> None:
        self.items: dict[str, dict[str, Any]] = {}  # SKU → inventory item
        self.groups: dict[str, dict[str, Any]] = {}
        self.offers: dict[str, dict[str, Any]] = {}  # offer id → offer
        self.listings: dict[str, list[str]] = {}  # listing id → its SKUs
        self.orders: list[dict[str, Any]] = []
        self.fulfillments: dict[str, dict[str, Any]] = {}
        self.policies = True
        self.destinations: dict[str, dict[str, Any]] = {}
        self.subscriptions: list[dict[str, Any]] = []
        self._key = ec.generate_private_key(ec.SECP256R1())
        self.lock = threading.Lock()
        super().__init__()

    def notification(self, order_id: str) -> tuple[bytes, str]:
        """eBay's ``ORDER_CONFIRMATION`` for the order: the body and its signature header."""
        data = {"orderId": order_id, "buyerUsername": "buyer_1"}
        body = json.dumps(
            {
                "metadata": {"topic": "ORDER_CONFIRMATION", "schemaVersion": "1.0"},
                "notification": {
                    "notificationId": str(uuid.uuid4()),
                    "eventDate": "2026-12-04T10:00:00.000Z",
                    "publishDate": "2026-12-04T10:00:01.000Z",
                    "publishAttemptCount": 1,
                    "data": data,
                },
            }
        ).encode()
        signature = self._key.sign(body, ec.ECDSA(hashes.SHA1()))
        said = {"alg": "ECDSA", "kid": KEY_ID, "digest": "SHA1"}
        said["signature"] = base64.b64encode(signature).decode()
        return body, base64.b64encode(json.dumps(said).encode()).decode()

    def _notifications(self, method: str, parts: list[str], body: Any) -> tuple[int, Any]:
        if parts[0] == "public_key" and method == "GET":
            if parts[1] != KEY_ID:
                return _error(195001, "Public key not found.", 404)
            pem = self._key.public_key().public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            return 200, {"algorithm": "ECDSA", "digest": "SHA1", "key": pem.decode()}
        if parts[0] == "destination" and method == "POST":
            token = str(body["deliveryConfig"]["verificationToken"])
            if not 32 <= len(token) <= 80:
                return _error(195012, "The verification token is not valid.")
            destination_id = str(uuid.uuid4())
            self.destinations[destination_id] = body
            return 201, {"Location": f"{NOTIFICATIONS}/destination/{destination_id}"}
        if parts[0] == "subscription" and method == "POST":
            if body.get("destinationId") not in self.destinations:
                return _error(195020, "Destination not found.")
            self.subscriptions.append(body)
            return 201, {"Location": f"{NOTIFICATIONS}/subscription/{uuid.uuid4()}"}
        return _error(2002, "Resource not found", 404)

    def quantity(self, sku: str) -> int:
        return int(self.items[sku]["availability"]["shipToLocationAvailability"]["quantity"])

    def item(self, sku: str, title: str, quantity: int, group: str = "") -> None:
        """An item the seller created on eBay before BizQ."""
        self.items[sku] = {
            "sku": sku,
            "condition": "NEW",
            "product": {"title": title, "description": title},
            "availability": {"shipToLocationAvailability": {"quantity": quantity}},
        }
        if group:
            self.items[sku]["groupIds"] = [group]

    def place_order(self, lines: list[tuple[str, int]], paid: bool = True) -> str:
        """A buyer orders on eBay; eBay takes its own units. Returns the order id."""
        with self.lock:
            n = len(self.orders) + 1
            order_id = f"12-0{n:04d}-{n:05d}"
            self.orders.append(
                {
                    "orderId": order_id,
                    "lastModifiedDate": f"2026-12-03T11:{n // 60:02d}:{n % 60:02d}.000Z",
                    "orderPaymentStatus": "PAID" if paid else "PENDING",
                    "orderFulfillmentStatus": "NOT_STARTED",
                    "buyer": {"username": f"buyer_{n}"},
                    "pricingSummary": {
                        "deliveryCost": {"value": "4.50", "currency": "USD"},
                        "total": {"value": "0", "currency": "USD"},
                    },
                    "fulfillmentStartInstructions": [
                        {
                            "shippingStep": {
                                "shippingServiceCode": "USPSPriority",
                                "shipTo": {
                                    "fullName": f"Sam Buyer {n}",
                                    "email": f"sam{n}@example.com",
                                    "contactAddress": {
                                        "addressLine1": "9 Elm Road",
                                        "city": "Austin",
                                        "postalCode": "73301",
                                        "countryCode": "US",
                                    },
                                },
                            }
                        }
                    ],
                    "lineItems": [
                        {
                            "lineItemId": f"{order_id}-{i}",
                            "sku": sku,
                            "title": sku,
                            "quantity": quantity,
                            "lineItemCost": {"value": f"{24 * quantity}.00", "currency": "USD"},
                        }
                        for i, (sku, quantity) in enumerate(lines)
                    ],
                }
            )
            for sku, quantity in lines:
                if sku in self.items:
                    shown = self.items[sku]["availability"]["shipToLocationAvailability"]
                    shown["quantity"] -= quantity
        return order_id

    def answer(
        self, method: str, path: str, query: dict[str, str], body: Any, language: str
    ) -> tuple[int, Any]:
        parts = [unquote(p) for p in path.split("/") if p]
        if path == "/commerce/identity/v1/user/":
            user = {"userId": "u-1", "username": USERNAME, "accountType": "BUSINESS"}
            return 200, user | {"registrationMarketplaceId": "EBAY_US"}
        if parts[:2] == ["sell", "account"]:
            kind = parts[3].removesuffix("_policy")
            found = [{f"{kind}PolicyId": f"{kind}-1", "name": kind}] if self.policies else []
            return 200, {f"{kind}Policies": found, "total": len(found)}
        if parts[:3] == ["commerce", "taxonomy", "v1"]:
            if parts[3] == "get_default_category_tree_id":
                return 200, {"categoryTreeId": "0", "categoryTreeVersion": "130"}
            category = {"categoryId": "46782", "categoryName": "Candles"}
            return 200, {"categorySuggestions": [{"category": category}]}
        if parts[:3] == ["sell", "inventory", "v1"]:
            if method in ("PUT", "POST") and language != "en-US":
                return _error(25709, "Invalid value for header Content-Language.")
            return self._inventory(method, parts[3:], query, body)
        if parts[:3] == ["sell", "fulfillment", "v1"]:
            return self._fulfillment(method, parts[3:], query, body)
        return _error(2002, "Resource not found", 404)

    def _inventory(
        self, method: str, parts: list[str], query: dict[str, str], body: Any
    ) -> tuple[int, Any]:
        head = parts[0]
        if head == "location":
            return 200, {"locations": [{"merchantLocationKey": "warehouse-1"}], "total": 1}
        if head == "inventory_item" and len(parts) == 1:
            return 200, self._items(query)
        if head == "inventory_item":
            sku = parts[1]
            if method == "GET":
                if sku not in self.items:
                    return _error(
                        25710, f"We didn't find the entity you are requesting: {sku}", 404
                    )
                return 200, self.items[sku]
            groups = self.items.get(sku, {}).get("groupIds")
            self.items[sku] = {"sku": sku, **body} | ({"groupIds": groups} if groups else {})
            return 204, None
        if head == "inventory_item_group":
            key = parts[1]
            self.groups[key] = body
            for sku in body["variantSKUs"]:
                self.items[sku]["groupIds"] = [key]
            return 204, None
        if head == "bulk_update_price_quantity":
            return 200, {"responses": [self._bulk(r) for r in body["requests"]]}
        if head == "offer":
            return self._offer(method, parts[1:], query, body)
        return _error(2002, "Resource not found", 404)

    def _items(self, query: dict[str, str]) -> dict[str, Any]:
        skus = sorted(self.items)
        offset, limit = int(query.get("offset") or 0), int(query.get("limit") or 25)
        found: dict[str, Any] = {
            "total": len(skus),
            "size": len(skus[offset : offset + limit]),
            "inventoryItems": [self.items[s] for s in skus[offset : offset + limit]],
        }
        if offset + limit < len(skus):
            found["next"] = (
                f"/sell/inventory/v1/inventory_item?limit={limit}&offset={offset + limit}"
            )
        return found

    def _bulk(self, request: dict[str, Any]) -> dict[str, Any]:
        sku = request["sku"]
        if sku not in self.items:
            return {"statusCode": 404, "sku": sku, "errors": [{"message": "SKU not found"}]}
        shown = self.items[sku]["availability"]["shipToLocationAvailability"]
        shown["quantity"] = int(request["shipToLocationAvailability"]["quantity"])
        return {"statusCode": 200, "sku": sku}

    def _offer(
        self, method: str, parts: list[str], query: dict[str, str], body: Any
    ) -> tuple[int, Any]:
        if not parts and method == "GET":
            found = [o for o in self.offers.values() if o["sku"] == query.get("sku")]
            if not found:
                return _error(25713, "This Offer is not available.", 404)
            return 200, {"offers": found, "total": len(found)}
        if parts == ["publish_by_inventory_item_group"]:
            skus = self.groups[body["inventoryItemGroupKey"]]["variantSKUs"]
            return 200, self._published(skus)
        if not parts or (len(parts) == 1 and method == "PUT"):
            value = float(body["pricingSummary"]["price"]["value"])
            if value <= 0:
                return _error(25020, "Invalid price. Enter a price greater than 0.")
            if body["sku"] not in self.items:
                return _error(25702, f"SKU {body['sku']} is not available in the system.")
            offer_id = parts[0] if parts else str(100000 + len(self.offers))
            self.offers[offer_id] = {"offerId": offer_id, **body}
            return (204, None) if parts else (201, {"offerId": offer_id})
        if len(parts) == 2 and parts[1] == "publish":
            return 200, self._published([self.offers[parts[0]]["sku"]])
        return _error(2002, "Resource not found", 404)

    def _published(self, skus: list[str]) -> dict[str, Any]:
        listing = next((k for k, v in self.listings.items() if v == skus), "")
        listing = listing or str(110000000000 + len(self.listings))
        self.listings[listing] = skus
        return {"listingId": listing, "warnings": []}

    def _fulfillment(
        self, method: str, parts: list[str], query: dict[str, str], body: Any
    ) -> tuple[int, Any]:
        if parts == ["order"]:
            after = query["filter"].removeprefix("lastmodifieddate:[").removesuffix("..]")
            newer = [o for o in self.orders if o["lastModifiedDate"] > after]
            offset, limit = int(query.get("offset") or 0), min(int(query.get("limit") or 50), PAGE)
            return 200, {"orders": newer[offset : offset + limit], "total": len(newer)}
        order = next((o for o in self.orders if o["orderId"] == parts[1]), None)
        if order is None:
            return _error(32100, "Invalid order ID: " + parts[1], 404)
        if len(parts) == 2:
            return 200, order
        if parts[2] == "shipping_fulfillment" and method == "POST":
            self.fulfillments[parts[1]] = body
            order["orderFulfillmentStatus"] = "FULFILLED"
            return 201, {}
        return _error(2002, "Resource not found", 404)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(QuietHandler):
            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                stand_in.requests.append({"method": method, "path": url.path, "query": query})
                if url.path == "/identity/v1/oauth2/token":
                    self._token(raw)
                    return
                wanted = APP_TOKEN if "/public_key/" in url.path else ACCESS_TOKEN
                if self.headers.get("Authorization") != f"Bearer {wanted}":
                    status, answer = _error(1001, "Invalid access token", 401)
                    self.send_json(status, answer)
                    return
                if stand_in.next_step() == "throttle":
                    status, answer = _error(2001, "Too many requests.", 429)
                    self.send_json(status, answer)
                    return
                body = json.loads(raw) if raw else None
                language = self.headers.get("Content-Language") or ""
                with stand_in.lock:
                    if url.path.startswith(NOTIFICATIONS + "/"):
                        parts = url.path[len(NOTIFICATIONS) + 1 :].split("/")
                        status, answer = stand_in._notifications(method, parts, body)
                    else:
                        status, answer = stand_in.answer(method, url.path, query, body, language)
                if status == 201 and "Location" in answer:  # created: where, no body
                    self.send_response(201)
                    self.send_header("Location", answer["Location"])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if status == 204:
                    self.send_response(204)
                    self.end_headers()
                    return
                self.send_json(status, answer)

            def _token(self, raw: bytes) -> None:
                pair = f"{CLIENT_ID}:{CLIENT_SECRET}".encode()
                if self.headers.get("Authorization") != f"Basic {base64.b64encode(pair).decode()}":
                    self.send_json(
                        401,
                        {
                            "error": "invalid_client",
                            "error_description": "client authentication failed",
                        },
                    )
                    return
                form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                if form.get("grant_type") == "client_credentials":
                    token = {"access_token": APP_TOKEN, "token_type": "Application Access Token"}
                    self.send_json(200, token | {"expires_in": 7200})
                    return
                if (
                    form.get("grant_type") != "refresh_token"
                    or form.get("refresh_token") != REFRESH_TOKEN
                ):
                    self.send_json(
                        400,
                        {
                            "error": "invalid_grant",
                            "error_description": INVALID_GRANT,
                        },
                    )
                    return
                token = {"access_token": ACCESS_TOKEN, "token_type": "User Access Token"}
                self.send_json(200, token | {"expires_in": 7200})

            def do_GET(self) -> None:  # noqa: N802
                self._serve("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def do_PUT(self) -> None:  # noqa: N802
                self._serve("PUT")

        return Handler
