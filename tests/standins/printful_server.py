"""A local server that answers like Printful's REST API v1 (catalog, orders, shipping rates).

It holds a small catalog (a unisex t-shirt in sizes and colours, a mug, a
poster, a tote), checks the bearer token, records every request, refuses a second
order under an ``external_id`` it already holds (as Printful does, with a 400) and
finds an order by it (``GET /orders/@{external_id}``). Tests queue what happens next:
ok, 429 (with ``Retry-After: 0``), 500, hang, ``lost`` (the request is done — an order
is created — but the answer is a 500) or ``hold`` (the request waits until the test
calls ``release``; ``holding`` is set while it waits).
"""

from __future__ import annotations

import json
import threading
import time
from decimal import Decimal
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.standins.http import QuietHandler, StandIn

TOKEN = "printful-test-token"
SHIPPING = Decimal("4.75")
HANG_SECONDS = 3.0
HOLD_SECONDS = 60.0  # a held request is let go after this even if the test never releases it

PRODUCTS: list[dict[str, Any]] = [
    {
        "id": 71,
        "main_category_id": 24,
        "type": "T-SHIRT",
        "type_name": "T-Shirt",
        "title": "Unisex Staple T-Shirt | Bella + Canvas 3001",
        "brand": "Bella + Canvas",
        "model": "3001",
        "image": "https://files.cdn.printful.com/products/71/product_1.jpg",
        "variant_count": 6,
        "currency": "USD",
        "is_discontinued": False,
    },
    {
        "id": 19,
        "main_category_id": 112,
        "type": "MUG",
        "type_name": "Mug",
        "title": "White Glossy Mug",
        "brand": None,
        "model": "White Glossy Mug",
        "image": "https://files.cdn.printful.com/products/19/product_1.jpg",
        "variant_count": 2,
        "currency": "USD",
        "is_discontinued": False,
    },
    {
        "id": 1,
        "main_category_id": 55,
        "type": "POSTER",
        "type_name": "Poster",
        "title": "Enhanced Matte Paper Poster (in)",
        "brand": None,
        "model": "Enhanced Matte Paper Poster (in)",
        "image": "https://files.cdn.printful.com/products/1/product_1.jpg",
        "variant_count": 2,
        "currency": "USD",
        "is_discontinued": False,
    },
    {
        "id": 367,
        "main_category_id": 84,
        "type": "EMBROIDERY",
        "type_name": "Tote Bag",
        "title": "Eco Tote Bag | Econscious EC8000",
        "brand": "Econscious",
        "model": "EC8000",
        "image": "https://files.cdn.printful.com/products/367/product_1.jpg",
        "variant_count": 1,
        "currency": "USD",
        "is_discontinued": False,
    },
]


def _variant(
    variant_id: int, product_id: int, name: str, size: str, color: str, price: str
) -> dict[str, Any]:
    return {
        "id": variant_id,
        "product_id": product_id,
        "name": name,
        "size": size,
        "color": color,
        "color_code": "#ffffff" if color == "White" else "#0c0c0c",
        "image": f"https://files.cdn.printful.com/products/{product_id}/{variant_id}.jpg",
        "price": price,
        "in_stock": variant_id != 4018,
        "availability_status": [{"region": "US", "status": "in_stock"}],
    }


def _shirt(variant_id: int, size: str, color: str, price: str) -> dict[str, Any]:
    name = f"Bella + Canvas 3001 Unisex Short Sleeve Jersey T-Shirt ({color} / {size})"
    return _variant(variant_id, 71, name, size, color, price)


VARIANTS: dict[int, list[dict[str, Any]]] = {
    71: [
        _shirt(4011, "S", "White", "9.25"),
        _shirt(4012, "M", "White", "9.25"),
        _shirt(4013, "L", "White", "9.25"),
        _shirt(4016, "S", "Black", "9.95"),
        _shirt(4017, "M", "Black", "9.95"),
        _shirt(4018, "2XL", "Black", "12.95"),
    ],
    19: [
        _variant(1320, 19, "White Glossy Mug (11 oz)", "11 oz", "White", "5.95"),
        _variant(4830, 19, "White Glossy Mug (15 oz)", "15 oz", "White", "7.95"),
    ],
    1: [
        _variant(3876, 1, "Enhanced Matte Paper Poster (12″×18″)", "12″×18″", "White", "9.00"),
        _variant(1, 1, "Enhanced Matte Paper Poster (18″×24″)", "18″×24″", "White", "12.25"),
    ],
    367: [_variant(10458, 367, "Eco Tote Bag (Oyster)", "15″×16″", "Oyster", "13.50")],
}
PRICES = {v["id"]: Decimal(v["price"]) for vs in VARIANTS.values() for v in vs}
REQUIRED_RECIPIENT = ("name", "address1", "city", "country_code", "zip")


class PrintfulStandIn(StandIn):
    """Queue behaviours with ``then``: ok, 429, 500, hang, lost, hold."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.orders: dict[int, dict[str, Any]] = {}
        self.holding = threading.Event()  # a request is held (``hold``) right now
        self._released = threading.Event()
        self._lock = threading.Lock()
        super().__init__()

    def release(self) -> None:
        """Let a held request go on (and any held after it)."""
        self._released.set()

    def close(self) -> None:
        self.release()
        super().close()

    def wait_for_release(self) -> None:
        """Hold the request being answered until ``release`` (or ``HOLD_SECONDS``)."""
        self.holding.set()
        self._released.wait(HOLD_SECONDS)

    def answer(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        """Printful's status and ``result`` for one authorised request."""
        parts = urlsplit(path)
        segments = parts.path.strip("/").split("/")
        if method == "GET" and segments == ["products"]:
            return 200, PRODUCTS
        if method == "GET" and segments[0] == "products" and len(segments) == 2:
            return self._product(segments[1])
        if method == "POST" and segments == ["orders"]:
            return self._create_order(body, parse_qs(parts.query).get("confirm") == ["true"])
        if method == "GET" and segments[0] == "orders" and len(segments) == 2:
            return self._order(segments[1])
        if method == "POST" and segments == ["shipping", "rates"]:
            return 200, [_rate()]
        return 404, "Not Found"

    def _product(self, product_id: str) -> tuple[int, Any]:
        product = next((p for p in PRODUCTS if str(p["id"]) == product_id), None)
        if product is None:
            return 404, "Product not found"
        return 200, {"product": product, "variants": VARIANTS[product["id"]]}

    def _create_order(self, body: dict[str, Any], confirm: bool) -> tuple[int, Any]:
        problem = _order_problem(body)
        if problem:
            return 400, problem
        with self._lock:
            external_id = body.get("external_id")
            if external_id and any(o["external_id"] == external_id for o in self.orders.values()):
                return 400, f"Order with external ID {external_id} already exists."
            order_id = 114_500_000 + len(self.orders) + 1
            self.orders[order_id] = _new_order(order_id, body, "pending" if confirm else "draft")
            return 200, self.orders[order_id]

    def _order(self, reference: str) -> tuple[int, Any]:
        order = next((o for o in self.orders.values() if _is(o, reference)), None)
        return (200, order) if order else (404, "Order not found")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(QuietHandler):
            def do_GET(self) -> None:  # noqa: N802
                self._handle(None)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                self._handle(json.loads(self.rfile.read(length)) if length else None)

            def _handle(self, body: Any) -> None:
                headers = {k.lower(): v for k, v in self.headers.items()}
                stand_in.requests.append(
                    {"method": self.command, "path": self.path, "headers": headers, "body": body}
                )
                step = stand_in.next_step()
                if step == "hang":
                    time.sleep(HANG_SECONDS)
                    return
                if step == "hold":
                    stand_in.wait_for_release()
                if step in ("429", "500"):
                    self.send_json(int(step), _failure(int(step)), {"Retry-After": "0"})
                elif headers.get("authorization") != f"Bearer {stand_in.token}":
                    self.send_json(401, _failure(401))
                else:
                    status, result = stand_in.answer(self.command, self.path, body)
                    if step == "lost":  # done, but the caller never hears of it
                        status, result = 500, MESSAGES[500]
                    self.send_json(status, _wrapped(status, result))

        return Handler


REASONS = {
    400: "BadRequest",
    401: "Unauthorized",
    404: "NotFound",
    429: "TooManyRequests",
    500: "InternalServerError",
}
MESSAGES = {
    401: "The access token provided is invalid.",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


def _wrapped(status: int, result: Any) -> dict[str, Any]:
    if status == 200:
        return {"code": 200, "result": result, "extra": []}
    return {
        "code": status,
        "result": result,
        "error": {"reason": REASONS[status], "message": result},
    }


def _failure(status: int) -> dict[str, Any]:
    return _wrapped(status, MESSAGES[status])


def _order_problem(body: Any) -> str | None:
    recipient = body.get("recipient") if isinstance(body, dict) else None
    missing = [f for f in REQUIRED_RECIPIENT if not (recipient or {}).get(f)]
    if missing:
        return f"Recipient: {', '.join(missing)} is missing!"
    if not body.get("items"):
        return "Items: Order items are missing!"
    for n, item in enumerate(body["items"]):
        if item.get("variant_id") not in PRICES:
            return f"Item {n}: Product variant {item.get('variant_id')} is not valid!"
    return None


def _new_order(order_id: int, body: dict[str, Any], status: str) -> dict[str, Any]:
    subtotal = sum(
        (PRICES[i["variant_id"]] * int(i.get("quantity", 1)) for i in body["items"]), Decimal()
    )
    return {
        "id": order_id,
        "external_id": body.get("external_id"),
        "store": 10,
        "status": status,
        "shipping": "STANDARD",
        "created": int(time.time()),
        "recipient": body["recipient"],
        "items": [dict(item, id=n + 1) for n, item in enumerate(body["items"])],
        "costs": _costs(subtotal),
    }


def _costs(subtotal: Decimal) -> dict[str, str]:
    return {
        "currency": "USD",
        "subtotal": str(subtotal),
        "discount": "0.00",
        "shipping": str(SHIPPING),
        "tax": "0.00",
        "vat": "0.00",
        "total": str(subtotal + SHIPPING),
    }


def _is(order: dict[str, Any], reference: str) -> bool:
    return str(order["id"]) == reference or f"@{order['external_id']}" == reference


def _rate() -> dict[str, str]:
    return {
        "id": "STANDARD",
        "name": "Flat Rate (3-4 business days after fulfillment)",
        "rate": str(SHIPPING),
        "currency": "USD",
    }
