"""A local server that answers like Etsy's Open API v3 for one shop.

``POST /v3/public/oauth/token`` exchanges ``REFRESH_TOKEN`` (``client_id`` the app's
``KEYSTRING``) for an access token, else ``400 invalid_grant``. Every other call needs the
Bearer token and ``x-api-key: <keystring>:<shared secret>`` — since 9 February 2026 a bare
keystring is refused with ``403 {"error": "Shared secret is required in x-api-key
header."}`` (Etsy's *Request Standards* page and its shared-secret enforcement
announcement), a wrong pair with ``403 Invalid API key``; refusals are in Etsy's
``{"error": …}`` shape. It knows the user and shop, the shop's active listings with their
inventory (``includes=Inventory``, ``limit``/``offset``, ``count``), and a listing's
inventory: ``GET`` answers Etsy's read shape (``product_id``, ``is_deleted``,
``scale_name``, offerings with ``offering_id`` and the price as Money), while ``PUT``
(updateListingInventory) replaces it whole and takes only the fields that call's request
schema names — ``products[].sku``, ``property_values[]`` (``property_id``, ``value_ids``,
``values``, ``scale_id``, ``property_name``), ``offerings[]`` (``price`` a number above 0,
``quantity``, ``is_enabled``, ``readiness_state_id``, required on a physical listing) and
the ``*_on_property`` lists —, refusing any other field with ``400`` as Etsy does (its
reference, *updateListingInventory*). Receipts carry ``status`` as Etsy's API spells it,
capitalised (``Paid``, ``Completed``, ``Open``), by ``min_last_modified`` two to a page,
and take tracking. Tests may queue ``throttle`` (the next call answers ``429`` with
``Retry-After``), ``garble`` the next answer to a path (``200`` with a body of another
shape) and ``place_order`` as a buyer on Etsy would (Etsy's quantity goes down), and set
``rotates``: each refresh then hands over a new refresh token and retires the one
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

from tests.standins.clock import OrderClock
from tests.standins.http import QuietHandler, StandIn
from tests.standins.scripted_answers import Garbled, send_raw

SHOP = "WickAndCo"
SHOP_ID = 43210987
KEYSTRING = "1aa2bb33c44d55e66f77g88h"
SHARED_SECRET = "p7k2m9x4q1"
API_KEY = f"{KEYSTRING}:{SHARED_SECRET}"  # the x-api-key Etsy accepts
NO_SECRET = "Shared secret is required in x-api-key header."
REFRESH_TOKEN = "12345678.JNGIJtvLmwfDMhlYoOJl8aLR1BWottyHC6yhNcET-eC7RogSR5e"
ACCESS_TOKEN = "12345678.O1zLuwveeKjpIqCQFfmR-PaMMpBmagH6DljRAkK9qt05OtRKiANJOyZlMx3WQ_o2"
PAGE = 2  # receipts per page: small, so that paging is exercised
WEBHOOK_SECRET = "whsec_" + base64.b64encode(b"stand-in signing key, 32 bytes!").decode()
PROCESSING_PROFILE = 1402345678  # the readiness_state_id of the shop's processing profile
SIZE, INCHES = 100, 327  # Etsy's Size property, and its scale in inches
SCALES = {INCHES: "Inches"}
# what updateListingInventory's request takes, level by level; anything else is refused
WRITABLE = {
    "inventory": {
        "products",
        "price_on_property",
        "quantity_on_property",
        "sku_on_property",
        "readiness_state_on_property",
    },
    "products": {"sku", "property_values", "offerings"},
    "property_values": {"property_id", "value_ids", "values", "scale_id", "property_name"},
    "offerings": {"price", "quantity", "is_enabled", "readiness_state_id"},
}
ON_PROPERTY = sorted(WRITABLE["inventory"] - {"products"})


def _money(cents: int) -> dict[str, Any]:
    return {"amount": cents, "divisor": 100, "currency_code": "USD"}


class EtsyStandIn(StandIn, Garbled):
    def __init__(self) -> None:
        Garbled.__init__(self)
        self.listings: dict[int, dict[str, Any]] = {}
        self.receipts: list[dict[str, Any]] = []
        self.tracking: dict[int, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self.refresh_token = REFRESH_TOKEN  # the one Etsy accepts now
        self.rotates = False  # True: each refresh hands over a new one and retires the old
        self.refused: list[str] = []  # Etsy's words for each call it refused
        self.clock = OrderClock()  # when each order is placed or changed
        super().__init__()

    def listing(self, title: str, skus: dict[str, int], price: int = 3000) -> int:
        """A listing the seller created on Etsy: SKU → quantity (price in cents), each SKU
        a product of its own without variations."""
        products = [(sku, quantity, []) for sku, quantity in skus.items()]
        return self._add(title, products, price, {})

    def listing_with_sizes(
        self, title: str, sizes: dict[str, tuple[str, int]], price: int = 3000
    ) -> int:
        """A listing whose buyer picks a size (Etsy's Size property, in inches): size →
        (SKU, quantity); the SKU, the price and the quantity vary by size."""
        products = [
            (sku, quantity, [self._size(n, size)])
            for n, (size, (sku, quantity)) in enumerate(sizes.items())
        ]
        on = {
            key: [SIZE] for key in ("price_on_property", "quantity_on_property", "sku_on_property")
        }
        return self._add(title, products, price, on)

    @staticmethod
    def _size(n: int, size: str) -> dict[str, Any]:
        return {
            "property_id": SIZE,
            "property_name": "Size",
            "scale_id": INCHES,
            "scale_name": SCALES[INCHES],
            "value_ids": [18156809190 + n],
            "values": [size],
        }

    def _add(
        self,
        title: str,
        products: list[tuple[str, int, list[dict[str, Any]]]],
        price: int,
        on: dict[str, list[int]],
    ) -> int:
        listing_id = 1500000000 + len(self.listings)
        self.listings[listing_id] = {
            "listing_id": listing_id,
            "title": title,
            "state": "active",
            "listing_type": "physical",
            "url": f"https://www.etsy.com/listing/{listing_id}",
            "inventory": {
                "products": [
                    self._product(listing_id * 10 + i, sku, properties, quantity, price, True)
                    for i, (sku, quantity, properties) in enumerate(products)
                ],
                **{key: list(on.get(key, [])) for key in ON_PROPERTY},
            },
        }
        return listing_id

    @staticmethod
    def _product(
        product_id: int,
        sku: str,
        properties: list[dict[str, Any]],
        quantity: int,
        cents: int,
        enabled: bool,
    ) -> dict[str, Any]:
        """A product as getListingInventory shows it."""
        return {
            "product_id": product_id,
            "sku": sku,
            "is_deleted": False,
            "property_values": properties,
            "offerings": [
                {
                    "offering_id": product_id * 10,
                    "quantity": quantity,
                    "is_enabled": enabled,
                    "is_deleted": False,
                    "price": _money(cents),
                    "readiness_state_id": PROCESSING_PROFILE,
                }
            ],
        }

    def product(self, sku: str) -> dict[str, Any]:
        return next(
            p
            for listing in self.listings.values()
            for p in listing["inventory"]["products"]
            if p["sku"] == sku
        )

    def offering(self, sku: str) -> dict[str, Any]:
        return dict(self.product(sku)["offerings"][0])

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

    def place_order(
        self, lines: list[tuple[str, int]], status: str = "Paid", days_ago: int = 0
    ) -> int:
        """A buyer orders on Etsy (``days_ago``: an order of the past); Etsy takes its own
        units once paid. ``status`` as Etsy spells it: ``Open`` (not paid yet), ``Paid``,
        ``Completed`` (shipped). Returns the receipt id."""
        with self.lock:
            n = len(self.receipts) + 1
            receipt_id = 3100000000 + n
            self.receipts.append(
                {
                    "receipt_id": receipt_id,
                    "status": status,
                    "is_paid": status in ("Paid", "Completed"),
                    "name": f"Ada Buyer {n}",
                    "first_line": "2 Birch Lane",
                    "city": "Hudson",
                    "zip": "12534",
                    "country_iso": "US",
                    "buyer_email": f"ada{n}@example.com",
                    "created_timestamp": self.clock.now() - days_ago * 86400,
                    "grandtotal": _money(0),
                    "total_shipping_cost": _money(450),
                    "transactions": [
                        {
                            "transaction_id": receipt_id * 10 + i,
                            "title": sku,
                            "sku": sku,
                            "quantity": quantity,
                            "price": _money(2400),
                        }
                        for i, (sku, quantity) in enumerate(lines)
                    ],
                }
            )
            receipt = self.receipts[-1]
            receipt["updated_timestamp"] = receipt["created_timestamp"]
            if status in ("Paid", "Completed"):
                for sku, quantity in lines:
                    self.product(sku)["offerings"][0]["quantity"] -= quantity
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
                newer = [r for r in newer if r["is_paid"]]
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

    def _inventory(self, listing: dict[str, Any], body: Any) -> tuple[int, Any]:
        """updateListingInventory: the body checked against the request schema, then the
        listing's inventory replaced by it (products it leaves out are gone)."""
        problem = _unwritable(body, physical=listing["listing_type"] == "physical")
        if problem:
            self.refused.append(problem)
            return 400, {"error": problem}
        old = {p["sku"]: p for p in listing["inventory"]["products"]}
        products = []
        for i, product in enumerate(body["products"]):
            offering = product["offerings"][0]
            kept = self._product(
                old.get(product["sku"], {}).get("product_id") or listing["listing_id"] * 10 + i,
                product["sku"],
                [
                    v | {"scale_name": SCALES.get(v.get("scale_id") or 0)}
                    for v in product.get("property_values", [])
                ],
                int(offering["quantity"]),
                round(float(offering["price"]) * 100),
                bool(offering["is_enabled"]),
            )
            kept["offerings"][0]["readiness_state_id"] = offering.get("readiness_state_id")
            products.append(kept)
        on = {key: list(body.get(key) or []) for key in ON_PROPERTY}
        listing["inventory"] = {"products": products, **on}
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
                    self._token(dict(parse_qsl(raw.decode())))
                    return
                key = self.headers.get("x-api-key") or ""
                if ":" not in key or key != API_KEY:
                    refusal = NO_SECRET if ":" not in key else "Invalid API key"
                    stand_in.refused.append(refusal)
                    self.send_json(403, {"error": refusal})
                    return
                if self.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
                    self.send_json(401, {"error": "invalid_token"})
                    return
                if stand_in.next_step() == "throttle":
                    self.send_json(429, {"error": "Too many requests"}, {"Retry-After": "1"})
                    return
                garbled = stand_in.garbled(url.path)
                if garbled is not None:
                    send_raw(self, garbled)
                    return
                body = json.loads(raw) if raw else None
                with stand_in.lock:
                    status, answer = stand_in.answer(method, url.path, query, body)
                self.send_json(status, answer)

            def _token(self, form: dict[str, str]) -> None:
                known = form.get("client_id") == KEYSTRING
                with stand_in.lock:  # a refresh token is used once: two grants never share it
                    used = known and form.get("refresh_token") == stand_in.refresh_token
                    if used and stand_in.rotates:
                        stand_in.refresh_token = f"{REFRESH_TOKEN}{uuid.uuid4().hex}"
                    given = stand_in.refresh_token
                if not known:
                    self.send_json(401, {"error": "invalid_client"})
                elif not used:
                    self.send_json(400, {"error": "invalid_grant"})
                else:
                    token = {"access_token": ACCESS_TOKEN, "token_type": "Bearer"}
                    self.send_json(200, token | {"expires_in": 3600, "refresh_token": given})

            def do_GET(self) -> None:  # noqa: N802
                self._serve("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def do_PUT(self) -> None:  # noqa: N802
                self._serve("PUT")

        return Handler


def _unwritable(body: Any, *, physical: bool) -> str:
    """What updateListingInventory's request schema refuses in ``body``, or ""."""
    if not isinstance(body, dict) or not isinstance(body.get("products"), list):
        return "Missing Input Parameter: [products]"
    problems = [_unknown(body, "inventory", "")]
    for i, product in enumerate(body["products"]):
        where = f"products[{i}]"
        problems.append(_unknown(product, "products", where))
        for j, value in enumerate(product.get("property_values") or []):
            problems.append(_unknown(value, "property_values", f"{where}.property_values[{j}]"))
        offerings = product.get("offerings")
        if not isinstance(offerings, list) or not offerings:
            problems.append(f"{where}.offerings: must have at least one offering")
        for j, offering in enumerate(offerings or []):
            problems.append(_unknown(offering, "offerings", f"{where}.offerings[{j}]"))
            problems.append(_offering(offering, f"{where}.offerings[{j}]", physical))
    return next((p for p in problems if p), "")


def _unknown(part: Any, level: str, where: str) -> str:
    if not isinstance(part, dict):
        return f"{where or 'body'}: must be an object"
    extra = sorted(set(part) - WRITABLE[level])
    return f"{where or 'body'}: unexpected field {', '.join(extra)}" if extra else ""


def _offering(offering: dict[str, Any], where: str, physical: bool) -> str:
    price = offering.get("price")
    if isinstance(price, bool) or not isinstance(price, int | float):
        return f"{where}.price: must be a number"
    if price <= 0:
        return "Price must be greater than 0."
    quantity = offering.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int) or not 0 <= quantity <= 999:
        return f"{where}.quantity: must be a whole number from 0 to 999"
    if not isinstance(offering.get("is_enabled"), bool):
        return f"{where}.is_enabled: must be true or false"
    if physical and not offering.get("readiness_state_id"):
        return f"{where}.readiness_state_id: required for a physical listing"
    return ""
