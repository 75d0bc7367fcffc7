"""A local server that answers like Walmart's Marketplace API (US) for one seller.

``POST /v3/token`` takes HTTP Basic with ``CLIENT_ID``:``CLIENT_SECRET`` and
``grant_type=client_credentials`` (else ``401`` in Walmart's error shape) and gives a new
token each time, for fifteen minutes (``expires_in: 900``, as Walmart's Token API says);
every other call needs a token it gave, not expired, in ``WM_SEC.ACCESS_TOKEN`` (else
``401``: *invalid or expired*), and every call ``WM_SVC.NAME`` and
``WM_QOS.CORRELATION_ID`` (else ``400`` naming the header). Errors come in Walmart's
shape, ``{"errors": [{"code", "description", "category"}]}``. Each request is kept with
the token and correlation id it carried; ``later`` moves Walmart's clock on (a token
older than fifteen minutes by it is refused), ``grants`` counts the tokens given. It
knows items (``item``: SKUs set up
on Walmart, listed with ``nextCursor``), price and inventory updates (``404
CONTENT_NOT_FOUND`` for a SKU Walmart lacks), orders by ``createdStartDate`` two to a
page with ``meta.nextCursor``, their acknowledgement and shipping, and webhook
subscriptions. Tests may queue ``throttle`` (the next call answers ``429``), ``garble``
the next answer to a path (``200`` with a body of another shape, ``scripted_answers``) and
``place_order`` as a buyer on Walmart would (Walmart's own quantity goes down), and take
``webhook``: the ``PO_CREATED`` delivery Walmart would send for an order to the
subscription's address, signed by its ``HMAC`` method (Base64 of the HMAC-SHA256 of the
body, keyed by the subscription's ``clientSecret``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import uuid
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from tests.standins.clock import OrderClock
from tests.standins.http import QuietHandler, StandIn
from tests.standins.scripted_answers import Garbled, send_raw

CLIENT_ID = "0b7a6f1e-2c3d-4e5f-8a9b-0c1d2e3f4a5b"
CLIENT_SECRET = "AKbdh2xX_StandInClientSecret_0123456789"
ACCESS_TOKEN = "eyJraWQiOiJTdGFuZEluIn0.StandInWalmartToken"  # each token starts so
TOKEN_SECONDS = 900  # an access token's life (Walmart's Token API: fifteen minutes)
REQUIRED = ("WM_SVC.NAME", "WM_QOS.CORRELATION_ID")  # on every call, the token's too
PAGE = 2  # orders per page: small, so that paging is exercised


def _error(status: int, code: str, description: str) -> tuple[int, Any]:
    return status, {"errors": [{"code": code, "description": description, "category": "DATA"}]}


class WalmartStandIn(StandIn, Garbled):
    def __init__(self) -> None:
        Garbled.__init__(self)
        self.tokens: dict[str, float] = {}  # each token given → when, by Walmart's clock
        self.seconds = 0.0  # Walmart's clock: seconds since the stand-in started
        self.items: dict[str, dict[str, Any]] = {}  # SKU → name, price, quantity
        self.orders: list[dict[str, Any]] = []
        self.acknowledged: list[str] = []
        self.shipments: dict[str, dict[str, Any]] = {}
        self.subscriptions: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self.clock = OrderClock()  # when each order is placed or changed
        super().__init__()

    def later(self, seconds: float) -> None:
        """Walmart's clock moves on ``seconds``."""
        with self.lock:
            self.seconds += seconds

    @property
    def grants(self) -> int:
        """How many tokens were given."""
        return len(self.tokens)

    def grant(self) -> str:
        """A new access token, for fifteen minutes from now."""
        token = f"{ACCESS_TOKEN}.{uuid.uuid4().hex}"
        with self.lock:
            self.tokens[token] = self.seconds
        return token

    def valid(self, token: str) -> bool:
        """Whether ``token`` was given and has not expired."""
        with self.lock:
            given = self.tokens.get(token)
            return given is not None and self.seconds - given < TOKEN_SECONDS

    def item(self, sku: str, name: str, quantity: int = 0, price: str = "30.00") -> None:
        """An item the seller set up on Walmart (Seller Center or a feed)."""
        self.items[sku] = {"name": name, "price": price, "quantity": quantity}

    def place_order(self, lines: list[tuple[str, int]], cancelled: bool = False) -> str:
        """A buyer orders on Walmart; Walmart takes its own units. Returns the PO id."""
        with self.lock:
            n = len(self.orders) + 1
            po = f"10899{n:08d}"
            status = "Cancelled" if cancelled else "Created"
            self.orders.append(
                {
                    "purchaseOrderId": po,
                    "customerOrderId": f"20004{n:08d}",
                    "customerEmailId": f"relay{n}@relay.walmart.com",
                    "orderDate": self.clock.now() * 1000,
                    "shippingInfo": {
                        "phone": "5555555555",
                        "methodCode": "Standard",
                        "postalAddress": {
                            "name": f"Lee Buyer {n}",
                            "address1": "5 Oak Avenue",
                            "city": "Bentonville",
                            "state": "AR",
                            "postalCode": "72712",
                            "country": "USA",
                        },
                    },
                    "orderLines": {
                        "orderLine": [
                            {
                                "lineNumber": str(i + 1),
                                "item": {"productName": sku, "sku": sku},
                                "charges": {
                                    "charge": [
                                        {
                                            "chargeType": "PRODUCT",
                                            "chargeAmount": {
                                                "currency": "USD",
                                                "amount": 24 * quantity,
                                            },
                                        },
                                        {
                                            "chargeType": "SHIPPING",
                                            "chargeAmount": {"currency": "USD", "amount": 5.99},
                                        },
                                    ]
                                },
                                "orderLineQuantity": {
                                    "unitOfMeasurement": "EACH",
                                    "amount": str(quantity),
                                },
                                "orderLineStatuses": {
                                    "orderLineStatus": [
                                        {
                                            "status": status,
                                            "statusQuantity": {
                                                "unitOfMeasurement": "EACH",
                                                "amount": str(quantity),
                                            },
                                        }
                                    ]
                                },
                            }
                            for i, (sku, quantity) in enumerate(lines)
                        ]
                    },
                }
            )
            for sku, quantity in lines:
                if sku in self.items and not cancelled:
                    self.items[sku]["quantity"] -= quantity
        return po

    def answer(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, Any]:
        parts = [p for p in path.split("/") if p]
        if path == "/v3/items":
            return 200, self._items(query)
        if path == "/v3/price" and method == "PUT":
            sku = body["sku"]
            if sku not in self.items:
                return _error(404, "CONTENT_NOT_FOUND.GMP_ITEM_PRICE_API", f"SKU {sku} not found")
            amount = float(body["pricing"][0]["currentPrice"]["amount"])
            if amount <= 0:
                return _error(400, "INVALID_REQUEST_CONTENT.GMP_ITEM_PRICE_API", "Invalid price")
            self.items[sku]["price"] = f"{amount:.2f}"
            message = "Thank you. Your price has been updated."
            return 200, {
                "ItemPriceResponse": {"mart": "WALMART_US", "sku": sku} | {"message": message}
            }
        if path == "/v3/inventory":
            sku = query.get("sku", "")
            if sku not in self.items:
                return _error(404, "CONTENT_NOT_FOUND.GMP_INVENTORY_API", f"SKU {sku} not found")
            if method == "PUT":
                self.items[sku]["quantity"] = int(body["quantity"]["amount"])
            quantity = {"unit": "EACH", "amount": self.items[sku]["quantity"]}
            return 200, {"sku": sku, "quantity": quantity}
        if parts[:2] == ["v3", "orders"]:
            return self._order(method, parts[2:], query, body)
        if path == "/v3/webhooks/subscriptions" and method == "POST":
            created = [
                e | {"subscriptionId": f"sub-{len(self.subscriptions)}"} for e in body["events"]
            ]
            self.subscriptions += created
            return 200, {"events": created}
        return _error(404, "NOT_FOUND", "Resource not found")

    def webhook(self, po: str) -> tuple[bytes, str, str]:
        """Walmart's ``PO_CREATED`` delivery for the order: the body, the signature and
        the header the subscription named for it."""
        subscription = next(s for s in self.subscriptions if s["eventType"] == "PO_CREATED")
        order = next(o for o in self.orders if o["purchaseOrderId"] == po)
        source = {"eventType": "PO_CREATED", "eventTime": "2026-12-04T10:00:00Z"}
        payload = {"partnerId": "10001", "purchaseOrderId": po}
        payload["customerOrderId"] = order["customerOrderId"]
        body = json.dumps({"source": source | {"eventId": f"evt-{po}"}, "payload": payload})
        auth = subscription["authDetails"]
        digest = hmac.new(auth["clientSecret"].encode(), body.encode(), hashlib.sha256).digest()
        return body.encode(), base64.b64encode(digest).decode(), auth["authHeaderName"]

    def _items(self, query: dict[str, str]) -> dict[str, Any]:
        skus = sorted(self.items)
        start = 0 if query.get("nextCursor", "*") == "*" else int(query["nextCursor"])
        size = int(query.get("limit") or 20)
        found: dict[str, Any] = {
            "ItemResponse": [
                {"mart": "WALMART_US", "sku": s, "productName": self.items[s]["name"]}
                | {"publishedStatus": "PUBLISHED"}
                for s in skus[start : start + size]
            ],
            "totalItems": len(skus),
        }
        if start + size < len(skus):
            found["nextCursor"] = str(start + size)
        return found

    def _order(
        self, method: str, parts: list[str], query: dict[str, str], body: Any
    ) -> tuple[int, Any]:
        if not parts:
            since = query["createdStartDate"]
            start = int(query.get("start") or 0)
            newer = [o for o in self.orders if _iso(o["orderDate"]) >= since]
            meta: dict[str, Any] = {"totalCount": len(newer), "limit": PAGE}
            if start + PAGE < len(newer):
                following = {"createdStartDate": since, "start": start + PAGE}
                meta["nextCursor"] = "?" + urlencode(following)
            elements = {"order": newer[start : start + PAGE]}
            return 200, {"list": {"meta": meta, "elements": elements}}
        order = next((o for o in self.orders if o["purchaseOrderId"] == parts[0]), None)
        if order is None:
            return _error(404, "CONTENT_NOT_FOUND.GMP_ORDER_API", "Order not found")
        if len(parts) == 1:
            return 200, {"order": order}
        if parts[1] == "acknowledge" and method == "POST":
            self.acknowledged.append(parts[0])
            for line in order["orderLines"]["orderLine"]:
                line["orderLineStatuses"]["orderLineStatus"][0]["status"] = "Acknowledged"
            return 200, {"order": order}
        if parts[1] == "shipping" and method == "POST":
            self.shipments[parts[0]] = body["orderShipment"]
            return 200, {"order": order}
        return _error(404, "NOT_FOUND", "Resource not found")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(QuietHandler):
            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                token = self.headers.get("WM_SEC.ACCESS_TOKEN") or ""
                correlation = self.headers.get("WM_QOS.CORRELATION_ID") or ""
                stand_in.requests.append(
                    {"method": method, "path": url.path, "query": query}
                    | {"token": token, "correlation": correlation}
                )
                missing = [name for name in REQUIRED if not self.headers.get(name)]
                if missing:
                    status, answer = _error(400, "MISSING_HEADER", f"{missing[0]} is required")
                    self.send_json(status, answer)
                    return
                if url.path == "/v3/token":
                    self._token(raw)
                    return
                if not stand_in.valid(token):
                    status, answer = _error(
                        401, "UNAUTHORIZED.GMP_GATEWAY_API", "Unauthorized: invalid or expired"
                    )
                    self.send_json(status, answer)
                    return
                if stand_in.next_step() == "throttle":
                    code, says = "REQUEST_THRESHOLD_VIOLATED.GMP_GATEWAY_API", "Too many requests"
                    status, answer = _error(429, code, says)
                    self.send_json(status, answer)
                    return
                garbled = stand_in.garbled(url.path)
                if garbled is not None:
                    send_raw(self, garbled)
                    return
                body = json.loads(raw) if raw else None
                with stand_in.lock:
                    status, answer = stand_in.answer(method, url.path, query, body)
                self.send_json(status, answer)

            def _token(self, raw: bytes) -> None:
                pair = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
                form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                if (
                    self.headers.get("Authorization") != f"Basic {pair}"
                    or form.get("grant_type") != "client_credentials"
                ):
                    status, answer = _error(401, "UNAUTHORIZED.GMP_GATEWAY_API", "Unauthorized")
                    self.send_json(status, answer)
                    return
                token = {"access_token": stand_in.grant(), "token_type": "Bearer"}
                self.send_json(200, token | {"expires_in": TOKEN_SECONDS})

            def do_GET(self) -> None:  # noqa: N802
                self._serve("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def do_PUT(self) -> None:  # noqa: N802
                self._serve("PUT")

        return Handler


def _iso(milliseconds: int) -> str:
    moment = datetime.fromtimestamp(milliseconds / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
