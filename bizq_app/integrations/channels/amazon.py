"""Amazon through the Selling Partner API (SP-API) on httpx.

Amazon's own Python SDK for SP-API is generated code without upkeep for the APIs BizQ
uses; its documented HTTP API is small, so the client speaks it directly:

- **Regions**: each call goes to the SP-API host of the seller's marketplace's region
  (``amazon_markets``: North America, Europe or the Far East); Login with Amazon is
  global.
- **Login with Amazon**: the seller's refresh token (with the app's client id and
  secret) is exchanged at ``/auth/o2/token`` for an access token of an hour, sent as
  ``x-amz-access-token``; a refused grant is ``AuthenticationFailed``. The refresh token
  does not rotate (the grant hands back the one given); the access token is shared by
  every client of the connection, one grant at a time (``tokens.SharedTokens``).
- **Listings Items** ``PATCH /listings/2021-08-01/items/{sellerId}/{sku}``: price
  (``purchasable_offer``) and quantity (``fulfillment_availability``) of an offer that
  exists on Amazon (matched to a catalog page in Seller Central or with BizQ's
  Inventory Loader file); the SKU is percent-encoded in the path. Title and
  description belong to Amazon's catalog page: never sent. Amazon has no conditional
  quantity update: BizQ's figure is set as it is.
- **Orders** ``GET /orders/v0/orders`` by ``LastUpdatedAfter`` and ``NextToken``, each
  order's items from ``/orderItems``; only orders Amazon has charged for (unshipped,
  partly shipped, shipped) are handed over. The buyer's name and the shipping address
  are restricted data: ``getOrders`` is called with a Restricted Data Token (Tokens
  API ``createRestrictedDataToken`` for ``buyerInfo`` and ``shippingAddress``) in
  place of the access token.
- **Shipment confirmation** with the tracking number and its carrier's code (``Other``,
  named, when its form tells none).
- ``429 QuotaExceeded``: waited out (1, 2, 4… s, at most ``max_retries`` times), then
  ``RateLimited``. An answer of a shape BizQ does not know (no ``payload``, a list for an
  object, not JSON) is ``UnexpectedAnswer`` (``answers``): nothing is taken from it.
"""

from __future__ import annotations

import threading
import time
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import httpx

from bizq_app.core import rate_limits
from bizq_app.core.columns import utcnow
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
)
from bizq_app.integrations.channels.amazon_markets import hosts, site_of
from bizq_app.integrations.channels.answers import (
    a_list,
    an_object,
    json_object,
    understood,
    unexpected,
)

LISTINGS = "/listings/2021-08-01/items"
ORDERS = "/orders/v0/orders"
RESTRICTED_TOKEN = "/tokens/2021-03-01/restrictedDataToken"
BUYER_DATA = {  # getOrders' restricted resource: the buyer's name, the shipping address
    "method": "GET",
    "path": ORDERS,
    "dataElements": ["buyerInfo", "shippingAddress"],
}
CHARGED = ("Unshipped", "PartiallyShipped", "Shipped")
SUBMITTED = ("ACCEPTED", "INVALID", "VALID")  # a listing patch's documented statuses
TOKEN_MARGIN_SECONDS = 60
LABEL = "Amazon"


class AmazonClient:
    """One seller's SP-API in one marketplace; implements ``ChannelClient``."""

    name = "amazon"
    listing_per_sku = True

    def __init__(
        self,
        seller_id: str,
        secrets: dict[str, str],
        *,
        base_url: str | None = None,
        timeout: float = 20.0,
        max_retries: int = 3,
        tokens: TokenSource | None = None,
    ) -> None:
        self._seller, self._secrets = seller_id, secrets
        # the connection's shared tokens; else this client's own (a connection being made)
        self._tokens = tokens or LocalTokens(self._secrets)
        self._marketplace = secrets.get("marketplace_id", "")
        api, self._login = hosts(self._marketplace, base_url)
        self._http = httpx.Client(base_url=api, timeout=timeout)
        self._timeout, self._max_retries = timeout, max_retries
        self._restricted, self._restricted_expires = "", 0.0
        self._lock = threading.Lock()

    def close(self) -> None:
        self._http.close()

    @understood(LABEL)
    def account(self) -> ChannelAccount:
        found = self._call("GET", "/sellers/v1/marketplaceParticipations")
        for entry in a_list(LABEL, found.get("payload"), "the participations' “payload”"):
            market = entry["marketplace"]
            if market["id"] == self._marketplace:
                return ChannelAccount(
                    name=f"Amazon seller {self._seller} on {market['name']}",
                    domain=str(market.get("domainName") or market["name"]),
                    currency=str(market["defaultCurrencyCode"]),
                    location_id=self._marketplace,
                )
        raise ChannelRejected(
            f"Amazon: seller {self._seller} does not sell in marketplace {self._marketplace}."
        )

    @understood(LABEL)
    def publish(self, draft: ListingDraft, location_id: str) -> PublishedListing:
        for variant in draft.variants:
            patches = []
            if "price" not in draft.omit:
                patches.append(_price_patch(location_id, draft, variant.price))
            if variant.quantity is not None:
                patches.append(_quantity_patch(variant.quantity))
            if patches:
                self._patch(variant.sku, patches)
        skus = [v.sku for v in draft.variants]
        return PublishedListing(external_id=skus[0], url="", stock_items={sku: sku for sku in skus})

    @understood(LABEL)
    def listed(self, location_id: str, page: str | None = None) -> ListedPage:
        params = {
            "marketplaceIds": location_id,
            "includedData": "summaries,fulfillmentAvailability",
            "pageSize": "20",
        }
        if page:
            params["pageToken"] = page
        found = self._call("GET", f"{LISTINGS}/{self._seller}", params=params)
        products = []
        for item in a_list(LABEL, found.get("items") or [], "the listings' “items”"):
            summary = (item.get("summaries") or [{}])[0]
            quantity = sum(
                int(f.get("quantity") or 0) for f in item.get("fulfillmentAvailability") or []
            )
            sku = str(item["sku"])
            products.append(
                ListedProduct(
                    external_id=sku,
                    url=f"https://{site_of(location_id)}/dp/{summary['asin']}"
                    if summary.get("asin")
                    else "",
                    title=str(summary.get("itemName") or sku),
                    variants=(ListedVariant(sku, sku, quantity),),
                )
            )
        token = (found.get("pagination") or {}).get("nextToken")
        return ListedPage(tuple(products), str(token) if token else None)

    def subscribe_orders(self, callback_url: str) -> bool:
        """Amazon notifies through Amazon SQS, not a web address: orders are polled."""
        return False

    @understood(LABEL)
    def set_quantities(self, changes: list[QuantityChange], location_id: str) -> None:
        for change in changes:  # no compare on Amazon: ``expected`` cannot be checked
            self._patch(change.stock_item, [_quantity_patch(change.quantity)])

    @understood(LABEL)
    def orders_since(self, updated_after: str, page: str | None = None) -> OrderPage:
        params = {"MarketplaceIds": self._marketplace, "LastUpdatedAfter": updated_after}
        if page:
            params = {"MarketplaceIds": self._marketplace, "NextToken": page}
        found = self._call("GET", ORDERS, params=params, token=self._buyer_data_token())
        found = an_object(LABEL, found.get("payload"), "the orders' “payload”")
        listed = a_list(LABEL, found.get("Orders"), "the orders' “Orders”")
        orders = tuple(
            self._order(an_object(LABEL, order, "an order"))
            for order in listed
            if order.get("OrderStatus") in CHARGED
        )
        token = found.get("NextToken")
        return OrderPage(orders=orders, next_page=str(token) if token else None)

    @understood(LABEL)
    def ship(self, order_external_id: str, tracking_number: str) -> None:
        items = self._items(order_external_id)
        carrier = carrier_of(tracking_number)
        body = {
            "marketplaceId": self._marketplace,
            "packageDetail": {
                "packageReferenceId": "1",
                "carrierCode": carrier or "Other",
                **({} if carrier else {"carrierName": "Other"}),
                "trackingNumber": tracking_number,
                "shipDate": utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"),
                "orderItems": [
                    {"orderItemId": i["OrderItemId"], "quantity": int(i["QuantityOrdered"])}
                    for i in items
                ],
            },
        }
        path = f"{ORDERS}/{quote(order_external_id, safe='')}/shipmentConfirmation"
        self._call("POST", path, json=body)

    def _order(self, order: dict[str, Any]) -> ChannelOrder:
        order_id = str(order["AmazonOrderId"])
        items = self._items(order_id)
        lines = tuple(
            OrderLine(
                sku=str(i.get("SellerSKU") or ""),
                quantity=int(i["QuantityOrdered"]),
                unit_price=Decimal(str((i.get("ItemPrice") or {}).get("Amount") or "0"))
                / max(int(i["QuantityOrdered"]), 1),
                title=str(i.get("Title") or ""),
            )
            for i in items
            if int(i.get("QuantityOrdered") or 0) > 0
        )
        shipping = sum(
            (Decimal(str((i.get("ShippingPrice") or {}).get("Amount") or "0")) for i in items),
            Decimal(0),
        )
        address = order.get("ShippingAddress") or {}
        buyer = order.get("BuyerInfo") or {}
        total = order.get("OrderTotal") or {}
        return ChannelOrder(
            external_id=order_id,
            name=order_id,
            updated_at=str(order["LastUpdateDate"]),
            email=str(buyer.get("BuyerEmail") or "") or f"{order_id}@marketplace.amazon.com",
            buyer=str(buyer.get("BuyerName") or address.get("Name") or ""),
            currency=str(total.get("CurrencyCode") or ""),
            lines=lines,
            shipping=shipping,
            shipping_address={
                "name": str(address.get("Name") or ""),
                "line1": str(address.get("AddressLine1") or ""),
                "city": str(address.get("City") or ""),
                "postal_code": str(address.get("PostalCode") or ""),
                "country": str(address.get("CountryCode") or ""),
            },
            shipping_service=str(order.get("ShipmentServiceLevelCategory") or ""),
            placed_at=str(order.get("PurchaseDate") or ""),
        )

    def _items(self, order_id: str) -> list[dict[str, Any]]:
        found = self._call("GET", f"{ORDERS}/{quote(order_id, safe='')}/orderItems")
        payload = an_object(LABEL, found.get("payload"), "the order items' “payload”")
        return a_list(LABEL, payload.get("OrderItems"), "the order's “OrderItems”")

    def _patch(self, sku: str, patches: list[dict[str, Any]]) -> None:
        body = {"productType": "PRODUCT", "patches": patches}
        params = {"marketplaceIds": self._marketplace}
        path = f"{LISTINGS}/{self._seller}/{quote(sku, safe='')}"  # a SKU may hold / # ?
        found = self._call("PATCH", path, params=params, json=body)
        if found.get("status") not in SUBMITTED:  # neither taken nor refused: not known
            raise unexpected(LABEL, f"no status BizQ knows for the offer {sku}")
        issues = [
            i
            for i in a_list(LABEL, found.get("issues") or [], "the offer's “issues”")
            if i.get("severity") == "ERROR"
        ]
        if found.get("status") == "INVALID" or issues:
            words = "; ".join(str(i.get("message")) for i in issues) or "the offer is invalid"
            raise ChannelRejected(f"Amazon refused {sku}: {words}")

    def _buyer_data_token(self) -> str:
        """A Restricted Data Token for getOrders with the buyer's name and the shipping
        address, kept while it lasts.

        Raises:
            AuthenticationFailed: the app may not read buyers' data (no restricted role).
        """
        with self._lock:
            if self._restricted and time.monotonic() < self._restricted_expires:
                return self._restricted
        body = {"restrictedResources": [BUYER_DATA]}
        try:
            found = self._call("POST", RESTRICTED_TOKEN, json=body)
        except AuthenticationFailed as exc:
            raise AuthenticationFailed(
                "Amazon would not give the buyers' names and addresses: give the app the "
                "Direct-to-Consumer Shipping role (a restricted role, in Developer "
                "Central) and authorise it again."
            ) from exc
        with self._lock:
            self._restricted = str(found["restrictedDataToken"])
            lasts = int(found.get("expiresIn") or 3600) - TOKEN_MARGIN_SECONDS
            self._restricted_expires = time.monotonic() + lasts
            return self._restricted

    def _call(self, method: str, path: str, *, token: str = "", **kwargs: Any) -> dict[str, Any]:
        """One SP-API call with a fresh access token (``token``: a restricted one instead),
        a quota refusal waited out."""
        for attempt in range(self._max_retries + 1):
            headers = {"x-amz-access-token": token or self._access_token()}
            rate_limits.pace("channel_amazon", self._seller)  # Amazon's rate, not its refusal
            try:
                response = self._http.request(method, path, headers=headers, **kwargs)
            except httpx.TimeoutException as exc:
                raise Unavailable(f"Amazon did not answer within {self._timeout:g} s.") from exc
            except httpx.TransportError as exc:
                raise Unavailable(f"Could not reach Amazon ({exc.__class__.__name__}).") from exc
            if response.status_code == 429 and attempt < self._max_retries:
                time.sleep(2**attempt)
                continue
            return _answer(response, path)
        raise AssertionError("unreachable")

    def _access_token(self) -> str:
        return self._tokens.access_token(self._grant)

    def _grant(self, refresh_token: str) -> Grant:
        """Login with Amazon's refresh-token grant (it hands back the refresh token given)."""
        form = {
            "grant_type": "refresh_token",
            "refresh_token": refresh_token,
            "client_id": self._secrets.get("client_id", ""),
            "client_secret": self._secrets.get("client_secret", ""),
        }
        try:
            response = httpx.post(f"{self._login}/auth/o2/token", data=form, timeout=20)
        except httpx.HTTPError as exc:
            raise Unavailable("Could not reach Login with Amazon.") from exc
        if response.status_code in (400, 401):
            raise AuthenticationFailed(
                "Amazon refused the refresh token: check it, and the app's client id "
                "and secret (Seller Central → Apps and services → Develop apps)."
            )
        if response.status_code != 200:
            raise Unavailable(f"Login with Amazon answered {response.status_code}.")
        token = json_object(LABEL, response)
        return Grant(
            access_token=str(token["access_token"]),
            expires_in=int(token["expires_in"]),
            refresh_token=str(token.get("refresh_token") or ""),
        )


def _answer(response: httpx.Response, path: str) -> dict[str, Any]:
    if response.status_code == 429:
        raise RateLimited("Amazon kept refusing calls: its request quota is used up.")
    if response.status_code in (401, 403):
        said = "; ".join(_said(response)).rstrip(".") or "the app lacks a role for this"
        raise AuthenticationFailed(f"Amazon denied access: {said}.")
    if response.status_code == 404:
        raise ChannelRejected(
            "Amazon has no such offer: create it in Seller Central (or upload BizQ's "
            "Inventory Loader file) first, then publish again."
            if path.startswith(LISTINGS)
            else "Amazon has no such order."
        )
    if response.status_code >= 500:
        raise Unavailable(f"Amazon answered {response.status_code}; try again shortly.")
    if response.status_code == 204:
        return {}
    if response.status_code >= 400:
        words = "; ".join(_said(response))
        raise ChannelRejected(f"Amazon refused the call: {words or response.status_code}")
    return json_object(LABEL, response)


def _said(response: httpx.Response) -> list[str]:
    """Amazon's words in an error answer (its message, and the details when it gives them)."""
    try:
        errors = response.json().get("errors") or []
    except (ValueError, AttributeError):
        return []
    return [
        " — ".join(str(e[k]) for k in ("message", "details") if e.get(k))
        for e in errors
        if isinstance(e, dict)
    ]


def _price_patch(marketplace: str, draft: ListingDraft, price: Decimal) -> dict[str, Any]:
    return {
        "op": "replace",
        "path": "/attributes/purchasable_offer",
        "value": [
            {
                "marketplace_id": marketplace,
                "currency": draft.currency or "USD",
                "our_price": [{"schedule": [{"value_with_tax": float(price)}]}],
            }
        ],
    }


def _quantity_patch(quantity: int) -> dict[str, Any]:
    return {
        "op": "replace",
        "path": "/attributes/fulfillment_availability",
        "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": quantity}],
    }
