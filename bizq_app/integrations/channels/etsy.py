"""Etsy through its Open API v3 on httpx (Etsy keeps no Python SDK).

- **OAuth**: the shop owner's refresh token is exchanged at ``/v3/public/oauth/token``
  (``client_id`` is the app's keystring) for an access token of an hour, sent as
  ``Authorization: Bearer`` beside ``x-api-key: <keystring>:<shared secret>`` — since
  9 February 2026 Etsy refuses a keystring without the app's shared secret (its *Request
  Standards* page); a refused grant or key is ``AuthenticationFailed``. Etsy hands a new
  refresh token back with each exchange; the one the seller gave stays valid for its 90
  days, and BizQ keeps using it.
- **Listings** are created on Etsy first (its listing form sets the category, shipping
  profile and photos Etsy requires); BizQ finds each SKU's listing among the shop's
  listings (with their inventory) and sets its offering's price and quantity through
  the listing's inventory — read first and written back whole, as Etsy's ``PUT``
  replaces it, with only the fields updateListingInventory's request takes (the read
  shape's ids, ``is_deleted``, ``scale_name`` and Money prices are refused there) —
  never the title or text. Etsy has no conditional quantity update.
- **Orders** are receipts: those paid, by ``min_last_modified``, paged by ``offset``;
  Etsy spells a receipt's ``status`` capitalised (``Paid``, ``Completed``), read here in
  any case. **Shipping** adds the tracking code and its carrier (told by the number's
  form).
- ``429``: waited out (``Retry-After``, else 1, 2, 4… s, at most ``max_retries`` times),
  then ``RateLimited``; Etsy's refusals (``error``) are shown in its words.
- **Webhooks** (commercial apps): Etsy's ``order.paid`` is registered in Etsy's webhook
  portal, not through the API; each delivery is signed as Standard Webhooks sign:
  ``webhook-signature`` holds ``v1,<Base64 HMAC-SHA256>`` of ``<webhook-id>.<webhook-
  timestamp>.<body>``, keyed by the portal's ``whsec_…`` secret (Base64 after the prefix);
  a timestamp more than five minutes off is refused. It names the receipt by its address,
  which is then read.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

import httpx

from bizq_app.core import rate_limits
from bizq_app.core.errors import AuthenticationFailed, RateLimited, Unavailable
from bizq_app.integrations.channels import (
    ChannelAccount,
    ChannelOrder,
    ChannelRejected,
    Grant,
    ListedPage,
    ListedProduct,
    ListedVariant,
    ListingDraft,
    LocalTokens,
    OrderLine,
    OrderPage,
    PublishedListing,
    QuantityChange,
    TokenSource,
    carrier_of,
    epoch_time,
)
from bizq_app.integrations.channels.answers import a_list, an_object, understood, unexpected
from bizq_app.integrations.channels.etsy_inventory import Change, money, writable

API = "https://api.etsy.com"
APP = "/v3/application"
LABEL = "Etsy"
PAGE = 100  # listings per page (Etsy's maximum)
ORDER_PAGE = 50
PAID = ("paid", "completed")  # receipt statuses, in lower case (Etsy sends "Paid", "Completed")
MISSING_SECRET = (
    "Etsy needs the app's shared secret beside its keystring (etsy.com/developers → Your "
    "apps → See API key details): connect the shop again with both."
)
WRONG_KEY = (
    "Etsy refused the app's API key: check the keystring and the shared secret "
    "(etsy.com/developers → Your apps → See API key details)."
)


WEBHOOK_TOLERANCE_SECONDS = 300


def verify_webhook(body: bytes, headers: dict[str, str], secret: str) -> bool:
    """Whether the delivery's ``webhook-*`` headers sign ``body`` with ``secret``."""
    delivery, stamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
    if not (secret.startswith("whsec_") and delivery and stamp.isdigit()):
        return False
    if abs(time.time() - int(stamp)) > WEBHOOK_TOLERANCE_SECONDS:
        return False
    try:
        key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    except binascii.Error:
        return False
    signed = f"{delivery}.{stamp}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    given = (part.split(",", 1) for part in headers.get("webhook-signature", "").split())
    return any(v == "v1" and hmac.compare_digest(s, expected) for v, s in given)


def webhook_order_id(event: dict[str, Any]) -> str:
    """The receipt an ``order.paid`` delivery points at, or "" for any other event."""
    if event.get("event_type") != "order.paid":
        return ""
    return str(event.get("resource_url") or "").rstrip("/").rsplit("/receipts/", 1)[-1]


class EtsyClient:
    """One Etsy shop; implements ``ChannelClient``."""

    name = "etsy"
    listing_per_sku = True  # found by SKU among the listings' products; merged per product

    def __init__(
        self,
        shop_name: str,
        secrets: dict[str, str],
        *,
        base_url: str | None = None,
        timeout: float = 20.0,
        max_retries: int = 3,
        tokens: TokenSource | None = None,
    ) -> None:
        self._shop_name, self._secrets = shop_name, dict(secrets)
        # the connection's shared tokens; else this client's own (a connection being made)
        self._tokens = tokens or LocalTokens(self._secrets)
        self._http = httpx.Client(base_url=(base_url or API).rstrip("/"), timeout=timeout)
        self._timeout, self._max_retries = timeout, max_retries
        self._shop_id = ""
        self._listing_of: dict[str, str] = {}  # SKU → listing id

    def close(self) -> None:
        self._http.close()

    @understood(LABEL)
    def account(self) -> ChannelAccount:
        shop = self._shop()
        return ChannelAccount(
            name=f"Etsy shop {shop['shop_name']}",
            domain=str(shop.get("url") or "www.etsy.com").removeprefix("https://"),
            currency=str(shop.get("currency_code") or "USD"),
            location_id=str(shop["shop_id"]),
        )

    @understood(LABEL)
    def publish(self, draft: ListingDraft, location_id: str) -> PublishedListing:
        wanted: dict[str, Change] = {
            v.sku: (None if "price" in draft.omit else v.price, v.quantity) for v in draft.variants
        }
        listings = self._find(list(wanted))
        for listing_id, skus in _by_listing(listings, wanted).items():
            self._write(listing_id, skus)
        first = listings[draft.variants[0].sku]
        return PublishedListing(
            external_id=first,
            url=f"https://www.etsy.com/listing/{first}",
            stock_items={v.sku: v.sku for v in draft.variants},
        )

    @understood(LABEL)
    def listed(self, location_id: str, page: str | None = None) -> ListedPage:
        offset = int(page or 0)
        found = self._listings(offset)
        products = []
        for listing in found.get("results", []):
            for product in (listing.get("inventory") or {}).get("products", []):
                sku = str(product.get("sku") or "")
                if sku and not product.get("is_deleted"):
                    quantity = sum(
                        int(o.get("quantity") or 0) for o in product.get("offerings", [])
                    )
                    products.append(
                        ListedProduct(
                            external_id=str(listing["listing_id"]),
                            url=str(listing.get("url") or ""),
                            title=str(listing.get("title") or sku),
                            variants=(ListedVariant(sku, sku, quantity),),
                        )
                    )
        seen = offset + len(found.get("results", []))
        more = bool(found.get("results")) and seen < int(found.get("count") or 0)
        return ListedPage(tuple(products), str(seen) if more else None)

    def subscribe_orders(self, callback_url: str) -> bool:
        """Etsy's webhooks are registered in its webhook portal, not through the API."""
        return False

    @understood(LABEL)
    def set_quantities(self, changes: list[QuantityChange], location_id: str) -> None:
        wanted: dict[str, Change] = {c.stock_item: (None, c.quantity) for c in changes}
        listings = self._find(list(wanted))
        for listing_id, skus in _by_listing(listings, wanted).items():
            self._write(listing_id, skus)

    @understood(LABEL)
    def order(self, external_id: str) -> ChannelOrder | None:
        """The receipt with this id if it is paid, else None."""
        if not external_id.isdigit():
            return None
        try:
            found = self._call("GET", f"{APP}/shops/{self._id()}/receipts/{external_id}")
        except ChannelRejected:
            return None
        return _order(found) if _paid(found) else None

    @understood(LABEL)
    def orders_since(self, updated_after: str, page: str | None = None) -> OrderPage:
        # a page goes on from where the first one started: "<offset> <its epoch>"
        since = datetime.fromisoformat(updated_after.replace("Z", "+00:00"))
        first = int(since.replace(tzinfo=since.tzinfo or UTC).timestamp())
        offset, epoch = (page or f"0 {first}").split(" ", 1)
        params = {
            "min_last_modified": epoch,
            "was_paid": "true",
            "limit": str(ORDER_PAGE),
            "offset": offset,
        }
        found = self._call("GET", f"{APP}/shops/{self._id()}/receipts", params=params)
        listed = a_list(LABEL, found.get("results"), "the receipts' “results”")
        after, total = int(offset) + len(listed), int(found["count"])
        more = bool(listed) and after < total
        orders = tuple(_order(r) for r in listed if _paid(r))
        return OrderPage(orders=orders, next_page=f"{after} {epoch}" if more else None)

    @understood(LABEL)
    def ship(self, order_external_id: str, tracking_number: str) -> None:
        body = {
            "tracking_code": tracking_number,
            "carrier_name": carrier_of(tracking_number) or "other",
        }
        path = f"{APP}/shops/{self._id()}/receipts/{order_external_id}/tracking"
        self._call("POST", path, json=body)

    def _write(self, listing_id: str, skus: dict[str, Change]) -> None:
        """Set the offerings of ``skus`` on the listing; the rest of its inventory as it was."""
        path = f"{APP}/listings/{listing_id}/inventory"
        self._call("PUT", path, json=writable(_inventory(self._call("GET", path), skus), skus))

    def _find(self, skus: list[str]) -> dict[str, str]:
        """Each SKU's listing on Etsy (the shop's listings read once, then kept)."""
        if any(s not in self._listing_of for s in skus):
            offset = 0
            while True:
                found = self._listings(offset)
                for listing in found.get("results", []):
                    for product in (listing.get("inventory") or {}).get("products", []):
                        if product.get("sku"):
                            self._listing_of[str(product["sku"])] = str(listing["listing_id"])
                offset += len(found.get("results", []))
                if not found.get("results") or offset >= int(found.get("count") or 0):
                    break
        unknown = [s for s in skus if s not in self._listing_of]
        if unknown:
            raise ChannelRejected(
                f"Etsy has no listing with SKU {', '.join(unknown)}: create it on Etsy "
                "(with its category, shipping profile and photos) first, then publish again."
            )
        return {s: self._listing_of[s] for s in skus}

    def _listings(self, offset: int) -> dict[str, Any]:
        params = {
            "state": "active",
            "includes": "Inventory",
            "limit": str(PAGE),
            "offset": str(offset),
        }
        found = self._call("GET", f"{APP}/shops/{self._id()}/listings", params=params)
        a_list(LABEL, found.get("results"), "the listings' “results”")
        return found | {"count": int(found["count"])}

    def _shop(self) -> dict[str, Any]:
        me = self._call("GET", f"{APP}/users/me")
        shop = self._call("GET", f"{APP}/shops/{me['shop_id']}")
        if str(shop.get("shop_name", "")).lower() != self._shop_name.lower():
            raise ChannelRejected(
                f"Etsy: the refresh token opens the shop {shop.get('shop_name')}, "
                f"not {self._shop_name}."
            )
        self._shop_id = str(shop["shop_id"])
        return shop

    def _id(self) -> str:
        if not self._shop_id:
            self._shop()
        return self._shop_id

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """One call with a fresh access token, a rate-limit refusal waited out."""
        for attempt in range(self._max_retries + 1):
            headers = {
                "x-api-key": self._api_key(),
                "Authorization": f"Bearer {self._access_token()}",
            }
            rate_limits.pace("channel_etsy", self._secrets.get("keystring", ""))  # per app
            try:
                response = self._http.request(method, path, headers=headers, **kwargs)
            except httpx.TimeoutException as exc:
                raise Unavailable(f"Etsy did not answer within {self._timeout:g} s.") from exc
            except httpx.TransportError as exc:
                raise Unavailable(f"Could not reach Etsy ({exc.__class__.__name__}).") from exc
            if response.status_code == 429 and attempt < self._max_retries:
                wait = response.headers.get("Retry-After", "")
                time.sleep(min(int(wait), 30) if wait.isdigit() else 2**attempt)
                continue
            return _answer(response)
        raise AssertionError("unreachable")

    def _api_key(self) -> str:
        """``<keystring>:<shared secret>``, the ``x-api-key`` Etsy accepts."""
        keystring = self._secrets.get("keystring", "")
        secret = self._secrets.get("shared_secret", "")
        if not (keystring and secret):
            raise AuthenticationFailed(MISSING_SECRET)
        return f"{keystring}:{secret}"

    def _access_token(self) -> str:
        return self._tokens.access_token(self._grant)

    def _grant(self, refresh_token: str) -> Grant:
        form = {
            "grant_type": "refresh_token",
            "client_id": self._secrets.get("keystring", ""),
            "refresh_token": refresh_token,
        }
        try:
            response = self._http.post(
                "/v3/public/oauth/token", data=form, headers={"x-api-key": self._api_key()}
            )
        except httpx.HTTPError as exc:
            raise Unavailable("Could not reach Etsy's sign-in service.") from exc
        if response.status_code in (400, 401):
            raise AuthenticationFailed(
                "Etsy refused the refresh token: check it, and the app's keystring and "
                "shared secret (etsy.com/developers → Your apps)."
            )
        if response.status_code != 200:
            raise Unavailable(f"Etsy's sign-in service answered {response.status_code}.")
        token = response.json()
        return Grant(
            access_token=str(token["access_token"]),
            expires_in=int(token["expires_in"]),
            refresh_token=str(token.get("refresh_token") or ""),
        )


def _by_listing(
    listings: dict[str, str], wanted: dict[str, Change]
) -> dict[str, dict[str, Change]]:
    grouped: dict[str, dict[str, Change]] = defaultdict(dict)
    for sku, change in wanted.items():
        grouped[listings[sku]][sku] = change
    return grouped


def _answer(response: httpx.Response) -> dict[str, Any]:
    if response.status_code == 429:
        raise RateLimited("Etsy kept refusing calls: the app's rate limit is used up for now.")
    if response.status_code == 403 and "api key" in _refusal(response).lower():
        raise AuthenticationFailed(WRONG_KEY)  # "Invalid API key", "… in x-api-key header."
    if response.status_code in (401, 403):
        raise AuthenticationFailed("Etsy denied access: the token lacks a scope for this.")
    if response.status_code >= 500:
        raise Unavailable(f"Etsy answered {response.status_code}; try again shortly.")
    if response.status_code == 204 or not response.content:
        return {}
    try:
        body = an_object(LABEL, response.json(), "its answer")
    except ValueError as exc:
        raise unexpected(LABEL, "not JSON") from exc
    if response.status_code >= 400:
        raise ChannelRejected(f"Etsy refused it: {body.get('error') or response.status_code}")
    return body


def _inventory(found: dict[str, Any], skus: dict[str, Change]) -> dict[str, Any]:
    """A listing's inventory as read, when it holds the SKUs to change: written back whole,
    an inventory of another shape would replace the listing's products with nothing."""
    products = a_list(LABEL, found.get("products"), "the inventory's “products”")
    held = {str(an_object(LABEL, p, "a product").get("sku") or "") for p in products}
    missing = [sku for sku in skus if sku not in held]
    if missing:
        raise unexpected(LABEL, f"the listing's inventory has no SKU {', '.join(missing)}")
    for product in products:
        a_list(LABEL, product.get("offerings"), "a product's “offerings”")
    return found


def _refusal(response: httpx.Response) -> str:
    """Etsy's words in a refusal (``{"error": …}``), or ""."""
    try:
        return str(dict(response.json()).get("error") or "")
    except ValueError:
        return ""


def _paid(receipt: dict[str, Any]) -> bool:
    return str(receipt.get("status") or "").lower() in PAID


def _order(receipt: dict[str, Any]) -> ChannelOrder:
    receipt_id = str(receipt["receipt_id"])
    lines = tuple(
        OrderLine(
            sku=str(t.get("sku") or ""),
            quantity=int(t["quantity"]),
            unit_price=money(t.get("price")),
            title=str(t.get("title") or ""),
        )
        for t in receipt.get("transactions", [])
        if int(t.get("quantity") or 0) > 0
    )
    updated = datetime.fromtimestamp(int(receipt["updated_timestamp"]), UTC)
    shipping = receipt.get("total_shipping_cost") or {}
    return ChannelOrder(
        external_id=receipt_id,
        name=receipt_id,
        updated_at=updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
        email=str(receipt.get("buyer_email") or "") or f"{receipt_id}@receipts.etsy.com",
        buyer=str(receipt.get("name") or ""),
        currency=str((receipt.get("grandtotal") or shipping).get("currency_code") or ""),
        lines=lines,
        shipping=money(shipping),
        shipping_address={
            "name": str(receipt.get("name") or ""),
            "line1": str(receipt.get("first_line") or ""),
            "city": str(receipt.get("city") or ""),
            "postal_code": str(receipt.get("zip") or ""),
            "country": str(receipt.get("country_iso") or ""),
        },
        shipping_service="",
        placed_at=epoch_time(receipt.get("created_timestamp")),
    )
