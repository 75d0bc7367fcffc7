"""A local server that answers like Shopify's Admin GraphQL API for its shops.

``POST /admin/api/<version>/graphql.json`` with ``X-Shopify-Access-Token``; a wrong token
gets Shopify's 401. What Shopify checks, it checks, with Shopify's answers:

- **Version** ("About Shopify API versioning"): stable versions come out on the first day
  of each quarter and are supported for 12 months; a request for one no longer supported
  (or for none) is served as the oldest supported version, and every answer's
  ``X-Shopify-API-Version`` says which version served it. The stand-in holds one version's
  schema (``shopify_schema.VERSION``, the one BizQ pins) and answers every request from it.
- **The document**: validated against that schema, its variables coerced to their types
  (``shopify_schema.problems``): anything else is answered with GraphQL ``errors``.
- **Cost** ("GraphQL Admin API rate limits"): a request whose requested cost is over
  1,000 points is refused (``MAX_COST_EXCEEDED``); otherwise the requested cost must be in
  the bucket (``THROTTLED`` when not), which refills at ``restore_rate`` per second and
  gets back the difference between requested and actual cost once the request has run,
  as ``extensions.cost`` reports.
- **Operations**, by the root fields the document selects, each answer cut to the
  selection: the shop and its locations; ``productSet`` (``userErrors`` for a blank title
  or a negative price); ``products`` and ``product`` with each variant's quantity at the
  location; ``orders`` (found by Shopify's search syntax, sorted by update) and ``order``
  (its lines and fulfillment orders), every nested connection paged by its ``first``;
  ``inventorySetQuantities`` as the pinned version defines it: ``changeFromQuantity``
  given for each quantity (``COMPARE_QUANTITY_REQUIRED`` when left out; null sets without
  comparing; ``CHANGE_FROM_QUANTITY_STALE`` when Shopify holds another figure), and from
  2026-04 an ``@idempotent(key:)`` ("Idempotent requests": required, or the request is
  refused; a key sent again with the same input returns the first answer and changes
  nothing, with other input ``IDEMPOTENCY_KEY_PARAMETER_MISMATCH``);
  ``webhookSubscriptionCreate`` (an https address, once per topic) and ``fulfillmentCreate``.

Tests may queue ``throttle`` (one THROTTLED answer), ``reject:<message>`` (the next
``productSet`` answers with that ``userErrors`` message), ``500``, ``bad_json`` or
``lost`` (the next request is carried out but its answer never arrives: a 502), or
``garble`` the next answer to a root field (``200`` with a body of another shape); sell on
Shopify (``sell_on_shopify``), place, pay, cancel or edit an order there (``place_order``
and the rest), which ``signed`` signs as its webhook; or list a product as if the seller
had on Shopify (``list_on_shopify``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import threading
import time
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler
from typing import Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, parse

from tests.standins import shopify_schema
from tests.standins.http import QuietHandler, StandIn
from tests.standins.scripted_answers import Garbled, send_raw
from tests.standins.shopify_orders import OrderDesk, page
from tests.standins.shopify_schema import MAX_COST, Request

TOKEN = "shpat_standin_0123456789abcdef"
LOCATION = "gid://shopify/Location/1"
SHOP = "standin-candles.myshopify.com"
UNAUTHORISED = "[API] Invalid API key or access token (unrecognized login or wrong password)"
PATH = re.compile(r"^/admin/api/([^/]+)/graphql\.json$")
IDEMPOTENT_FROM = "2026-04"  # inventorySetQuantities needs @idempotent from this version
NEEDS_KEY = "The @idempotent directive is required for this mutation but was not provided."
TOO_COSTLY = (
    "Query cost is {cost}, which exceeds the single query max cost limit (1000).\n\n"
    "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\n"
    "cost of a query is calculated.\n\n"
    "To query larger amounts of data with fewer limits, bulk operations should be used "
    "instead.\nSee https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for "
    "usage details.\n"
)


class Refused(Exception):
    """A root field refused as a whole: a GraphQL error, its data null."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.error = {"message": message, "extensions": {"code": code}}


def supported_versions(today: date) -> list[str]:
    """The stable versions Shopify supports on ``today``, oldest first."""
    versions = []
    for back in range(15, -1, -1):
        month = today.year * 12 + today.month - 1 - back
        year, number = divmod(month, 12)
        released = date(year, number + 1, 1)
        if number % 3 == 0 and released <= today < date(year + 1, number + 1, 1):
            versions.append(f"{year}-{number + 1:02d}")
    return versions


class ShopifyStandIn(OrderDesk, StandIn, Garbled):
    def __init__(
        self, *, bucket: float = 1000.0, restore_rate: float = 50.0, today: date | None = None
    ) -> None:
        self.products: dict[str, dict[str, Any]] = {}
        self.quantities: dict[str, int] = {}  # inventory item id → available at LOCATION
        self.maximum, self.restore_rate = bucket, restore_rate
        self._available, self._at = bucket, time.monotonic()
        self.spent = 0  # the actual cost points of every request served
        self.today = today or datetime.now(UTC).date()
        self._next_id = 1000
        self.orders: list[dict[str, Any]] = []  # the REST form a webhook carries
        self.subscriptions: list[dict[str, str]] = []  # topic, uri
        self.idempotent: dict[str, tuple[str, dict[str, Any]]] = {}  # key → input, answer
        self.lock = threading.Lock()
        self._serving = threading.local()  # the version the request in hand is served in
        Garbled.__init__(self)
        super().__init__()

    # --- what tests do on Shopify's side ------------------------------------------------

    def quantity_of(self, sku: str) -> int | None:
        variant = self._variant(sku)
        return None if variant is None else self.quantities[variant["inventoryItem"]["id"]]

    def price_of(self, sku: str) -> str | None:
        variant = self._variant(sku)
        return None if variant is None else str(variant["price"])

    def _variant(self, sku: str) -> dict[str, Any] | None:
        every = (v for p in self.products.values() for v in p["variants"])
        return next((v for v in every if v["sku"] == sku), None)

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
                "onlineStoreUrl": f"https://{SHOP}/products/{handle}",
                "variants": rows,
            }
        return product_id

    def sell_on_shopify(self, sku: str, units: int) -> None:
        for product in self.products.values():
            for variant in product["variants"]:
                if variant["sku"] == sku:
                    self.quantities[variant["inventoryItem"]["id"]] -= units

    # --- the API ------------------------------------------------------------------------

    def served_version(self, asked: str) -> str:
        """The version Shopify serves a request for ``asked`` with."""
        supported = supported_versions(self.today)
        candidate = re.fullmatch(r"\d{4}-(01|04|07|10)", asked) and asked > supported[-1]
        if asked in supported or asked == "unstable" or candidate:
            return asked  # supported, the release candidate, or the unstable one
        return supported[0]

    def answer(self, body: dict[str, Any]) -> dict[str, Any]:
        """The answer to one request's body, in the version it is served in."""
        version = getattr(self._serving, "version", shopify_schema.VERSION)
        query, variables = str(body.get("query") or ""), body.get("variables") or {}
        errors = shopify_schema.problems(query, variables)
        if errors:
            return {"errors": errors}
        requested = shopify_schema.requested_cost(query, variables)
        with self.lock:
            if requested > MAX_COST:
                return self._too_costly(requested)
            throttled = bool(self.script) and self.script[0] == "throttle"
            if throttled:
                self.next_step()
            if throttled or not self._take(requested):
                return {
                    "errors": [{"message": "Throttled", "extensions": {"code": "THROTTLED"}}],
                    "extensions": self._status(requested, None),
                }
            request = Request(query, variables)
            data, refused = self._run(request, version)
            actual = shopify_schema.actual_cost(query, variables, data)
            self.spent += actual
            self._available = min(self.maximum, self._available + requested - actual)
            answer: dict[str, Any] = {"data": data, "extensions": self._status(requested, actual)}
            if refused:
                answer["errors"] = refused
            return answer

    def _run(self, request: Request, version: str) -> tuple[dict[str, Any], list[Any]]:
        data: dict[str, Any] = {}
        refused = []
        for field in request.root_fields():
            key = (field.alias or field.name).value
            try:
                value = getattr(self, f"_{field.name.value}")(request, field, version)
            except Refused as exc:
                refused.append(exc.error | {"path": [key]})
                data[key] = None
            else:
                data[key] = request.shaped(field, value)
        return data, refused

    def _too_costly(self, cost: int) -> dict[str, Any]:
        error = {
            "message": TOO_COSTLY.format(cost=cost),
            "extensions": {"code": "MAX_COST_EXCEEDED", "cost": cost, "maxCost": MAX_COST},
        }
        return {"errors": [error], "extensions": self._status(cost, None)}

    def _take(self, cost: int) -> bool:
        """Pay ``cost`` from the bucket, refilled since it was last looked at."""
        now = time.monotonic()
        self._available = min(self.maximum, self._available + (now - self._at) * self.restore_rate)
        self._at = now
        if self._available < cost:
            return False
        self._available -= cost
        return True

    def _status(self, requested: int, actual: int | None) -> dict[str, Any]:
        return {
            "cost": {
                "requestedQueryCost": requested,
                "actualQueryCost": actual,
                "throttleStatus": {
                    "maximumAvailable": self.maximum,
                    "currentlyAvailable": round(self._available, 1),
                    "restoreRate": self.restore_rate,
                },
            }
        }

    def _id(self, kind: str) -> str:
        self._next_id += 1
        return f"gid://shopify/{kind}/{self._next_id}"

    # --- queries ------------------------------------------------------------------------

    def _shop(self, *_: Any) -> dict[str, Any]:
        return {"name": "Stand-in Candles", "myshopifyDomain": SHOP, "currencyCode": "USD"}

    def _locations(self, request: Request, field: FieldNode, _version: str) -> dict[str, Any]:
        found = [{"id": LOCATION, "name": "Shop location"}]
        asked = request.arguments(field)
        return page(found, asked.get("first"), asked.get("after"))

    def _products(self, request: Request, field: FieldNode, _version: str) -> dict[str, Any]:
        """The shop's products by id, each variant with its quantity at the location asked."""
        asked = request.arguments(field)
        ordered = sorted(self.products.values(), key=lambda p: int(p["id"].rsplit("/", 1)[1]))
        found = page(ordered, asked.get("first"), asked.get("after"))
        found["nodes"] = [self._product_node(request, field, p) for p in found["nodes"]]
        return found

    def _product(self, request: Request, field: FieldNode, _version: str) -> Any:
        product = self.products.get(str(request.arguments(field)["id"]))
        return None if product is None else self._product_node(request, field, product)

    def _product_node(
        self, request: Request, field: FieldNode, product: dict[str, Any]
    ) -> dict[str, Any]:
        location = request.variables.get("location")
        variants = [
            {
                "id": v["id"],
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
                    if location == LOCATION
                    else None,
                },
            }
            for v in product["variants"]
        ]
        return {**product, "variants": self._nested(request, field, "variants", variants)}

    def _nested(
        self, request: Request, field: FieldNode, name: str, items: list[Any]
    ) -> dict[str, Any]:
        """A nested connection's page, by the ``first`` and ``after`` the request gives it."""
        inner = request.nested(field, name)
        asked = request.arguments(inner) if inner is not None else {}
        return page(items, asked.get("first"), asked.get("after"))

    # --- mutations ----------------------------------------------------------------------

    def _productSet(self, request: Request, field: FieldNode, _version: str) -> dict[str, Any]:  # noqa: N802
        data = request.arguments(field)["input"]
        step = self.script[0] if self.script and self.script[0].startswith("reject:") else ""
        if step:
            self.next_step()
            error = {"field": ["input"], "message": step.removeprefix("reject:"), "code": None}
            return {"product": None, "userErrors": [error]}
        errors = _product_errors(data, self.products.get(str(data.get("id") or ""), {}))
        if errors:
            return {"product": None, "userErrors": errors}
        product = self._saved_product(data)
        variants = self._nested(request, field, "variants", product["variants"])
        return {"product": {**product, "variants": variants}, "userErrors": []}

    def _saved_product(self, data: dict[str, Any]) -> dict[str, Any]:
        before = self.products.get(str(data.get("id") or ""), {})
        title = data["title"] if "title" in data else before.get("title")  # omitted: kept
        product_id = data.get("id") or self._id("Product")
        known = {v["sku"]: v for v in before.get("variants", [])}
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
            "onlineStoreUrl": f"https://{SHOP}/products/{handle}",
            "variants": variants,
        }
        return self.products[product_id]

    def _inventorySetQuantities(  # noqa: N802
        self, request: Request, field: FieldNode, version: str
    ) -> dict[str, Any]:
        data = request.arguments(field)["input"]
        key = request.directive(field, "idempotent", "key")
        if key is None and version >= IDEMPOTENT_FROM:
            raise Refused(NEEDS_KEY, "BAD_REQUEST")
        if key is not None and not str(key).strip():
            raise Refused("The idempotency key cannot be an empty string.", "BAD_REQUEST")
        said = json.dumps(data, sort_keys=True)
        if key in self.idempotent:
            first, answer = self.idempotent[key]
            if first == said:
                return answer  # the same request again: its first answer, nothing changed
            return _user_errors(
                [
                    {
                        "field": ["input"],
                        "message": "The same idempotency key cannot be used with different "
                        "operation parameters.",
                        "code": "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
                    }
                ]
            )
        errors = list(self._quantity_errors(data["quantities"]))
        if errors:
            return _user_errors(errors)
        changes = []
        for quantity in data["quantities"]:
            item = quantity["inventoryItemId"]
            changes.append(
                {"name": "available", "delta": quantity["quantity"] - self.quantities[item]}
            )
            self.quantities[item] = int(quantity["quantity"])
        answer = {"inventoryAdjustmentGroup": {"reason": data["reason"], "changes": changes}}
        answer["userErrors"] = []
        if key is not None:
            self.idempotent[key] = (said, answer)
        return answer

    def _quantity_errors(self, quantities: list[dict[str, Any]]) -> Any:
        for i, quantity in enumerate(quantities):
            item, where = quantity["inventoryItemId"], ["input", "quantities", str(i)]
            if item not in self.quantities:
                yield {
                    "field": [*where, "inventoryItemId"],
                    "message": "The specified inventory item could not be found.",
                    "code": "INVALID_INVENTORY_ITEM",
                }
            elif "changeFromQuantity" not in quantity:  # mandatory, even when null
                yield {
                    "field": [*where, "changeFromQuantity"],
                    "message": "must include the following argument: changeFromQuantity",
                    "code": "COMPARE_QUANTITY_REQUIRED",
                }
            elif quantity["changeFromQuantity"] not in (None, self.quantities[item]):
                yield {
                    "field": [*where, "changeFromQuantity"],
                    "message": "The changeFromQuantity value does not match persisted value.",
                    "code": "CHANGE_FROM_QUANTITY_STALE",
                }

    def _webhookSubscriptionCreate(  # noqa: N802
        self, request: Request, field: FieldNode, _version: str
    ) -> dict[str, Any]:
        """Shopify's rules: an https address, one subscription per topic and address."""
        asked = request.arguments(field)
        given = asked["webhookSubscription"]
        topic, uri = asked["topic"], given.get("uri") or given.get("callbackUrl")
        error = None
        if not str(uri).startswith("https://"):
            error = "Address protocol http:// is not supported"
        elif {"topic": topic, "uri": uri} in self.subscriptions:
            error = "Address for this topic has already been taken"
        if error:
            errors = [{"field": ["webhookSubscription", "uri"], "message": error}]
            return {"webhookSubscription": None, "userErrors": errors}
        self.subscriptions.append({"topic": topic, "uri": uri})
        created = {"id": self._id("WebhookSubscription"), "topic": topic}
        return {"webhookSubscription": created, "userErrors": []}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(QuietHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                found = PATH.match(self.path)
                served = stand_in.served_version(found.group(1)) if found else ""
                stand_in._serving.version = served
                stand_in.requests.append(
                    {"path": self.path, "body": body, "headers": dict(self.headers)}
                    | {"served": served}
                )
                if found is None:
                    self.send_json(404, {"errors": "Not Found"})
                elif self.headers.get("X-Shopify-Access-Token") != TOKEN:
                    self.send_json(401, {"errors": UNAUTHORISED})
                elif stand_in.script and stand_in.script[0] in ("500", "bad_json", "lost"):
                    self._scripted(stand_in.next_step(), body)
                elif (garbled := stand_in.garbled(_root_field(body))) is not None:
                    send_raw(self, garbled)
                else:
                    answer = stand_in.answer(body)
                    self.send_json(200, answer, {"X-Shopify-API-Version": served})

            def _scripted(self, step: str, body: dict[str, Any]) -> None:
                if step == "lost":  # carried out, but the answer never reaches BizQ
                    stand_in.answer(body)
                    self.send_json(502, {"errors": "Bad Gateway"})
                elif step == "500":
                    self.send_json(500, {"errors": "Internal Server Error"})
                else:
                    self.send_response(200)
                    self.send_header("Content-Length", "9")
                    self.end_headers()
                    self.wfile.write(b"<html/>  ")

        return Handler


def _root_field(body: dict[str, Any]) -> str:
    """The first root field the request's operation selects (``orders``), or ""."""
    try:
        document = parse(str(body.get("query") or ""))
    except GraphQLError:
        return ""
    for definition in document.definitions:
        if isinstance(definition, OperationDefinitionNode):
            first = definition.selection_set.selections[0]
            return first.name.value if isinstance(first, FieldNode) else ""
    return ""


def _user_errors(errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"inventoryAdjustmentGroup": None, "userErrors": errors}


def _product_errors(data: dict[str, Any], before: dict[str, Any]) -> list[dict[str, Any]]:
    """``productSet``'s refusals: a blank title, a negative price."""
    errors = []
    title = data["title"] if "title" in data else before.get("title")
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
    return [e | {"code": None} for e in errors]


def signed(body: bytes, secret: str) -> str:
    """The ``X-Shopify-Hmac-Sha256`` Shopify sends with a webhook ``body``."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
