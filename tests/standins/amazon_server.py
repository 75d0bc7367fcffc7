"""A local server that answers like Amazon's Selling Partner API and Login with Amazon for
one seller, on the three regional hosts.

**Hosts.** A path starting ``/na``, ``/eu`` or ``/fe`` is a call to that region's host
(``sellingpartnerapi-na``, ``-eu``, ``-fe``; a path without one is North America's), so
``BIZQ_AMAZON_BASE_URL=<url>/{region}`` lets the client pick the host. A marketplace asked
of another region's host answers ``403 Unauthorized`` "The marketplaces you provided are
not valid for region." (SP-API's answer for it); the participations a host lists are its
region's. Login with Amazon is one host: ``POST /auth/o2/token`` exchanges
``REFRESH_TOKEN`` (with ``CLIENT_ID`` and ``CLIENT_SECRET``) for an access token, else
``400 invalid_grant``.

**Tokens.** Every SP-API call needs that token in ``x-amz-access-token`` (else ``403
Unauthorized``), or a Restricted Data Token for the very operation it was made for: the
Tokens API's ``createRestrictedDataToken`` gives one for restricted resources (the
orders operations, with ``dataElements`` for getOrders, getOrder and getOrderItems), as
the Tokens API model says. ``getOrders`` shows the buyer's name (``BuyerInfo``) and the
street address (``ShippingAddress``: name, lines, phone) only under an RDT for
``buyerInfo`` and ``shippingAddress``; without one, only the city, region, postal code and
country, and the buyer's anonymised e-mail (the Orders v0 model's notes).

**Bodies** BizQ sends are validated against Amazon's published models, vendored in
``data/amazon`` (a listing's patch, an RDT request, a shipment confirmation: ``400
InvalidInput`` when they break them); a shipment with carrier ``Other`` must name it
(``carrierName``). A SKU in a path is percent-decoded (Listings Items takes it
URL-encoded): a raw ``/``, ``#`` or ``?`` in it reaches another address.

It knows Listings Items ``PATCH`` of offers that exist (``offer``: SKUs known to Amazon,
else ``404 NOT_FOUND``; a negative price is ``INVALID`` with an issue) and their search
with page tokens, orders by ``LastUpdatedAfter`` two to a page with ``NextToken``, their
items, and shipment confirmations. Tests may queue ``quota`` (the next SP-API call
answers ``429 QuotaExceeded``), set ``per_second`` (Amazon's token bucket: that many a
second, a burst of as many; a call that finds no token answers the same 429, counted in
``refused``), let the seller sell in more marketplaces (``sells_in``), ``garble`` the
next answer to a path (``200`` with a body of another shape, ``scripted_answers``), and
``place_order`` as a buyer on Amazon would (Amazon's own quantity goes down).
"""

from __future__ import annotations

import functools
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from jsonschema import Draft4Validator
from jsonschema.exceptions import best_match

from tests.standins.clock import OrderClock, iso
from tests.standins.http import QuietHandler, StandIn
from tests.standins.scripted_answers import Garbled, send_raw

SELLER = "A2SELLER123456"
MARKETPLACE = "ATVPDKIKX0DER"
CLIENT_ID = "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef"
CLIENT_SECRET = "amzn1.oa2-cs.v1.standin-client-secret-0123"
REFRESH_TOKEN = "Atzr|IwEBIStandInRefreshToken0123456789"
ACCESS_TOKEN = "Atza|IwEBIStandInAccessToken"
PAGE = 2  # orders per page: small, so that paging is exercised
MARKETPLACES = {  # id → region, name, currency, site (Amazon's Marketplace IDs page)
    "ATVPDKIKX0DER": ("na", "Amazon.com", "USD", "www.amazon.com"),
    "A2EUQ1WTGCTBG2": ("na", "Amazon.ca", "CAD", "www.amazon.ca"),
    "A1PA6795UKMFR9": ("eu", "Amazon.de", "EUR", "www.amazon.de"),
    "A1F83G8C2ARO7P": ("eu", "Amazon.co.uk", "GBP", "www.amazon.co.uk"),
    "A1VC38T7YXB528": ("fe", "Amazon.co.jp", "JPY", "www.amazon.co.jp"),
}
REGIONS = ("na", "eu", "fe")
ORDERS = "/orders/v0/orders"
RDT_PATH = "/tokens/2021-03-01/restrictedDataToken"
DATA_ELEMENTS = {"buyerInfo", "shippingAddress", "buyerTaxInformation"}
OPEN_ADDRESS = ("City", "StateOrRegion", "PostalCode", "CountryCode")  # no RDT needed
MODELS = Path(__file__).parent / "data" / "amazon"
QUOTA = {
    "errors": [
        {
            "code": "QuotaExceeded",
            "message": "You exceeded your quota for the requested resource.",
            "details": "",
        }
    ]
}


def _errors(code: str, message: str, details: str = "") -> dict[str, Any]:
    return {"errors": [{"code": code, "message": message, "details": details}]}


DENIED = _errors("Unauthorized", "Access to requested resource is denied.")
WRONG_REGION = _errors(
    "Unauthorized",
    "Access to requested resource is denied.",
    "The marketplaces you provided are not valid for region.",
)


@functools.cache
def _validator(model: str, definition: str) -> Draft4Validator:
    spec = json.loads((MODELS / model).read_text())
    return Draft4Validator(
        {"$ref": f"#/definitions/{definition}", "definitions": spec["definitions"]}
    )


def breaks(model: str, definition: str, body: Any) -> str:
    """How ``body`` breaks the ``definition`` of Amazon's ``model`` ("" when it keeps to it)."""
    error = best_match(_validator(model, definition).iter_errors(body))
    if error is None:
        return ""
    where = "/".join(str(p) for p in error.absolute_path) or "body"
    return f"{where}: {error.message}"


def restricted_operation(method: str, path: str) -> str:
    """The restricted Orders operation an RDT resource names ("" when it names none)."""
    if method != "GET" or not (path == ORDERS or path.startswith(ORDERS + "/")):
        return ""
    rest = path.removeprefix(ORDERS).strip("/").split("/") if path != ORDERS else []
    if len(rest) <= 1:
        return "getOrder" if rest else "getOrders"
    sub = {"orderItems": "getOrderItems", "address": "getOrderAddress"}
    sub |= {"buyerInfo": "getOrderBuyerInfo", "orderItems/buyerInfo": "getOrderItemsBuyerInfo"}
    return sub.get("/".join(rest[1:]), "")


class AmazonStandIn(StandIn, Garbled):
    def __init__(self) -> None:
        Garbled.__init__(self)
        self.offers: dict[str, dict[str, Any]] = {}  # SKU → price, quantity, asin, name
        self.currencies: dict[str, str] = {}  # SKU → the currency its price was last set in
        self.orders: list[dict[str, Any]] = []
        self.items: dict[str, list[dict[str, Any]]] = {}
        self.shipments: dict[str, dict[str, Any]] = {}
        self.marketplaces = [MARKETPLACE]  # where the seller sells
        self.rdts: dict[str, list[tuple[str, str, frozenset[str]]]] = {}  # token → resources
        self.per_second = 0  # 0: no rate enforced
        self.refused = 0
        self._tokens: float | None = None
        self._last = 0.0
        self.lock = threading.Lock()
        self.clock = OrderClock()  # when each order is placed or changed
        super().__init__()

    def sells_in(self, *marketplaces: str) -> None:
        """The seller sells in these marketplaces too (Seller Central's participations)."""
        self.marketplaces += [m for m in marketplaces if m not in self.marketplaces]

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

    def place_order(
        self, lines: list[tuple[str, int]], status: str = "Unshipped", marketplace: str = ""
    ) -> str:
        """A buyer orders on Amazon; Amazon takes its own units. Returns the order id."""
        market = marketplace or MARKETPLACE
        currency = MARKETPLACES[market][2]
        with self.lock:
            n = len(self.orders) + 1
            order_id = f"902-{n:07d}-{n:07d}"
            placed = iso(self.clock.now())
            self.orders.append(
                {
                    "AmazonOrderId": order_id,
                    "MarketplaceId": market,
                    "PurchaseDate": placed,
                    "LastUpdateDate": placed,
                    "OrderStatus": status,
                    "OrderTotal": {"CurrencyCode": currency, "Amount": "0"},
                    "ShipmentServiceLevelCategory": "Standard",
                    "BuyerInfo": {
                        "BuyerEmail": f"buyer{n}@marketplace.amazon.com",
                        "BuyerName": f"Pat Buyer {n}",
                    },
                    "ShippingAddress": {
                        "Name": f"Pat Buyer {n}",
                        "AddressLine1": "3 Market Street",
                        "City": "Seattle",
                        "StateOrRegion": "WA",
                        "PostalCode": "98101",
                        "CountryCode": "US",
                        "Phone": "+1 206-555-0100",
                    },
                }
            )
            self.items[order_id] = [
                {
                    "OrderItemId": f"{order_id}-{i}",
                    "SellerSKU": sku,
                    "Title": sku,
                    "QuantityOrdered": quantity,
                    "ItemPrice": {"CurrencyCode": currency, "Amount": f"{24 * quantity}.00"},
                    "ShippingPrice": {
                        "CurrencyCode": currency,
                        "Amount": "3.99" if i == 0 else "0",
                    },
                }
                for i, (sku, quantity) in enumerate(lines)
            ]
            for sku, quantity in lines:
                if sku in self.offers:
                    self.offers[sku]["quantity"] -= quantity
        return order_id

    def restricted_token(self, body: Any) -> tuple[int, Any]:
        """``createRestrictedDataToken``: an RDT for restricted orders operations."""
        broken = breaks("tokens_2021-03-01.json", "CreateRestrictedDataTokenRequest", body)
        if broken:
            return 400, _errors("InvalidInput", broken)
        resources = []
        for resource in body["restrictedResources"]:
            operation = restricted_operation(resource["method"], resource["path"])
            elements = frozenset(resource.get("dataElements") or ())
            if not operation:
                return 400, _errors("InvalidInput", f"{resource['path']} is not restricted.")
            wants_elements = operation in ("getOrders", "getOrder", "getOrderItems")
            if wants_elements != bool(elements) or not elements <= DATA_ELEMENTS:
                return 400, _errors("InvalidInput", f"Invalid dataElements for {operation}.")
            resources.append((resource["method"], resource["path"], elements))
        token = f"Atz.sprdt|{uuid.uuid4().hex}"
        self.rdts[token] = resources
        return 200, {"restrictedDataToken": token, "expiresIn": 3600}

    def granted(self, token: str, method: str, path: str) -> frozenset[str] | None:
        """The data elements ``token`` opens for this call; None when it opens nothing."""
        if token == ACCESS_TOKEN:
            return frozenset()
        for allowed, where, elements in self.rdts.get(token, ()):
            if (allowed, where) == (method, path):
                return elements
        return None

    def answer(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        body: Any,
        region: str,
        elements: frozenset[str],
    ) -> tuple[int, Any]:
        raw = [p for p in path.split("/") if p]
        parts = [unquote(p) for p in raw]
        for market in _marketplaces(query, body):
            if market not in MARKETPLACES:
                return 400, _errors("InvalidInput", f"Invalid marketplace id {market}.")
            if MARKETPLACES[market][0] != region:
                return 403, WRONG_REGION
        if path == "/sellers/v1/marketplaceParticipations":
            return 200, {"payload": self._participations(region)}
        if path == RDT_PATH and method == "POST":
            return self.restricted_token(body)
        if parts[:3] == ["listings", "2021-08-01", "items"] and parts[3:4] == [SELLER]:
            if len(parts) == 5 and method == "PATCH":
                return self._patch(parts[4], body)
            if len(parts) == 4 and method == "GET":
                return 200, self._search(query)
        if path.startswith(ORDERS):
            return self._order_call(method, parts[3:], query, body, elements)
        return 404, _errors("NotFound", "Resource not found")

    def _participations(self, region: str) -> list[dict[str, Any]]:
        found = []
        for market in self.marketplaces:
            where, name, currency, site = MARKETPLACES[market]
            if where == region:
                shown = {"id": market, "name": name, "countryCode": site.rsplit(".", 1)[-1]}
                shown |= {"defaultCurrencyCode": currency, "domainName": site}
                found.append({"marketplace": shown, "participation": {}})
        return found

    def _order_call(
        self, method: str, parts: list[str], query: dict[str, str], body: Any, elements: frozenset
    ) -> tuple[int, Any]:
        if not parts and method == "GET":
            return 200, {"payload": self._orders(query, elements)}
        items = self.items.get(parts[0]) if parts else None
        if items is None:
            return 404, _errors("NotFound", "Order not found")
        if parts[1:] == ["orderItems"] and method == "GET":
            return 200, {"payload": {"AmazonOrderId": parts[0], "OrderItems": items}}
        if parts[1:] == ["shipmentConfirmation"] and method == "POST":
            return self._confirm(parts[0], items, body)
        return 404, _errors("NotFound", "Resource not found")

    def _confirm(self, order_id: str, items: list[dict[str, Any]], body: Any) -> tuple[int, Any]:
        broken = breaks("ordersV0.json", "ConfirmShipmentRequest", body)
        package = (body or {}).get("packageDetail") or {}
        if not broken and package["carrierCode"] == "Other" and not package.get("carrierName"):
            broken = "packageDetail/carrierName: required when carrierCode is Other"
        known = {i["OrderItemId"] for i in items}
        if not broken and any(i["orderItemId"] not in known for i in package["orderItems"]):
            broken = "packageDetail/orderItems: not items of this order"
        if broken:
            return 400, _errors("InvalidInput", broken)
        self.shipments[order_id] = package
        return 204, None

    def _patch(self, sku: str, body: Any) -> tuple[int, Any]:
        broken = breaks("listingsItems_2021-08-01.json", "ListingsItemPatchRequest", body)
        if broken:
            return 400, _errors("InvalidInput", broken)
        if sku not in self.offers:
            return 404, _errors("NOT_FOUND", f"SKU '{sku}' not found in marketplace")
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
                self.currencies[sku] = str(value.get("currency"))
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

    def _orders(self, query: dict[str, str], elements: frozenset[str]) -> dict[str, Any]:
        if "NextToken" in query:  # the filters of the first page go on
            after, start = query["NextToken"].split("|")
            begin = int(start)
        else:
            after, begin = query["LastUpdatedAfter"], 0
        markets = set(query.get("MarketplaceIds", "").split(","))
        newer = [
            o for o in self.orders if o["LastUpdateDate"] > after and o["MarketplaceId"] in markets
        ]
        shown = [_shown(o, elements) for o in newer[begin : begin + PAGE]]
        found: dict[str, Any] = {"Orders": shown}
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
                region, path = _region(url.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                stand_in.requests.append(
                    {"method": method, "path": path, "query": query, "region": region}
                )
                if path == "/auth/o2/token":
                    self._login(raw)
                    return
                token = self.headers.get("x-amz-access-token") or ""
                elements = stand_in.granted(token, method, path)
                if elements is None:
                    self.send_json(403, DENIED)
                    return
                if stand_in.over_rate() or stand_in.next_step() == "quota":
                    self.send_json(429, QUOTA, {"x-amzn-RateLimit-Limit": "0.0167"})
                    return
                garbled = stand_in.garbled(path)
                if garbled is not None:
                    send_raw(self, garbled)
                    return
                body = json.loads(raw) if raw else None
                with stand_in.lock:
                    status, answer = stand_in.answer(method, path, query, body, region, elements)
                if status == 204:
                    self.send_response(204)
                    self.end_headers()
                    return
                self.send_json(status, answer)

            def _login(self, raw: bytes) -> None:
                form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                if (form.get("client_id"), form.get("client_secret")) != (CLIENT_ID, CLIENT_SECRET):
                    self.send_json(401, {"error": "invalid_client"})
                elif form.get("refresh_token") != REFRESH_TOKEN:
                    self.send_json(400, {"error": "invalid_grant"})
                else:
                    token = {"access_token": ACCESS_TOKEN, "token_type": "bearer"}
                    self.send_json(200, token | {"expires_in": 3600})

            def do_GET(self) -> None:  # noqa: N802
                self._serve("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def do_PATCH(self) -> None:  # noqa: N802
                self._serve("PATCH")

        return Handler


def _region(path: str) -> tuple[str, str]:
    """The region whose host a path was sent to, and the path on that host."""
    head, _, rest = path.lstrip("/").partition("/")
    if head in REGIONS:
        return head, "/" + rest
    return "na", path


def _marketplaces(query: dict[str, str], body: Any) -> list[str]:
    """The marketplaces a call names (its query's ids, a body's ``marketplaceId``)."""
    named = query.get("MarketplaceIds") or query.get("marketplaceIds") or ""
    found = [m for m in named.split(",") if m]
    if isinstance(body, dict) and body.get("marketplaceId"):
        found.append(str(body["marketplaceId"]))
    return found


def _shown(order: dict[str, Any], elements: frozenset[str]) -> dict[str, Any]:
    """An order as getOrders shows it: the buyer's name and the street address only to a
    Restricted Data Token for them."""
    shown = dict(order)
    if "shippingAddress" not in elements:
        address = order["ShippingAddress"]
        shown["ShippingAddress"] = {k: address[k] for k in OPEN_ADDRESS if k in address}
    if "buyerInfo" not in elements:
        shown["BuyerInfo"] = {"BuyerEmail": order["BuyerInfo"]["BuyerEmail"]}
    return shown
