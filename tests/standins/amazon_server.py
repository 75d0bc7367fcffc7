"""A local server that answers like Amazon's Selling Partner API and Login with Amazon for
one seller in one marketplace.

``POST /auth/o2/token`` exchanges the refresh token ``REFRESH_TOKEN`` (with ``CLIENT_ID``
and ``CLIENT_SECRET``) for an access token, else LWA's ``400 invalid_grant``; every
SP-API call needs that token in ``x-amz-access-token`` (else ``403 Unauthorized``). It
knows the seller's marketplace participations, Listings Items ``PATCH`` of offers that
exist (``offer``: SKUs known to Amazon, else ``404 NOT_FOUND``; a negative price is
``INVALID`` with an issue) and their search with page tokens, orders by
``LastUpdatedAfter`` two to a page with ``NextToken``, their items, and shipment
confirmations. Tests may queue ``quota`` (the next SP-API call answers ``429
QuotaExceeded``), set ``per_second`` (Amazon's token bucket: that many a second, a
burst of as many; a call that finds no token answers the same 429, counted in
``refused``), and ``place_order`` as a buyer on Amazon would (Amazon's own quantity goes
down).
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlparse

from tests.standins.http import QuietHandler, StandIn

SELLER = "A2SELLER123456"
MARKETPLACE = "ATVPDKIKX0DER"
CLIENT_ID = "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef"
CLIENT_SECRET = "amzn1.oa2-cs.v1.standin-client-secret-0123"
REFRESH_TOKEN = "Atzr|IwEBIStandInRefreshToken0123456789"
ACCESS_TOKEN = "Atza|IwEBIStandInAccessToken"
PAGE = 2  # orders per page: small, so that paging is exercised
QUOTA = {
    "errors": [
        {
            "code": "QuotaExceeded",
            "message": "You exceeded your quota for the requested resource.",
            "details": "",
        }
    ]
}  # noqa: E501


class AmazonStandIn(StandIn):
    def __init__(self) -> None:
        self.offers: dict[str, dict[str, Any]] = {}  # SKU → price, quantity, asin, name
        self.orders: list[dict[str, Any]] = []
        self.items: dict[str, list[dict[str, Any]]] = {}
        self.shipments: dict[str, dict[str, Any]] = {}
        self.per_second = 0  # 0: no rate enforced
        self.refused = 0
        self._tokens: float | None = None
        self._last = 0.0
        self.lock = threading.Lock()
        super().__init__()

    def over_rate(self) -> bool:
        """Whether this SP-API call finds ``per_second``'s token bucket empty (refused)."""
        with self.lock:
            if not self.per_second:
                return False
            now = time.monotonic()
            if self._tokens is None:  # the bucket starts full
                self._tokens, self._last = float(self.per_second), now
            refill = (now - self._last) * self.per_second
            self._tokens, self._last = min(self.per_second, self._tokens + refill), now
            if self._tokens >= 1:
                self._tokens -= 1
                return False
            self.refused += 1
            return True

    def offer(self, sku: str, name: str, quantity: int = 0, price: str = "30.00") -> None:
        """An offer the seller created on Amazon (Seller Central or a flat file)."""
        asin = f"B0{len(self.offers):08d}"
        self.offers[sku] = {"price": price, "quantity": quantity, "asin": asin, "name": name}

    def place_order(self, lines: list[tuple[str, int]], status: str = "Unshipped") -> str:
        """A buyer orders on Amazon; Amazon takes its own units. Returns the order id."""
        with self.lock:
            n = len(self.orders) + 1
            order_id = f"902-{n:07d}-{n:07d}"
            self.orders.append(
                {
                    "AmazonOrderId": order_id,
                    "LastUpdateDate": f"2026-12-03T11:{n // 60:02d}:{n % 60:02d}Z",
                    "OrderStatus": status,
                    "OrderTotal": {"CurrencyCode": "USD", "Amount": "0"},
                    "ShipmentServiceLevelCategory": "Standard",
                    "ShippingAddress": {
                        "Name": f"Pat Buyer {n}",
                        "AddressLine1": "3 Market Street",
                        "City": "Seattle",
                        "PostalCode": "98101",
                        "CountryCode": "US",
                    },
                }
            )
            self.items[order_id] = [
                {
                    "OrderItemId": f"{order_id}-{i}",
                    "SellerSKU": sku,
                    "Title": sku,
                    "QuantityOrdered": quantity,
                    "ItemPrice": {"CurrencyCode": "USD", "Amount": f"{24 * quantity}.00"},
                    "ShippingPrice": {"CurrencyCode": "USD", "Amount": "3.99" if i == 0 else "0"},
                }
                for i, (sku, quantity) in enumerate(lines)
            ]
            for sku, quantity in lines:
                if sku in self.offers:
                    self.offers[sku]["quantity"] -= quantity
        return order_id

    def answer(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, Any]:
        parts = [p for p in path.split("/") if p]
        if path == "/sellers/v1/marketplaceParticipations":
            market = {"id": MARKETPLACE, "name": "Amazon.com", "countryCode": "US"}
            market |= {"defaultCurrencyCode": "USD", "domainName": "www.amazon.com"}
            return 200, {"payload": [{"marketplace": market, "participation": {}}]}
        if parts[:3] == ["listings", "2021-08-01", "items"] and parts[3] == SELLER:
            if method == "PATCH":
                return self._patch(parts[4], body)
            return 200, self._search(query)
        if parts[:3] == ["orders", "v0", "orders"]:
            if len(parts) == 3:
                return 200, {"payload": self._orders(query)}
            if parts[4] == "orderItems":
                items = self.items.get(parts[3])
                if items is None:
                    return 404, {"errors": [{"code": "NotFound", "message": "Order not found"}]}
                return 200, {"payload": {"AmazonOrderId": parts[3], "OrderItems": items}}
            if parts[4] == "shipmentConfirmation" and method == "POST":
                self.shipments[parts[3]] = body["packageDetail"]
                return 204, None
        return 404, {"errors": [{"code": "NotFound", "message": "Resource not found"}]}

    def _patch(self, sku: str, body: dict[str, Any]) -> tuple[int, Any]:
        if sku not in self.offers:
            return 404, {"errors": [{"code": "NOT_FOUND", "message": f"SKU {sku} not found"}]}
        issues = []
        for patch in body["patches"]:
            value = patch["value"][0]
            if patch["path"] == "/attributes/purchasable_offer":
                price = value["our_price"][0]["schedule"][0]["value_with_tax"]
                if float(price) < 0:
                    issues.append({"code": "90220", "message": "price must be positive"})
                    issues[-1]["severity"] = "ERROR"
                    continue
                self.offers[sku]["price"] = f"{float(price):.2f}"
            elif patch["path"] == "/attributes/fulfillment_availability":
                self.offers[sku]["quantity"] = int(value["quantity"])
        status = "INVALID" if issues else "ACCEPTED"
        return 200, {"sku": sku, "status": status, "submissionId": "s-1", "issues": issues}

    def _search(self, query: dict[str, str]) -> dict[str, Any]:
        skus = sorted(self.offers)
        start = int(query.get("pageToken") or 0)
        size = int(query.get("pageSize") or 10)
        items = [
            {
                "sku": sku,
                "summaries": [
                    {
                        "marketplaceId": MARKETPLACE,
                        "asin": self.offers[sku]["asin"],
                        "itemName": self.offers[sku]["name"],
                    }
                ],
                "fulfillmentAvailability": [
                    {"fulfillmentChannelCode": "DEFAULT", "quantity": self.offers[sku]["quantity"]}
                ],
            }
            for sku in skus[start : start + size]
        ]
        found: dict[str, Any] = {"numberOfResults": len(skus), "items": items}
        if start + size < len(skus):
            found["pagination"] = {"nextToken": str(start + size)}
        return found

    def _orders(self, query: dict[str, str]) -> dict[str, Any]:
        if "NextToken" in query:  # Amazon ignores the other filters with a NextToken
            after, start = query["NextToken"].split("|")
            begin = int(start)
        else:
            after, begin = query["LastUpdatedAfter"], 0
        newer = [o for o in self.orders if o["LastUpdateDate"] > after]
        found: dict[str, Any] = {"Orders": newer[begin : begin + PAGE]}
        if begin + PAGE < len(newer):
            found["NextToken"] = f"{after}|{begin + PAGE}"
        return found

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(QuietHandler):
            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                stand_in.requests.append({"method": method, "path": url.path, "query": query})
                if url.path == "/auth/o2/token":
                    form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                    if (form.get("client_id"), form.get("client_secret")) != (
                        CLIENT_ID,
                        CLIENT_SECRET,
                    ):
                        self.send_json(401, {"error": "invalid_client"})
                    elif form.get("refresh_token") != REFRESH_TOKEN:
                        self.send_json(400, {"error": "invalid_grant"})
                    else:
                        token = {"access_token": ACCESS_TOKEN, "token_type": "bearer"}
                        self.send_json(200, token | {"expires_in": 3600})
                    return
                if self.headers.get("x-amz-access-token") != ACCESS_TOKEN:
                    self.send_json(
                        403,
                        {
                            "errors": [
                                {
                                    "code": "Unauthorized",
                                    "message": "Access to requested resource is denied.",
                                }
                            ]
                        },
                    )  # noqa: E501
                    return
                if stand_in.over_rate() or stand_in.next_step() == "quota":
                    self.send_json(429, QUOTA, {"x-amzn-RateLimit-Limit": "0.0167"})
                    return
                body = json.loads(raw) if raw else None
                with stand_in.lock:
                    status, answer = stand_in.answer(method, url.path, query, body)
                if status == 204:
                    self.send_response(204)
                    self.end_headers()
                    return
                self.send_json(status, answer)

            def do_GET(self) -> None:  # noqa: N802
                self._serve("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def do_PATCH(self) -> None:  # noqa: N802
                self._serve("PATCH")

        return Handler
