"""A local server that answers like TikTok Shop's Partner API (202309) for one shop.

``GET /api/v2/token/refresh`` exchanges ``REFRESH_TOKEN`` (with ``APP_KEY`` and
``APP_SECRET``) for an access token, else TikTok's ``code`` 36004004; every other call
needs it in ``x-tts-access-token``, the ``app_key``, a ``timestamp`` within five minutes
and a ``sign`` checked with TikTok's algorithm (the stand-in computes it its own way from
the raw request: secret, path, sorted parameters, raw body, secret) — a wrong one is
``code`` 106001 —, and ``shop_cipher`` on shop calls. Each path is the 202309 version's,
taken with its one documented method (else ``code`` 36009003); a search takes a
``page_size`` of 1 to 100 (else ``code`` 36009001). It knows the authorised shop, its
warehouses, products searched by seller SKU with page tokens, price and inventory
updates, orders by ``update_time_ge`` two to a page (the page token keeps the first
page's filter), one line item per unit, delivery options' shipping providers and shipping
a package, and the shop's webhook address (Update Shop Webhook). Tests may queue
``throttle`` (the next call answers ``429``), ``place_order`` as a buyer on TikTok would
(TikTok's own quantity goes down), ``pay`` an unpaid order, ``garble`` the next answer
to a path (``200`` with a body of another shape), and take ``webhook`` — the
``ORDER_STATUS_CHANGE`` delivery TikTok would send for an order, signed as TikTok signs
it — to post to BizQ.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlparse

from tests.standins.clock import OrderClock
from tests.standins.http import QuietHandler, StandIn
from tests.standins.scripted_answers import Garbled, send_raw

SHOP = "Wick and Co"
APP_KEY = "6a1b2c3d4e5f7"
APP_SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6"
REFRESH_TOKEN = "ROW_StandInRefreshToken_0123456789abcdef"
ACCESS_TOKEN = "ROW_StandInAccessToken_fedcba9876543210"
CIPHER = "ROW_standin_cipher"
WAREHOUSE = "7100000000000001"
SHOP_ID = "7000714532876273420"
PAGE = 2  # orders per page: small, so that paging is exercised
OPEN_ID = "7zXx3QAAAAB1StandInOpenId"
SCOPES = ["seller.authorization.info", "seller.product.basic", "seller.order.info"]
ROUTES = (  # each 202309 path the stand-in serves, with its one documented method
    ("GET", re.compile(r"/authorization/202309/shops")),
    ("GET", re.compile(r"/logistics/202309/warehouses")),
    ("POST", re.compile(r"/product/202309/products/search")),
    ("POST", re.compile(r"/product/202309/products/\w+/(prices|inventory)/update")),
    ("PUT", re.compile(r"/event/202309/webhooks")),
    ("POST", re.compile(r"/order/202309/orders/search")),
    ("GET", re.compile(r"/order/202309/orders")),
    ("GET", re.compile(r"/logistics/202309/delivery_options/\w+/shipping_providers")),
    ("POST", re.compile(r"/fulfillment/202309/packages/\w+/ship")),
)
PAGED = ("/product/202309/products/search", "/order/202309/orders/search")
MAX_PAGE_SIZE = 100


def _ok(data: Any) -> dict[str, Any]:
    return {"code": 0, "message": "Success", "request_id": "standin", "data": data}


def _refused(code: int, message: str) -> dict[str, Any]:
    return {"code": code, "message": message, "request_id": "standin", "data": None}


def _page_size_refused(query: dict[str, str]) -> dict[str, Any] | None:
    """A search's ``page_size`` must be a whole number from 1 to 100 (both searches
    require it)."""
    size = query.get("page_size", "")
    if size.isdigit() and 1 <= int(size) <= MAX_PAGE_SIZE:
        return None
    return _refused(36009001, f"Invalid parameter: page_size must be 1-{MAX_PAGE_SIZE}")


class TikTokStandIn(StandIn, Garbled):
    def __init__(self) -> None:
        Garbled.__init__(self)
        self.products: dict[str, dict[str, Any]] = {}  # product id → product
        self.orders: list[dict[str, Any]] = []
        self.shipped: dict[str, dict[str, Any]] = {}  # package id → self_shipment
        self.webhooks: dict[str, str] = {}  # event type → address
        self.lock = threading.Lock()
        self.clock = OrderClock()  # when each order is placed or changed
        super().__init__()

    def product(self, title: str, skus: dict[str, int], price: str = "30.00") -> str:
        """A product the seller created on TikTok Shop: seller SKU → quantity."""
        product_id = str(1729000000000000000 + len(self.products))
        self.products[product_id] = {
            "id": product_id,
            "title": title,
            "status": "ACTIVATE",
            "skus": [
                {
                    "id": f"{product_id}{i}",
                    "seller_sku": sku,
                    "price": {"currency": "USD", "sale_price": price},
                    "inventory": [{"warehouse_id": WAREHOUSE, "quantity": quantity}],
                }
                for i, (sku, quantity) in enumerate(skus.items())
            ],
        }
        return product_id

    def quantity(self, seller_sku: str) -> int:
        return int(self._sku(seller_sku)["inventory"][0]["quantity"])

    def price(self, seller_sku: str) -> str:
        return str(self._sku(seller_sku)["price"]["sale_price"])

    def _sku(self, seller_sku: str) -> dict[str, Any]:
        return next(
            s for p in self.products.values() for s in p["skus"] if s["seller_sku"] == seller_sku
        )

    def place_order(
        self, lines: list[tuple[str, int]], status: str = "AWAITING_SHIPMENT", days_ago: int = 0
    ) -> str:
        """A buyer orders on TikTok Shop (``days_ago``: an order of the past, untouched
        since); TikTok takes its own units. Returns the order id."""
        with self.lock:
            n = len(self.orders) + 1
            order_id = f"5769{n:014d}"
            items = []
            for sku, quantity in lines:
                for unit in range(quantity):  # TikTok lists one line item per unit
                    items.append(
                        {
                            "id": f"{order_id}{sku}{unit}",
                            "seller_sku": sku,
                            "product_name": sku,
                            "sale_price": "24.00",
                        }
                    )
                if status != "CANCELLED":
                    self._sku(sku)["inventory"][0]["quantity"] -= quantity
            placed = self.clock.now() - days_ago * 86400
            self.orders.append(
                {
                    "id": order_id,
                    "status": status,
                    "create_time": placed,
                    "update_time": placed,
                    "buyer_email": f"v{n}@scs.tiktokw.us",
                    "delivery_option_id": "7091146663229654830",
                    "delivery_option_name": "Standard shipping",
                    "packages": [{"id": f"11{n:016d}"}],
                    "payment": {"currency": "USD", "shipping_fee": "2.99"},
                    "recipient_address": {
                        "name": f"Kai Buyer {n}",
                        "address_line1": "8 Pine Street",
                        "postal_code": "90001",
                        "region_code": "US",
                        "district_info": [
                            {"address_level_name": "City", "address_name": "Los Angeles"}
                        ],
                    },
                    "line_items": items,
                }
            )
        return order_id

    def pay(self, order_id: str) -> None:
        """The buyer pays an unpaid order: it awaits shipment, changed now."""
        with self.lock:
            order = next(o for o in self.orders if o["id"] == order_id)
            order["status"], order["update_time"] = "AWAITING_SHIPMENT", self.clock.now()

    def webhook(self, order_id: str, secret: str = APP_SECRET) -> tuple[bytes, str]:
        """TikTok's ``ORDER_STATUS_CHANGE`` delivery for the order as it is now: the body
        and its ``Authorization`` signature."""
        order = next(o for o in self.orders if o["id"] == order_id)
        data = {"order_id": order_id, "order_status": order["status"]}
        event = {"type": 1, "tts_notification_id": f"7{order['update_time']}", "shop_id": SHOP_ID}
        body = json.dumps(event | {"timestamp": order["update_time"], "data": data}).encode()
        return body, hmac.new(secret.encode(), APP_KEY.encode() + body, hashlib.sha256).hexdigest()

    def answer(self, method: str, path: str, query: dict[str, str], body: Any) -> dict[str, Any]:
        parts = [p for p in path.split("/") if p]
        if not any(m == method and p.fullmatch(path) for m, p in ROUTES):
            return _refused(36009003, "Path not found")
        if path in PAGED and (refused := _page_size_refused(query)):
            return refused
        if path == "/authorization/202309/shops":
            shop = {"id": SHOP_ID, "name": SHOP, "region": "US"}
            return _ok({"shops": [shop | {"cipher": CIPHER, "code": "USWICK", "currency": "USD"}]})
        if query.get("shop_cipher") != CIPHER:
            return _refused(106011, "Invalid shop_cipher")
        if path == "/logistics/202309/warehouses":
            warehouse = {"id": WAREHOUSE, "name": "Home", "type": "SALES_WAREHOUSE"}
            return _ok({"warehouses": [warehouse | {"is_default": True}]})
        if path == "/product/202309/products/search":
            return _ok(self._search(query, body))
        if parts[:3] == ["product", "202309", "products"] and method == "POST":
            product = self.products.get(parts[3])
            if product is None:
                return _refused(12052700, "Product does not exist")
            for change in body["skus"]:
                sku = next((s for s in product["skus"] if s["id"] == change["id"]), None)
                if sku is None:
                    return _refused(12052701, "SKU does not exist")
                if parts[4] == "prices":
                    if float(change["price"]["amount"]) <= 0:
                        return _refused(12019016, "The price must be greater than 0")
                    sku["price"]["sale_price"] = change["price"]["amount"]
                else:
                    sku["inventory"] = change["inventory"]
            return _ok({})
        if path == "/event/202309/webhooks" and method == "PUT":
            self.webhooks[body["event_type"]] = body["address"]
            return _ok({})
        if path == "/order/202309/orders/search":
            return _ok(self._orders(query, body))
        if path == "/order/202309/orders":
            ids = query.get("ids", "").split(",")
            return _ok({"orders": [o for o in self.orders if o["id"] in ids]})
        if parts[:3] == ["logistics", "202309", "delivery_options"]:
            providers = [
                {"id": "6617675021119438849", "name": "USPS"},
                {"id": "6617675021119438850", "name": "UPS"},
            ]
            return _ok({"shipping_providers": providers})
        if parts[:3] == ["fulfillment", "202309", "packages"] and parts[4] == "ship":
            self.shipped[parts[3]] = body["self_shipment"]
            return _ok({})
        return _refused(36009003, "Path not found")

    def _search(self, query: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        wanted = set(body.get("seller_skus") or [])
        ids = [
            pid
            for pid, p in sorted(self.products.items())
            if not wanted or any(s["seller_sku"] in wanted for s in p["skus"])
        ]
        start, size = int(query.get("page_token") or 0), int(query.get("page_size") or 10)
        found: dict[str, Any] = {
            "products": [self.products[pid] for pid in ids[start : start + size]],
            "total_count": len(ids),
        }
        if start + size < len(ids):
            found["next_page_token"] = str(start + size)
        return found

    def _orders(self, query: dict[str, str], body: dict[str, Any]) -> dict[str, Any]:
        if query.get("page_token"):  # the token keeps the first page's filter
            since, start = (int(x) for x in query["page_token"].split("-"))
        else:
            since, start = int(body["update_time_ge"]), 0
        newer = [o for o in self.orders if o["update_time"] >= since]
        found: dict[str, Any] = {"orders": newer[start : start + PAGE], "total_count": len(newer)}
        if start + PAGE < len(newer):
            found["next_page_token"] = f"{since}-{start + PAGE}"
        return found

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(QuietHandler):
            def _serve(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                url = urlparse(self.path)
                query = dict(parse_qsl(url.query))
                stand_in.requests.append({"method": method, "path": url.path, "query": query})
                if url.path == "/api/v2/token/refresh":
                    self._token(method, query)
                    return
                if self.headers.get("x-tts-access-token") != ACCESS_TOKEN:
                    self.send_json(401, _refused(105002, "Expired credentials"))
                    return
                if not self._signed(url.path, query, raw):
                    self.send_json(200, _refused(106001, "Invalid signature"))
                    return
                if stand_in.next_step() == "throttle":
                    self.send_json(429, _refused(36009004, "Too many requests"))
                    return
                garbled = stand_in.garbled(url.path)
                if garbled is not None:
                    send_raw(self, garbled)
                    return
                body = json.loads(raw) if raw else {}
                with stand_in.lock:
                    self.send_json(200, stand_in.answer(method, url.path, query, body))

            def _signed(self, path: str, query: dict[str, str], raw: bytes) -> bool:
                if query.get("app_key") != APP_KEY:
                    return False
                if abs(time.time() - int(query.get("timestamp") or 0)) > 300:
                    return False
                pairs = sorted(
                    (k, v) for k, v in query.items() if k not in ("sign", "access_token")
                )
                text = APP_SECRET + path + "".join(k + v for k, v in pairs)
                text += raw.decode() + APP_SECRET
                digest = hmac.new(APP_SECRET.encode(), text.encode(), hashlib.sha256).hexdigest()
                return hmac.compare_digest(digest, query.get("sign", ""))

            def _token(self, method: str, query: dict[str, str]) -> None:
                """Refresh Access Token: a GET whose query carries the app key and secret,
                the refresh token and ``grant_type=refresh_token`` (Partner Center's
                *Authorization overview*); its answer in TikTok's shape."""
                if method != "GET" or query.get("grant_type") != "refresh_token":
                    self.send_json(200, _refused(36004004, "invalid grant_type"))
                    return
                if (query.get("app_key"), query.get("app_secret")) != (APP_KEY, APP_SECRET):
                    self.send_json(200, _refused(36004004, "invalid app_key or app_secret"))
                    return
                if query.get("refresh_token") != REFRESH_TOKEN:
                    self.send_json(200, _refused(36004004, "invalid refresh_token"))
                    return
                now = int(time.time())
                data = {"access_token": ACCESS_TOKEN, "refresh_token": REFRESH_TOKEN}
                data |= {"access_token_expire_in": now + 7 * 86400}
                data |= {"refresh_token_expire_in": now + 365 * 86400, "open_id": OPEN_ID}
                data |= {"seller_name": SHOP, "seller_base_region": "US", "user_type": 0}
                self.send_json(200, _ok(data | {"granted_scopes": SCOPES}))

            def do_GET(self) -> None:  # noqa: N802
                self._serve("GET")

            def do_POST(self) -> None:  # noqa: N802
                self._serve("POST")

            def do_PUT(self) -> None:  # noqa: N802
                self._serve("PUT")

        return Handler
