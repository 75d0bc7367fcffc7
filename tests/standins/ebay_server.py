"""A local server that answers like eBay's REST APIs for one seller.

``POST /identity/v1/oauth2/token`` takes HTTP Basic with ``CLIENT_ID``:``CLIENT_SECRET``
(else ``401 invalid_client``) and the refresh token ``REFRESH_TOKEN`` (else ``400
invalid_grant``) and gives a user token; the client credentials grant gives an
application token (``grants`` counts the grants asked for, by type). Each call needs the
token its method documents as a Bearer token (else ``401`` with eBay's error shape; a
token of the other kind, ``403`` Access denied): the Notification API's ``config``,
``destination`` and ``public_key`` take only the application token, the Taxonomy API
either, the rest the user's.

It knows the Identity API's user, inventory locations, business policies
(``policies=False``: none), the Taxonomy API (each marketplace's category tree, category
suggestions, and each category's item specifics with ``aspectRequired``: ``require``
makes some required; ``category`` adds one eBay suggests for titles with its words,
whose item specifics may list their values, ``SELECTION_ONLY``), inventory items (a full
replacement on ``PUT``, written in the ``Content-Language`` given, which must be one of
the Inventory API's locales), inventory item groups, offers (by SKU; a price of 0 or
less refused with eBay's ``25020``), publishing one offer or a group,
``bulk_update_price_quantity``, Fulfillment API orders filtered by ``lastmodifieddate``
two to a page (``offset``, ``total``, ``next``) and ``shipping_fulfillment``, and the
Notification API: the app's alert ``config``, the public key by id (eBay's PEM with its
lines run together; ``195001`` for an unknown id), destinations (``201`` with
``Location``; refused with ``195003`` until the app has an alert e-mail, as the
Notification API's *Create an alert config* step says) and subscriptions.

**Publishing** refuses, as eBay does (Sell Inventory API, *Publishing offers*: the
required fields), an item written in another language than the offer's marketplace
(``25604``: eBay finds no such SKU for that marketplace), without an image at an
https address (``25002``; a group without its own images too), or without an item
specific its category requires (``25002``, naming it, one error each).

Tests may queue ``throttle`` (the next call answers ``429``), ``garble`` the next answer
to a path (``200`` with a body of another shape, ``scripted_answers``) and
``place_order`` as a buyer on eBay would (eBay's own quantity goes down), and take
``notification``: the ``ORDER_CONFIRMATION`` eBay would send for an order, with its
``X-EBAY-SIGNATURE`` (``kid``: another key id to name).
"""

from __future__ import annotations

import base64
import json
import threading
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.standins.clock import OrderClock, iso
from tests.standins.http import QuietHandler, StandIn
from tests.standins.scripted_answers import Garbled, send_raw

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
LANGUAGES = {  # the language each marketplace's listings are written in
    "EBAY_US": "en-US",
    "EBAY_CA": "en-CA",
    "EBAY_GB": "en-GB",
    "EBAY_AU": "en-AU",
    "EBAY_DE": "de-DE",
    "EBAY_AT": "de-AT",
    "EBAY_CH": "de-CH",
    "EBAY_FR": "fr-FR",
    "EBAY_IT": "it-IT",
    "EBAY_ES": "es-ES",
    "EBAY_NL": "nl-NL",
    "EBAY_PL": "pl-PL",
}
LOCALES = {*LANGUAGES.values(), "fr-CA", "fr-BE", "nl-BE", "zh-HK"}  # Inventory API LocaleEnum
TREES = {"EBAY_US": "0", "EBAY_CA": "2", "EBAY_GB": "3", "EBAY_AU": "15", "EBAY_DE": "77"}
TREES |= {"EBAY_FR": "71", "EBAY_IT": "101", "EBAY_ES": "186"}
CANDLES = "46782"
APP_ONLY = ("config", "destination", "public_key")  # Notification API: client credentials


def _error(error_id: int, message: str, status: int = 400, domain: str = "") -> tuple[int, Any]:
    domain = domain or ("API_INVENTORY" if status < 500 else "API_FULFILLMENT")
    return status, {"errors": [_one(error_id, message, domain)]}


def _one(error_id: int, message: str, domain: str = "API_INVENTORY", *said: str) -> Any:
    """One of eBay's errors; ``said``: its parameters (``0``, ``1``, ``2``…)."""
    error = {"errorId": error_id, "domain": domain, "category": "REQUEST"}
    error |= {"message": message, "longMessage": message}
    if said:
        error["parameters"] = [{"name": str(n), "value": v} for n, v in enumerate(said)]
    return error


def _missing_aspect(name: str) -> Any:
    said = f"The item specific {name} is missing. Add {name} to this listing, enter a valid"
    said += " value, and then try again."
    return _one(25002, f"A user error has occurred. {said}", "API_INVENTORY", said, "", name)


class EbayStandIn(StandIn, Garbled):
    def __init__(self) -> None:
        Garbled.__init__(self)
        self.grants: Counter[str] = Counter()  # tokens given, by grant type
        self.items: dict[str, dict[str, Any]] = {}  # SKU → inventory item
        self.groups: dict[str, dict[str, Any]] = {}
        self.offers: dict[str, dict[str, Any]] = {}  # offer id → offer
        self.listings: dict[str, list[str]] = {}  # listing id → its SKUs
        self.orders: list[dict[str, Any]] = []
        self.fulfillments: dict[str, dict[str, Any]] = {}
        self.policies = True
        self.config: dict[str, Any] = {}  # the app's alert e-mail (Notification API)
        self.destinations: dict[str, dict[str, Any]] = {}
        self.subscriptions: list[dict[str, Any]] = []
        self.categories: dict[str, dict[str, Any]] = {
            CANDLES: {"name": "Candles", "aspects": dict.fromkeys(("Brand", "Type", "Size"), False)}
        }
        self._key = ec.generate_private_key(ec.SECP256R1())
        self.lock = threading.Lock()
        self.clock = OrderClock()  # when each order is placed or changed
        super().__init__()

    def category(
        self, category_id: str, name: str, *, words: str, required: dict[str, tuple[str, ...]]
    ) -> None:
        """A category eBay suggests for a title holding ``words``; it requires each item
        specific in ``required``, from the values given there when there are some."""
        aspects = dict.fromkeys(required, True)
        self.categories[category_id] = {"name": name, "words": words.casefold()}
        self.categories[category_id] |= {"aspects": aspects, "values": required}

    def require(self, *aspects: str, category: str = CANDLES) -> None:
        """The category requires these item specifics from now on."""
        self.categories[category]["aspects"] |= dict.fromkeys(aspects, True)

    def notification(self, order_id: str, kid: str = KEY_ID) -> tuple[bytes, str]:
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
        said = {"alg": "ECDSA", "kid": kid, "digest": "SHA1"}
        said["signature"] = base64.b64encode(signature).decode()
        return body, base64.b64encode(json.dumps(said).encode()).decode()

    def _notifications(self, method: str, parts: list[str], body: Any) -> tuple[int, Any]:
        head = parts[0]
        if head == "config":
            if method == "PUT":
                email = str((body or {}).get("alertEmail") or "")
                if "@" not in email.strip("@"):
                    return _error(195025, "Invalid or missing email.", domain="API_NOTIFICATION")
                self.config = {"alertEmail": email}
                return 204, None
            if not self.config:
                return _error(195026, "Configuration Not Found.", 404, "API_NOTIFICATION")
            return 200, self.config
        if head == "public_key" and method == "GET":
            if parts[1:] != [KEY_ID]:
                return _error(195001, "The specified key id is invalid.", 404, "API_NOTIFICATION")
            der = self._key.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            pem = f"-----BEGIN PUBLIC KEY-----{base64.b64encode(der).decode()}"
            return 200, {
                "algorithm": "ECDSA",
                "digest": "SHA1",
                "key": f"{pem}-----END PUBLIC KEY-----",
            }
        if head == "destination" and method == "POST":
            if not self.config:
                said = "Please provide configurations required for notifications. Refer to /config"
                return _error(195003, said, 409, "API_NOTIFICATION")
            token = str(body["deliveryConfig"].get("verificationToken") or "")
            if not 32 <= len(token) <= 80:
                said = "Invalid or missing verification token for this endpoint."
                return _error(195019, said, domain="API_NOTIFICATION")
            destination_id = str(uuid.uuid4())
            self.destinations[destination_id] = body
            return 201, {"Location": f"{NOTIFICATIONS}/destination/{destination_id}"}
        if head == "subscription" and method == "POST":
            if body.get("destinationId") not in self.destinations:
                said = "Invalid or missing destination id."
                return _error(195007, said, domain="API_NOTIFICATION")
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
            "locale": "en_US",
        }
        if group:
            self.items[sku]["groupIds"] = [group]

    def place_order(self, lines: list[tuple[str, int]], paid: bool = True) -> str:
        """A buyer orders on eBay; eBay takes its own units. Returns the order id."""
        with self.lock:
            n = len(self.orders) + 1
            order_id = f"12-0{n:04d}-{n:05d}"
            placed = iso(self.clock.now(), millis=True)
            self.orders.append(
                {
                    "orderId": order_id,
                    "creationDate": placed,
                    "lastModifiedDate": placed,
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
            return self._taxonomy(parts[3:], query)
        if parts[:3] == ["sell", "inventory", "v1"]:
            if method in ("PUT", "POST") and language not in LOCALES:
                return _error(25709, "Invalid value for header Content-Language.")
            return self._inventory(method, parts[3:], query, body, language)
        if parts[:3] == ["sell", "fulfillment", "v1"]:
            return self._fulfillment(method, parts[3:], query, body)
        return _error(2002, "Resource not found", 404)

    def _taxonomy(self, parts: list[str], query: dict[str, str]) -> tuple[int, Any]:
        if parts == ["get_default_category_tree_id"]:
            tree = TREES.get(query.get("marketplace_id", ""), "")
            if not tree:
                return _error(
                    62003, "The specified marketplace ID was not found.", 400, "API_TAXONOMY"
                )
            return 200, {"categoryTreeId": tree, "categoryTreeVersion": "130"}
        if parts[-1:] == ["get_category_suggestions"]:
            title = query.get("q", "").casefold()
            found = next(
                (k for k, c in self.categories.items() if c.get("words", "\0") in title), CANDLES
            )
            category = {"categoryId": found, "categoryName": self.categories[found]["name"]}
            return 200, {"categorySuggestions": [{"category": category}]}
        if parts[-1:] == ["get_item_aspects_for_category"]:
            category = self.categories.get(query.get("category_id", ""))
            if category is None:
                said = "The specified category ID does not belong to the specified category tree."
                return _error(62005, said, 400, "API_TAXONOMY")
            values = category.get("values") or {}
            aspects = [_aspect(n, r, values.get(n, ())) for n, r in category["aspects"].items()]
            return 200, {"aspects": aspects}
        return _error(2002, "Resource not found", 404)

    def _inventory(
        self, method: str, parts: list[str], query: dict[str, str], body: Any, language: str = ""
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
            self.items[sku] = {"sku": sku, **body, "locale": language.replace("-", "_")}
            self.items[sku] |= {"groupIds": groups} if groups else {}
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
            group = self.groups[body["inventoryItemGroupKey"]]
            refused = self._unpublishable(group["variantSKUs"], body["marketplaceId"], group)
            return refused or (200, self._published(group["variantSKUs"]))
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
            offer = self.offers[parts[0]]
            refused = self._unpublishable([offer["sku"]], offer["marketplaceId"])
            return refused or (200, self._published([offer["sku"]]))
        return _error(2002, "Resource not found", 404)

    def _unpublishable(
        self, skus: list[str], marketplace: str, group: dict[str, Any] | None = None
    ) -> tuple[int, Any] | None:
        """eBay's refusal to publish these SKUs' offers on the marketplace (None: it lists)."""
        errors = []
        if group is not None and not group.get("imageUrls"):
            errors.append(_one(25002, "A user error has occurred. The group has no picture."))
        for sku in skus:
            item = self.items.get(sku, {})
            if item.get("locale", "").replace("_", "-") != LANGUAGES.get(marketplace):
                said = f"{sku} could not be found or is not available in the system for the "
                errors.append(_one(25604, f"Input error. {said}marketplace {marketplace}."))
                continue
            product = item.get("product") or {}
            images = product.get("imageUrls") or []
            if not images:
                said = "A user error has occurred. Add at least one picture to this listing."
                errors.append(_one(25002, said))
            for url in (u for u in images if not str(u).startswith("https://")):
                errors.append(_one(25015, f"Invalid picture URL: {url}"))
            given = {k.casefold() for k, v in (product.get("aspects") or {}).items() if v}
            given |= {k.casefold() for k in ((group or {}).get("aspects") or {})}
            offer = next((o for o in self.offers.values() if o["sku"] == sku), {})
            wanted = self.categories.get(str(offer.get("categoryId")), {}).get("aspects", {})
            errors += [
                _missing_aspect(name)
                for name, required in wanted.items()
                if required and name.casefold() not in given
            ]
        return (400, {"errors": errors}) if errors else None

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
                given = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
                if given not in _takes(url.path):
                    known = given in (APP_TOKEN, ACCESS_TOKEN)
                    status, answer = (
                        _error(1100, "Access denied", 403, "ACCESS")
                        if known
                        else _error(1001, "Invalid access token", 401)
                    )
                    self.send_json(status, answer)
                    return
                if stand_in.next_step() == "throttle":
                    status, answer = _error(2001, "Too many requests.", 429)
                    self.send_json(status, answer)
                    return
                garbled = stand_in.garbled(url.path)
                if garbled is not None:
                    send_raw(self, garbled)
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
                with stand_in.lock:
                    stand_in.grants[form.get("grant_type") or ""] += 1
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


def _takes(path: str) -> tuple[str, ...]:
    """The tokens a call takes: the application's for the Notification API's app-level
    calls, either for the Taxonomy API, the user's for the rest."""
    head = path.removeprefix(NOTIFICATIONS + "/").split("/")[0]
    if path.startswith(NOTIFICATIONS + "/") and head in APP_ONLY:
        return (APP_TOKEN,)
    if path.startswith("/commerce/taxonomy/"):
        return (APP_TOKEN, ACCESS_TOKEN)
    return (ACCESS_TOKEN,)


def _aspect(name: str, required: bool, values: tuple[str, ...] = ()) -> dict[str, Any]:
    """One item specific as ``getItemAspectsForCategory`` describes it: one of ``values``
    only (``SELECTION_ONLY``) when it lists some."""
    mode = "SELECTION_ONLY" if values else "FREE_TEXT"
    constraint = {"aspectDataType": "STRING", "aspectMode": mode}
    constraint |= {"aspectRequired": required, "itemToAspectCardinality": "SINGLE"}
    listed = [{"localizedValue": v} for v in values]
    return {"localizedAspectName": name, "aspectConstraint": constraint, "aspectValues": listed}
