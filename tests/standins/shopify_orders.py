"""Orders in the Shopify stand-in: kept in the REST Admin API's order JSON (what the
``orders/create`` webhook carries), shown as the GraphQL Admin API's ``Order``, and found
by Shopify's search syntax (the ``orders`` query's ``query`` argument).

The search understands what the schema's description of that argument lists for the
filters BizQ uses — ``updated_at`` (with ``>``, ``>=``, ``<``, ``<=``), ``financial_status``,
``test``, ``status`` (``open``, ``closed``, ``cancelled``, ``not_closed``) — joined by
``AND`` (or a space), ``OR``, ``NOT`` or ``-`` and grouped in parentheses, as Shopify's
"API search syntax" page describes. A filter it does not know matches nothing.

``OrderDesk`` is the stand-in's order side (mixed into ``ShopifyStandIn``): what tests do
to orders on Shopify, and the ``orders``, ``order`` and ``fulfillmentCreate`` fields.
"""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

from graphql import FieldNode

from tests.standins.shopify_schema import Request

TOKENS = re.compile(r"""\(|\)|-?[A-Za-z_]+:(?:'[^']*'|"[^"]*"|[^\s()]+)|AND|OR|NOT""")


def graphql_order(order: dict[str, Any]) -> dict[str, Any]:
    """The GraphQL ``Order`` of a REST order (every field BizQ may select)."""
    address, shipping = order["shipping_address"], order["shipping_lines"][0]
    customer = order["customer"]
    return {
        "id": f"gid://shopify/Order/{order['id']}",
        "name": order["name"],
        "createdAt": order["created_at"],
        "updatedAt": order["updated_at"],
        "email": order["email"],
        "currencyCode": order["currency"],
        "displayFinancialStatus": str(order["financial_status"]).upper(),
        "cancelledAt": order["cancelled_at"],
        "test": order["test"],
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
    }


def graphql_line(line: dict[str, Any]) -> dict[str, Any]:
    return {
        "sku": line["sku"],
        "title": line["title"],
        "quantity": line["quantity"],
        "currentQuantity": line["current_quantity"],
        "originalUnitPriceSet": {"shopMoney": {"amount": line["price"]}},
    }


def page(items: list[Any], first: int | None, after: str | None) -> dict[str, Any]:
    """One page of a connection (cursors are positions, as opaque to BizQ as Shopify's)."""
    start = int(after) if after else 0
    taken = items[start : start + (first if first is not None else len(items))]
    more = start + len(taken) < len(items)
    return {
        "nodes": taken,
        "pageInfo": {"hasNextPage": more, "endCursor": str(start + len(taken)) if taken else None},
    }


def matches(search: str, order: dict[str, Any]) -> bool:
    """Whether ``order`` is found by the search ``search`` (empty: every order)."""
    tokens = TOKENS.findall(search or "")
    if not tokens:
        return True
    found, rest = _any(tokens, order)
    return found and not rest


def _any(tokens: list[str], order: dict[str, Any]) -> tuple[bool, list[str]]:
    found, tokens = _all(tokens, order)
    while tokens and tokens[0] == "OR":
        more, tokens = _all(tokens[1:], order)
        found = found or more
    return found, tokens


def _all(tokens: list[str], order: dict[str, Any]) -> tuple[bool, list[str]]:
    found, tokens = _one(tokens, order)
    while tokens and tokens[0] not in ("OR", ")"):
        if tokens[0] == "AND":
            tokens = tokens[1:]
        more, tokens = _one(tokens, order)
        found = found and more
    return found, tokens


def _one(tokens: list[str], order: dict[str, Any]) -> tuple[bool, list[str]]:
    head, rest = tokens[0], tokens[1:]
    if head == "NOT":
        found, rest = _one(rest, order)
        return not found, rest
    if head == "(":
        found, rest = _any(rest, order)
        return found, rest[1:]  # the closing parenthesis
    if head.startswith("-"):
        return not _term(head[1:], order), rest
    return _term(head, order), rest


def _term(term: str, order: dict[str, Any]) -> bool:
    name, _, value = term.partition(":")
    comparison = re.match(r"(>=|<=|>|<)?(.*)", value)
    assert comparison is not None
    operator, value = comparison.group(1) or "", comparison.group(2).strip("'\"")
    if name == "updated_at":
        stamp = str(order["updated_at"])
        return {
            ">": stamp > value,
            ">=": stamp >= value,
            "<": stamp < value,
            "<=": stamp <= value,
            "": stamp.startswith(value),
        }[operator]
    if name == "financial_status":
        return str(order["financial_status"]) == value.lower()
    if name == "test":
        return bool(order["test"]) == (value.lower() == "true")
    if name == "status":
        cancelled = order["cancelled_at"] is not None
        return {
            "cancelled": cancelled,
            "open": not cancelled,
            "closed": cancelled,
            "not_closed": not cancelled,
        }.get(value.lower(), False)
    return False


class OrderDesk:
    """Orders on the stand-in's shop, kept in ``orders`` (REST form, oldest first)."""

    orders: list[dict[str, Any]]
    lock: threading.Lock
    _next_id: int
    _last_stamp: datetime = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=1)

    def quantity_of(self, sku: str) -> int | None:
        raise NotImplementedError

    def sell_on_shopify(self, sku: str, units: int) -> None:
        raise NotImplementedError

    def _id(self, kind: str) -> str:
        raise NotImplementedError

    def _nested(
        self, request: Request, field: FieldNode, name: str, items: list[Any]
    ) -> dict[str, Any]:
        raise NotImplementedError

    def place_order(
        self,
        lines: list[tuple[str, int]],
        currency: str = "USD",
        *,
        financial_status: str = "paid",
        test: bool = False,
        days_ago: int = 0,
    ) -> dict[str, Any]:
        """A buyer orders on Shopify (``(sku, quantity)`` lines): the order's REST JSON, as
        its ``orders/create`` webhook carries it; Shopify's own stock goes down too.
        ``financial_status`` as the REST API spells it (``pending``, ``authorized``…);
        ``days_ago``: an order of the past, untouched since."""
        with self.lock:
            self._next_id += 1
            number = len(self.orders) + 1001
            placed = self._stamp(days_ago)
            order = {
                "id": 450789469000 + self._next_id,
                "name": f"#{number}",
                "email": f"shopper{number}@example.com",
                "currency": currency,
                "created_at": placed,
                "updated_at": placed,
                "financial_status": financial_status,
                "cancelled_at": None,
                "test": test,
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
                    {"sku": sku, "quantity": quantity, "current_quantity": quantity}
                    | {"price": "24.00", "title": sku}
                    for sku, quantity in lines
                ],
            }
            self.orders.append(order)
        for sku, quantity in lines:
            if self.quantity_of(sku) is not None:
                self.sell_on_shopify(sku, quantity)
        return order

    def pay(self, order: dict[str, Any]) -> None:
        """The buyer's payment is captured."""
        self._changed(order, financial_status="paid")

    def cancel(self, order: dict[str, Any]) -> None:
        """The seller cancels the order on Shopify (an unpaid one's payment is voided)."""
        status = "voided" if order["financial_status"] != "paid" else "refunded"
        self._changed(order, cancelled_at=self._stamp(), financial_status=status)

    def remove_units(self, order: dict[str, Any], sku: str, units: int) -> None:
        """The seller takes ``units`` of a line off the order (an edit or a refund)."""
        with self.lock:
            line = next(ln for ln in order["line_items"] if ln["sku"] == sku)
            line["current_quantity"] -= units
        self._changed(order)

    def _changed(self, order: dict[str, Any], **fields: Any) -> None:
        with self.lock:
            order.update(fields, updated_at=self._stamp())

    def _stamp(self, days_ago: int = 0) -> str:
        """Now, to the second, and later than every stamp before (orders sort by it); or,
        ``days_ago``, that many days before now."""
        now = datetime.now(UTC).replace(microsecond=0)
        if days_ago:
            return (now - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%SZ")
        self._last_stamp = max(now, self._last_stamp + timedelta(seconds=1))
        return self._last_stamp.strftime("%Y-%m-%dT%H:%M:%SZ")

    def tracking_of(self, name: str) -> str | None:
        """The tracking number Shopify holds for the order called ``name`` (like "#1001")."""
        order = next(o for o in self.orders if o["name"] == name)
        return order.get("tracking_number")

    def _orders(self, request: Request, field: FieldNode, _version: str) -> dict[str, Any]:
        asked = request.arguments(field)
        found = sorted(
            (o for o in self.orders if matches(str(asked.get("query") or ""), o)),
            key=lambda o: o["updated_at"],
        )
        orders = page(found, asked.get("first"), asked.get("after"))
        orders["nodes"] = [self._order_node(request, field, o) for o in orders["nodes"]]
        return orders

    def _order(self, request: Request, field: FieldNode, _version: str) -> Any:
        order = self._by_gid(str(request.arguments(field)["id"]))
        return None if order is None else self._order_node(request, field, order)

    def _order_node(
        self, request: Request, field: FieldNode, order: dict[str, Any]
    ) -> dict[str, Any]:
        lines = [graphql_line(line) for line in order["line_items"]]
        status = "CLOSED" if order.get("tracking_number") else "OPEN"
        fulfillment = {"id": f"gid://shopify/FulfillmentOrder/{order['id']}", "status": status}
        return graphql_order(order) | {
            "lineItems": self._nested(request, field, "lineItems", lines),
            "fulfillmentOrders": self._nested(request, field, "fulfillmentOrders", [fulfillment]),
        }

    def _by_gid(self, gid: str) -> dict[str, Any] | None:
        return next((o for o in self.orders if f"gid://shopify/Order/{o['id']}" == gid), None)

    def _fulfillmentCreate(self, request: Request, field: FieldNode, _version: str) -> Any:  # noqa: N802
        data = request.arguments(field)["fulfillment"]
        errors, done = [], []
        for group in data["lineItemsByFulfillmentOrder"]:
            number = str(group["fulfillmentOrderId"]).rsplit("/", 1)[-1]
            order = self._by_gid(f"gid://shopify/Order/{number}")
            if order is None or order.get("tracking_number"):
                errors.append({"field": ["fulfillment"], "message": "Fulfillment order is closed."})
            else:
                done.append(order)
        if errors:
            return {"fulfillment": None, "userErrors": errors}
        for order in done:
            order["tracking_number"] = (data.get("trackingInfo") or {}).get("number") or ""
        fulfillment = {"id": self._id("Fulfillment"), "status": "SUCCESS"}
        return {"fulfillment": fulfillment, "userErrors": []}
