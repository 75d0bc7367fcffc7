"""A local server that answers like Etsy's Open API v3 for one shop.

``POST /v3/public/oauth/token`` exchanges ``REFRESH_TOKEN`` (``client_id`` the app's
``KEYSTRING``) for an access token, else ``400 invalid_grant``; every other call needs
``x-api-key`` and the Bearer token (else ``401``/``403`` in Etsy's ``{"error": …}``
shape). It knows the user and shop, the shop's active listings with their inventory
(``includes=Inventory``, ``limit``/``offset``, ``count``), a listing's inventory (``PUT``
replaces it whole; a price of 0 or less refused), receipts by ``min_last_modified`` two
to a page and tracking. Tests may queue ``throttle`` (the next call answers ``429`` with
``Retry-After``) and ``place_order`` as a buyer on Etsy would (Etsy's quantity goes down),
and set ``rotates``: each refresh then hands over a new refresh token and retires the one
used, as an app that must keep the newest one sees; ``webhook`` is the ``order.paid``
delivery Etsy's webhook portal would send for a receipt, signed with ``WEBHOOK_SECRET``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlparse

from tests.standins.http import QuietHandler, StandIn

SHOP = "WickAndCo"
SHOP_ID = 43210987
KEYSTRING = "1aa2bb33c44d55e66f77g88h"
REFRESH_TOKEN = "12345678.JNGIJtvLmwfDMhlYoOJl8aLR1BWottyHC6yhNcET-eC7RogSR5e"
ACCESS_TOKEN = "12345678.O1zLuwveeKjpIqCQFfmR-PaMMpBmagH6DljRAkK9qt05OtRKiANJOyZlMx3WQ_o2"
PAGE = 2  # receipts per page: small, so that paging is exercised
WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"stand-in signing key, 32 bytes!").decode()


class EtsyStandIn(StandIn):
    def __init__(self) -> None:
        self.listings: dict[int, dict[str, Any]] = {}
        self.receipts: list[dict[str, Any]] = []
        self.tracking: dict[int, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self.refresh_token = REFRESH_TOKEN  # the one Etsy accepts now
        self.rotates = False  # True: each refresh hands over a new one and retires the old
        super().__init__()

    def listing(self, title: str, skus: dict[str, int], price: int = 3000) -> int:
        """A listing the seller created on Etsy: SKU → quantity (price in cents)."""
        listing_id = 1500000000 + len(self.listings)
        self.listings[listing_id] = {
            "listing_id": listing_id,
            "title": title,
            "state": "active",
            "url": f"https://www.etsy.com/listing/{listing_id}",
            "inventory": {
                "products": [
                    {
                        "product_id": listing_id * 10 + i,
                        "sku": sku,
                        "is_deleted": False,
                        "property_values": [],
                        "offerings": [
                            {
                                "offering_id": listing_id * 100 + i,
                                "quantity": quantity,
                                "is_enabled": True,
                                "price": {"amount": price, "divisor": 100, "currency_code": "USD"},
                            }
                        ],
                    }
                    for i, (sku, quantity) in enumerate(skus.items())
                ],
                "price_on_property": [],
                "quantity_on_property": [],
                "sku_on_property": [],
            },
        }
        return listing_id

    def offering(self, sku: str) -> dict[str, Any]:
        return next(
            p["offerings"][0]
            for listing in self.listings.values()
            for p in listing["inventory"]["products"]
            if p["sku"] == sku
        )

    def webhook(
        self, receipt_id: int, secret: str = WEBHOOK_SECRET
    ) -> tuple[bytes, dict[str, str]]:
        """Etsy's ``order.paid`` delivery for the receipt, signed as Standard Webhooks sign
        with the portal's secret: the body and its ``webhook-*`` headers."""
        url = f"https://openapi.etsy.com/v3/application/shops/{SHOP_ID}/receipts/{receipt_id}"
        body = json.dumps({"event_type": "order.paid", "resource_url": url, "shop_id": SHOP_ID})
        delivery, stamp = f"msg_{uuid.uuid4().hex}", str(int(time.time()))
        key = base64.b64decode(secret.removeprefix("whsec_"))
        signed = f"{delivery}.{stamp}.{body}".encode()
        signature = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
        headers = {"webhook-id": delivery, "webhook-timestamp": stamp}
        return body.encode(), headers | {"webhook-signature": f"v1,{signature}"}

    def place_order(self, lines: list[tuple[str, int]], paid: bool = True) -> int:
        """A buyer orders on Etsy; Etsy takes its own units. Returns the receipt id."""
        with self.lock:
            n = len(self.receipts) + 1
            receipt_id = 3100000000 + n
            self.receipts.append(
                {
                    "receipt_id": receipt_id,
                    "status": "paid" if paid else "open",
                    "name": f"Ada Buyer {n}",
                    "first_line": "2 Birch Lane",
                    "city": "Hudson",
                    "zip": "12534",
                    "country_iso": "US",
                    "buyer_email": f"ada{n}@example.com",
                    "updated_timestamp": 1796300000 + n,
                    "grandtotal": {"amount": 0, "divisor": 100, "currency_code": "USD"},
                    "total_shipping_cost": {"amount": 450, "divisor": 100, "currency_code": "USD"},
                    "transactions": [
                        {
                            "transaction_id": receipt_id * 10 + i,
                            "title": sku,
                            "sku": sku,
                            "quantity": quantity,
                            "price": {"amount": 2400, "divisor": 100, "currency_code": "USD"},
                        }
                        for i, (sku, quantity) in enumerate(lines)
                    ],
                }
            )
            if paid:
                for sku, quantity in lines:
                    self.offering(sku)["quantity"] -= quantity
        return receipt_id

    def answer(self, method: str, path: str, query: dict[str, str], body: Any) -> tuple[int, Any]:
        parts = [p for p in path.split("/") if p][2:]  # after /v3/application
        if parts == ["users", "me"]:
            return 200, {"user_id": 12345678, "shop_id": SHOP_ID}
        if parts == ["shops", str(SHOP_ID)]:
            shop = {"shop_id": SHOP_ID, "shop_name": SHOP, "currency_code": "USD"}
            return 200, shop | {"url": f"https://www.etsy.com/shop/{SHOP}"}
        if parts == ["shops", str(SHOP_ID), "listings"]:
            active = [v for _, v in sorted(self.listings.items()) if v["state"] == "active"]
            offset, limit = int(query.get("offset") or 0), int(query.get("limit") or 25)
            shown = [
                v if query.get("includes") == "Inventory" else {**v, "inventory": None}
                for v in active[offset : offset + limit]
            ]
            return 200, {"count": len(active), "results": shown}
        if parts[:1] == ["listings"] and parts[2:] == ["inventory"]:
            listing = self.listings.get(int(parts[1]))
            if listing is None:
                return 404, {"error": f"Listing {parts[1]} not found"}
            if method == "PUT":
                return self._inventory(listing, body)
            return 200, listing["inventory"]
        if parts[:3] == ["shops", str(SHOP_ID), "receipts"] and len(parts) == 3:
            since = int(query["min_last_modified"])
            newer = [r for r in self.receipts if r["updated_timestamp"] >= since]
            if query.get("was_paid") == "true":
                newer = [r for r in newer if r["status"] in ("paid", "completed")]
            offset = int(query.get("offset") or 0)
            return 200, {"count": len(newer), "results": newer[offset : offset + PAGE]}
        if parts[:3] == ["shops", str(SHOP_ID), "receipts"] and len(parts) == 4:
            found = next((r for r in self.receipts if str(r["receipt_id"]) == parts[3]), None)
            return (200, found) if found else (404, {"error": f"Receipt {parts[3]} not found"})
        if parts[:3] == ["shops", str(SHOP_ID), "receipts"] and parts[4:] == ["tracking"]:
            receipt_id = int(parts[3])
            if not any(r["receipt_id"] == receipt_id for r in self.receipts):
                return 404, {"error": f"Receipt {receipt_id} not found"}
            self.tracking[receipt_id] = body
            return 200, {"receipt_id": receipt_id, "is_shipped": True}
        return 404, {"error": "Resource not found"}

    def _inventory(self, listing: dict[str, Any], body: dict[str, Any]) -> tuple[int, Any]:
        old = {p["sku"]: p for p in listing["inventory"]["products"]}
        products = []
        for product in body["products"]:
            offerings = []
            for offering in product["offerings"]:
                if float(offering["price"]) <= 0:
                    return 400, {"error": "Price must be greater than 0."}
                cents = round(float(offering["price"]) * 100)
                offerings.append(
                    {
                        "quantity": int(offering["quantity"]),
                        "is_enabled": offering["is_enabled"],
                        "price": {"amount": cents, "divisor": 100, "currency_code": "USD"},
                    }
                )
            was = old.get(product["sku"], {})
            products.append({**was, **product, "offerings": offerings})
        listing["inventory"] = {**body, "products": products}
        return 200, listing["inventory"]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(QuietHandler):
            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                url = urlparse(self.path)
                query = dict(parse_qsl(url.query))
                stand_in.requests.append({"method": method, "path": url.path, "query": query})
                if url.path == "/v3/public/oauth/token":
                    form = dict(parse_qsl(raw.decode()))
                    if form.get("client_id") != KEYSTRING:
                        self.send_json(401, {"error": "invalid_client"})
                    elif form.get("refresh_token") != stand_in.refresh_token:
                        self.send_json(400, {"error": "invalid_grant"})
                    else:
                        with stand_in.lock:
                            if stand_in.rotates:
                                stand_in.refresh_token = f"{REFRESH_TOKEN}{uuid.uuid4().hex}"
                            given = stand_in.refresh_token
                        token = {"access_token": ACCESS_TOKEN, "token_type": "Bearer"}
                        token |= {"expires_in": 3600, "refresh_token": given}
                        self.send_json(200, token)
                    return
                if self.headers.get("x-api-key") != KEYSTRING:
                    self.send_json(403, {"error": "Invalid API key"})
                    return
                if self.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
                    self.send_json(401, {"error": "invalid_token"})
                    return
                if stand_in.next_step() == "throttle":
                    self.send_json(429, {"error": "Too many requests"}, {"Retry-After": "1"})
                    return
                body = json.loads(raw) if raw else None
                with stand_in.lock:
                    status, answer = stand_in.answer(method, url.path, query, body)
                self.send_json(status, answer)

            def do_GET(self) -> None:  # noqa: N802
                self._serve("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def do_PUT(self) -> None:  # noqa: N802
                self._serve("PUT")

        return Handler
