"""eBay through its Sell APIs (Inventory, Fulfillment, Account) on httpx.

eBay keeps no maintained Python SDK for the REST Sell APIs; their documented HTTP API is
what the client speaks:

- **OAuth**: the seller's refresh token is exchanged at ``/identity/v1/oauth2/token``
  (HTTP Basic with the app's client id and secret) for a user access token of two
  hours, sent as ``Authorization: Bearer``; a refused grant is ``AuthenticationFailed``.
- **Inventory API**: each SKU is an *inventory item* (``PUT inventory_item/{sku}``,
  a full replacement: what the seller keeps on eBay is read first and sent back as it
  was); a product with variants is an *inventory item group* whose items vary by the
  variant's options; each SKU has an *offer* (price, category, business policies, the
  seller's location) that is published (``publish``, or ``publish_by_inventory_item_group``).
  The category is eBay's own suggestion for the title (Taxonomy API) unless the offer
  already has one. Quantities go out 25 SKUs a call (``bulk_update_price_quantity``);
  eBay has no conditional quantity update: BizQ's figure is set as it is.
- **Fulfillment API**: orders by ``lastmodifieddate`` with ``offset``/``limit`` pages,
  only those eBay says are paid; ``shipping_fulfillment`` with the tracking number.
- **Notification API**: connecting creates a *destination* (BizQ's address with a
  verification token BizQ made for the connection; eBay checks it with a challenge, whose
  answer is the SHA-256 of the challenge code, the token and the address) and subscribes
  it to ``ORDER_CONFIRMATION``. Each notification is signed: ``X-EBAY-SIGNATURE`` is
  Base64 JSON naming eBay's public key (``kid``) and the ECDSA signature of the body;
  the key is read from ``public_key/{kid}`` with an application token and kept. The
  order a notification names is then read by id.
- ``429``: waited out (1, 2, 4… s, at most ``max_retries`` times), then ``RateLimited``.
  eBay's errors (``errors[].longMessage``) are shown in eBay's words.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import threading
import time
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import httpx
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from bizq_app.core.columns import utcnow
from bizq_app.core.errors import AuthenticationFailed, IntegrationError, RateLimited, Unavailable
from bizq_app.integrations.channels import (
    ChannelAccount,
    ChannelOrder,
    ChannelRejected,
    ListedPage,
    ListedProduct,
    ListedVariant,
    ListingDraft,
    OrderLine,
    OrderPage,
    PublishedListing,
    QuantityChange,
    VariantDraft,
)

API = "https://api.ebay.com"
IDENTITY = "https://apiz.ebay.com"  # the Identity API lives on its own host
INVENTORY = "/sell/inventory/v1"
SCOPES = " ".join(
    f"https://api.ebay.com/oauth/api_scope{s}"
    for s in (
        "",
        "/sell.inventory",
        "/sell.fulfillment",
        "/sell.account",
        "/commerce.identity.readonly",
        "/commerce.notification.subscription",
    )
)
NOTIFICATION = "/commerce/notification/v1"
ORDER_TOPIC = "ORDER_CONFIRMATION"
_KEYS: dict[str, ec.EllipticCurvePublicKey] = {}  # eBay's notification keys by id, kept


def challenge_response(challenge_code: str, verification_token: str, endpoint: str) -> str:
    """What BizQ's address answers eBay's challenge with (eBay's documented hash)."""
    return hashlib.sha256((challenge_code + verification_token + endpoint).encode()).hexdigest()


def signed_by(header: str) -> tuple[str, bytes]:
    """The key id and the signature an ``X-EBAY-SIGNATURE`` header carries ("" and b""
    when it is not one)."""
    try:
        said = json.loads(base64.b64decode(header, validate=True))
        return str(said["kid"]), base64.b64decode(str(said["signature"]), validate=True)
    except (ValueError, KeyError, TypeError, binascii.Error):
        return "", b""


def webhook_order_id(event: dict[str, Any]) -> str:
    """The order an ``ORDER_CONFIRMATION`` notification names, or "" for any other."""
    if (event.get("metadata") or {}).get("topic") != ORDER_TOPIC:
        return ""
    return str(((event.get("notification") or {}).get("data") or {}).get("orderId") or "")


CURRENCIES = {
    "EBAY_US": "USD",
    "EBAY_GB": "GBP",
    "EBAY_DE": "EUR",
    "EBAY_FR": "EUR",
    "EBAY_IT": "EUR",
    "EBAY_ES": "EUR",
    "EBAY_AU": "AUD",
    "EBAY_CA": "CAD",
}
SITES = {"EBAY_US": "www.ebay.com", "EBAY_GB": "www.ebay.co.uk", "EBAY_DE": "www.ebay.de"}
BULK = 25  # SKUs per bulk_update_price_quantity call (eBay's maximum)
ORDER_PAGE = 50
TOKEN_MARGIN_SECONDS = 60


class EbayClient:
    """One seller's eBay account on one marketplace; implements ``ChannelClient``."""

    name = "ebay"
    listing_per_sku = True  # eBay's inventory is kept by SKU; a product's SKUs are merged

    def __init__(
        self,
        username: str,
        secrets: dict[str, str],
        *,
        base_url: str | None = None,
        timeout: float = 20.0,
        max_retries: int = 3,
    ) -> None:
        self._username, self._secrets = username, secrets
        self._marketplace = secrets.get("marketplace_id", "EBAY_US")
        self._http = httpx.Client(timeout=timeout)
        self._api = (base_url or API).rstrip("/")
        self._identity = (base_url or IDENTITY).rstrip("/")
        self._timeout, self._max_retries = timeout, max_retries
        self._token, self._expires = "", 0.0
        self._app_token = ""
        self._policies: dict[str, str] = {}
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    def account(self) -> ChannelAccount:
        user = self._call("GET", f"{self._identity}/commerce/identity/v1/user/")
        if str(user.get("username", "")).lower() != self._username.lower():
            raise ChannelRejected(
                f"eBay: the refresh token belongs to {user.get('username')}, not {self._username}."
            )
        locations = self._call("GET", f"{self._api}{INVENTORY}/location", params={"limit": "1"})
        if not locations.get("locations"):
            raise ChannelRejected(
                "eBay: add the address you ship from as an inventory location first "
                "(Seller Hub → Shipping → Ship from), then connect again."
            )
        return ChannelAccount(
            name=f"eBay seller {user['username']} on {self._marketplace}",
            domain=SITES.get(self._marketplace, "www.ebay.com"),
            currency=CURRENCIES.get(self._marketplace, "USD"),
            location_id=str(locations["locations"][0]["merchantLocationKey"]),
        )

    def publish(self, draft: ListingDraft, location_id: str) -> PublishedListing:
        skus = [v.sku for v in draft.variants]
        group = draft.external_id if draft.external_id and draft.external_id not in skus else ""
        if len(skus) > 1 and not group:
            group = f"G-{skus[0]}"[:50]
        for variant in draft.variants:
            self._put_item(draft, variant)
        if group:
            self._put_group(draft, group)
        offers = [self._put_offer(draft, variant, location_id) for variant in draft.variants]
        if group:
            body = {"inventoryItemGroupKey": group, "marketplaceId": self._marketplace}
            path = f"{self._api}{INVENTORY}/offer/publish_by_inventory_item_group"
            published = self._call("POST", path, json=body)
        else:
            published = self._call("POST", f"{self._api}{INVENTORY}/offer/{offers[0]}/publish")
        listing = str(published.get("listingId") or "")
        return PublishedListing(
            external_id=group or skus[0],
            url=f"https://{SITES.get(self._marketplace, 'www.ebay.com')}/itm/{listing}",
            stock_items={sku: sku for sku in skus},
        )

    def listed(self, location_id: str, page: str | None = None) -> ListedPage:
        offset = int(page or 0)
        params = {"limit": "25", "offset": str(offset)}
        found = self._call("GET", f"{self._api}{INVENTORY}/inventory_item", params=params)
        products = []
        for item in found.get("inventoryItems", []):
            sku = str(item["sku"])
            quantity = (item.get("availability") or {}).get("shipToLocationAvailability") or {}
            groups = item.get("groupIds") or []
            products.append(
                ListedProduct(
                    external_id=str(groups[0]) if groups else sku,
                    url="",
                    title=str((item.get("product") or {}).get("title") or sku),
                    variants=(ListedVariant(sku, sku, int(quantity.get("quantity") or 0)),),
                )
            )
        more = bool(products) and offset + len(products) < int(found.get("total") or 0)
        return ListedPage(tuple(products), str(offset + len(products)) if more else None)

    def subscribe_orders(self, callback_url: str) -> bool:
        """``ORDER_CONFIRMATION`` sent to ``callback_url``: a destination (eBay checks it
        with its challenge first), then the subscription."""
        config = {"endpoint": callback_url}
        config["verificationToken"] = self._secrets.get("verification_token", "")
        destination = {"name": f"BizQ {self._username}", "status": "ENABLED"}
        made = self._respond(
            "POST",
            f"{self._api}{NOTIFICATION}/destination",
            json=destination | {"deliveryConfig": config},
        )
        _answer(made)
        destination_id = made.headers.get("Location", "").rstrip("/").rsplit("/", 1)[-1]
        payload = {"format": "JSON", "schemaVersion": "1.0", "deliveryProtocol": "HTTPS"}
        subscription = {"topicId": ORDER_TOPIC, "status": "ENABLED", "payload": payload}
        subscription["destinationId"] = destination_id
        self._call("POST", f"{self._api}{NOTIFICATION}/subscription", json=subscription)
        return True

    def verify_notification(self, body: bytes, header: str) -> bool:
        """Whether ``header`` (``X-EBAY-SIGNATURE``) signs ``body`` with eBay's key."""
        kid, signature = signed_by(header)
        if not kid:
            return False
        key = _KEYS.get(kid) or self._public_key(kid)
        try:
            key.verify(signature, body, ec.ECDSA(hashes.SHA1()))  # the digest eBay signs with
        except InvalidSignature:
            return False
        return True

    def order(self, external_id: str) -> ChannelOrder | None:
        """The order with this id if eBay says it is paid, else None."""
        path = f"{self._api}/sell/fulfillment/v1/order/{quote(external_id)}"
        try:
            found = self._call("GET", path)
        except _Missing:
            return None
        return _order(found) if found.get("orderPaymentStatus") == "PAID" else None

    def set_quantities(self, changes: list[QuantityChange], location_id: str) -> None:
        for start in range(0, len(changes), BULK):
            requests = [
                {"sku": c.stock_item, "shipToLocationAvailability": {"quantity": c.quantity}}
                for c in changes[start : start + BULK]
            ]
            path = f"{self._api}{INVENTORY}/bulk_update_price_quantity"
            found = self._call("POST", path, json={"requests": requests})
            refused = [
                r for r in found.get("responses", []) if int(r.get("statusCode", 200)) >= 400
            ]
            if refused:
                words = "; ".join(f"{r.get('sku')}: {_words(r)}" for r in refused)
                raise ChannelRejected(f"eBay refused the quantity of {words}")

    def orders_since(self, updated_after: str, page: str | None = None) -> OrderPage:
        # a page goes on from where the first one started: "<offset> <its filter time>"
        offset, since = (page or f"0 {_ebay_time(updated_after)}").split(" ", 1)
        params = {
            "filter": f"lastmodifieddate:[{since}..]",
            "limit": str(ORDER_PAGE),
            "offset": offset,
        }
        found = self._call("GET", f"{self._api}/sell/fulfillment/v1/order", params=params)
        listed = found.get("orders", [])
        orders = tuple(_order(o) for o in listed if o.get("orderPaymentStatus") == "PAID")
        after = int(offset) + len(listed)
        more = bool(listed) and after < int(found.get("total") or 0)
        return OrderPage(orders=orders, next_page=f"{after} {since}" if more else None)

    def ship(self, order_external_id: str, tracking_number: str) -> None:
        order_path = f"{self._api}/sell/fulfillment/v1/order/{quote(order_external_id)}"
        order = self._call("GET", order_path)
        body = {
            "lineItems": [
                {"lineItemId": i["lineItemId"], "quantity": int(i["quantity"])}
                for i in order.get("lineItems", [])
            ],
            "shippedDate": utcnow().strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "shippingCarrierCode": "Other",
            "trackingNumber": tracking_number,
        }
        self._call("POST", f"{order_path}/shipping_fulfillment", json=body)

    def _put_item(self, draft: ListingDraft, variant: VariantDraft) -> None:
        path = f"{self._api}{INVENTORY}/inventory_item/{quote(variant.sku)}"
        kept = self._existing(path)
        product = dict(kept.get("product") or {})
        if "title" not in draft.omit or not product.get("title"):
            product["title"] = draft.title[:80]
        if "description" not in draft.omit or not product.get("description"):
            product["description"] = draft.description or draft.title
        if variant.options:
            product["aspects"] = {
                **(product.get("aspects") or {}),
                **{k: [v] for k, v in variant.options.items()},
            }
        availability = kept.get("availability") or {"shipToLocationAvailability": {"quantity": 0}}
        if variant.quantity is not None:
            availability = {"shipToLocationAvailability": {"quantity": variant.quantity}}
        body = {
            "condition": kept.get("condition") or "NEW",
            "product": product,
            "availability": availability,
        }
        self._call("PUT", path, json=body)

    def _put_group(self, draft: ListingDraft, group: str) -> None:
        names: dict[str, list[str]] = {}
        for variant in draft.variants:
            for key, value in variant.options.items():
                if value not in names.setdefault(key, []):
                    names[key].append(value)
        body = {
            "inventoryItemGroupKey": group,
            "title": draft.title[:80],
            "description": draft.description or draft.title,
            "variantSKUs": [v.sku for v in draft.variants],
            "variesBy": {
                "aspectsImageVariesBy": [],
                "specifications": [{"name": k, "values": v} for k, v in names.items()],
            },
        }
        self._call("PUT", f"{self._api}{INVENTORY}/inventory_item_group/{quote(group)}", json=body)

    def _put_offer(self, draft: ListingDraft, variant: VariantDraft, location_id: str) -> str:
        params = {"sku": variant.sku, "marketplace_id": self._marketplace}
        offers = self._existing(f"{self._api}{INVENTORY}/offer", params=params).get("offers", [])
        kept = dict(offers[0]) if offers else {}
        price = {"value": f"{variant.price:.2f}", "currency": draft.currency or "USD"}
        if "price" in draft.omit and kept.get("pricingSummary"):
            price = kept["pricingSummary"]["price"]
        body = {
            "sku": variant.sku,
            "marketplaceId": self._marketplace,
            "format": "FIXED_PRICE",
            "categoryId": kept.get("categoryId") or self._category(draft.title),
            "listingDescription": (
                kept.get("listingDescription")
                if "description" in draft.omit and kept.get("listingDescription")
                else draft.description or draft.title
            ),
            "pricingSummary": {"price": price},
            "listingPolicies": kept.get("listingPolicies") or self._listing_policies(),
            "merchantLocationKey": location_id,
        }
        if kept:
            self._call("PUT", f"{self._api}{INVENTORY}/offer/{kept['offerId']}", json=body)
            return str(kept["offerId"])
        return str(self._call("POST", f"{self._api}{INVENTORY}/offer", json=body)["offerId"])

    def _category(self, title: str) -> str:
        tree = self._call(
            "GET",
            f"{self._api}/commerce/taxonomy/v1/get_default_category_tree_id",
            params={"marketplace_id": self._marketplace},
        )["categoryTreeId"]
        path = f"{self._api}/commerce/taxonomy/v1/category_tree/{tree}/get_category_suggestions"
        found = self._call("GET", path, params={"q": title[:350]})
        suggestions = found.get("categorySuggestions") or []
        if not suggestions:
            raise ChannelRejected(
                f"eBay suggests no category for “{title}”: give the product a plainer title."
            )
        return str(suggestions[0]["category"]["categoryId"])

    def _listing_policies(self) -> dict[str, str]:
        """The seller's first fulfilment, payment and return policy on the marketplace."""
        if not self._policies:
            for kind in ("fulfillment", "payment", "return"):
                found = self._call(
                    "GET",
                    f"{self._api}/sell/account/v1/{kind}_policy",
                    params={"marketplace_id": self._marketplace},
                ).get(f"{kind}Policies", [])
                if not found:
                    raise ChannelRejected(
                        f"eBay: the account has no {kind} policy for {self._marketplace}; "
                        "create one (Seller Hub → Account → Business policies) and publish again."
                    )
                self._policies[f"{kind}PolicyId"] = str(found[0][f"{kind}PolicyId"])
        return dict(self._policies)

    def _existing(self, url: str, **kwargs: Any) -> dict[str, Any]:
        """What eBay holds at ``url``, or {} when it has nothing there yet."""
        try:
            return self._call("GET", url, **kwargs)
        except _Missing:
            return {}

    def _public_key(self, kid: str) -> ec.EllipticCurvePublicKey:
        found = self._call("GET", f"{self._api}{NOTIFICATION}/public_key/{quote(kid)}", app=True)
        key = load_pem_public_key(str(found.get("key") or "").encode())
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise IntegrationError("eBay's notification key is not an ECDSA key.")
        _KEYS[kid] = key
        return key

    def _call(self, method: str, url: str, *, app: bool = False, **kwargs: Any) -> dict[str, Any]:
        """One call with a fresh user token (``app``: the application's), a rate-limit
        refusal waited out."""
        return _answer(self._respond(method, url, app=app, **kwargs))

    def _respond(
        self, method: str, url: str, *, app: bool = False, **kwargs: Any
    ) -> httpx.Response:
        for attempt in range(self._max_retries + 1):
            token = self._application_token() if app else self._access_token()
            headers = {
                "Authorization": f"Bearer {token}",
                "Content-Language": "en-US",
                "Accept": "application/json",
            }
            try:
                response = self._http.request(method, url, headers=headers, **kwargs)
            except httpx.TimeoutException as exc:
                raise Unavailable(f"eBay did not answer within {self._timeout:g} s.") from exc
            except httpx.TransportError as exc:
                raise Unavailable(f"Could not reach eBay ({exc.__class__.__name__}).") from exc
            if response.status_code == 429 and attempt < self._max_retries:
                time.sleep(2**attempt)
                continue
            return response
        raise AssertionError("unreachable")

    def _application_token(self) -> str:
        """An application token (client credentials), for the calls that take one."""
        with self._lock:
            if not self._app_token:
                form = {"grant_type": "client_credentials", "scope": SCOPES.split(" ", 1)[0]}
                self._app_token = self._grant(form)[0]
            return self._app_token

    def _access_token(self) -> str:
        with self._lock:
            if self._token and time.monotonic() < self._expires:
                return self._token
            form = {
                "grant_type": "refresh_token",
                "refresh_token": self._secrets.get("refresh_token", ""),
                "scope": SCOPES,
            }
            self._token, lasts = self._grant(form)
            self._expires = time.monotonic() + lasts - TOKEN_MARGIN_SECONDS
            return self._token

    def _grant(self, form: dict[str, str]) -> tuple[str, int]:
        """A token from eBay's OAuth service (HTTP Basic with the app's keys) and how many
        seconds it lasts."""
        pair = f"{self._secrets.get('client_id', '')}:{self._secrets.get('client_secret', '')}"
        basic = base64.b64encode(pair.encode()).decode()
        try:
            response = self._http.post(
                f"{self._api}/identity/v1/oauth2/token",
                data=form,
                headers={"Authorization": f"Basic {basic}"},
            )
        except httpx.HTTPError as exc:
            raise Unavailable("Could not reach eBay's sign-in service.") from exc
        if response.status_code in (400, 401):
            raise AuthenticationFailed(
                "eBay refused the refresh token: check it, and the app's client id and "
                "secret (developer.ebay.com → Application keys)."
            )
        if response.status_code != 200:
            raise Unavailable(f"eBay's sign-in service answered {response.status_code}.")
        token = response.json()
        return str(token["access_token"]), int(token["expires_in"])


class _Missing(ChannelRejected):
    """eBay has nothing at that address (404)."""


def _answer(response: httpx.Response) -> dict[str, Any]:
    if response.status_code == 429:
        raise RateLimited("eBay kept refusing calls: the app's call limit is used up for now.")
    if response.status_code in (401, 403):
        raise AuthenticationFailed("eBay denied access: the token lacks a scope for this.")
    if response.status_code >= 500:
        raise Unavailable(f"eBay answered {response.status_code}; try again shortly.")
    if response.status_code == 204 or not response.content:
        return {}
    try:
        body = dict(response.json())
    except ValueError as exc:
        raise IntegrationError("eBay answered something that is not JSON.") from exc
    if response.status_code == 404:
        raise _Missing(f"eBay has no such record: {_words(body)}")
    if response.status_code >= 400:
        raise ChannelRejected(f"eBay refused it: {_words(body) or response.status_code}")
    return body


def _words(body: dict[str, Any]) -> str:
    return "; ".join(
        str(e.get("longMessage") or e.get("message") or "") for e in body.get("errors", [])
    )


def _ebay_time(moment: str) -> str:
    """``2026-12-03T11:00:00Z`` as eBay's filters want it (milliseconds, UTC)."""
    parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    parsed = parsed.replace(tzinfo=parsed.tzinfo or UTC).astimezone(UTC)
    return parsed.strftime("%Y-%m-%dT%H:%M:%S.") + f"{parsed.microsecond // 1000:03d}Z"


def _order(order: dict[str, Any]) -> ChannelOrder:
    order_id = str(order["orderId"])
    step = ((order.get("fulfillmentStartInstructions") or [{}])[0]).get("shippingStep") or {}
    ship_to = step.get("shipTo") or {}
    address = ship_to.get("contactAddress") or {}
    pricing = order.get("pricingSummary") or {}
    lines = tuple(
        OrderLine(
            sku=str(i.get("sku") or ""),
            quantity=int(i["quantity"]),
            unit_price=Decimal(str((i.get("lineItemCost") or {}).get("value") or "0"))
            / max(int(i["quantity"]), 1),
            title=str(i.get("title") or ""),
        )
        for i in order.get("lineItems", [])
        if int(i.get("quantity") or 0) > 0
    )
    buyer = order.get("buyer") or {}
    email = str(ship_to.get("email") or "") or f"{buyer.get('username', order_id)}@members.ebay.com"
    return ChannelOrder(
        external_id=order_id,
        name=order_id,
        updated_at=str(order["lastModifiedDate"]),
        email=email,
        buyer=str(ship_to.get("fullName") or buyer.get("username") or ""),
        currency=str((pricing.get("total") or {}).get("currency") or ""),
        lines=lines,
        shipping=Decimal(str((pricing.get("deliveryCost") or {}).get("value") or "0")),
        shipping_address={
            "name": str(ship_to.get("fullName") or ""),
            "line1": str(address.get("addressLine1") or ""),
            "city": str(address.get("city") or ""),
            "postal_code": str(address.get("postalCode") or ""),
            "country": str(address.get("countryCode") or ""),
        },
        shipping_service=str(step.get("shippingServiceCode") or ""),
    )
