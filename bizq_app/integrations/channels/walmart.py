"""Walmart Marketplace through its REST API on httpx (Walmart has no Python SDK).

- **Token**: client credentials (``POST /v3/token``, HTTP Basic with the client id and
  secret) for a token of fifteen minutes, sent as ``WM_SEC.ACCESS_TOKEN`` with
  ``WM_SVC.NAME`` and a fresh ``WM_QOS.CORRELATION_ID`` on every call; a refused
  client is ``AuthenticationFailed``. The token is shared by every client of the
  connection, one grant at a time (``tokens.SharedTokens``; there is no refresh token to
  save); one Walmart refuses with ``401`` before it should expire is dropped and asked for
  again once.
- **Items** exist on Walmart first (Seller Center's item setup or a feed): BizQ sets each
  SKU's price (``PUT /v3/price``) and quantity (``PUT /v3/inventory``) and never its
  content. Walmart has no conditional quantity update: BizQ's figure is set as it is.
- **Orders** by ``createdStartDate``, paged by Walmart's ``nextCursor``; an order Walmart
  has just created is acknowledged as it is read (Walmart expects that within hours),
  cancelled lines are left out; **shipping** marks each line shipped with the tracking
  number and a carrier from Walmart's list, told by the number's form (``1Z…`` UPS,
  ``92/93/94…`` with 20–22 digits USPS, 12 or 15 digits FedEx, else *other*).
- **Order notifications**: connecting subscribes the seller's ``PO_CREATED`` event
  (``POST /v3/webhooks/subscriptions``) at BizQ's address with Walmart's ``HMAC``
  method: each delivery carries, in the ``WM_SEC.AUTH_SIGNATURE`` header, the
  HMAC-SHA256 of its body keyed by a secret BizQ made for the connection (hex or
  Base64 are both taken). The purchase order it names is then read and acknowledged.
- ``429``: waited out (1, 2, 4… s, at most ``max_retries`` times), then ``RateLimited``.
  An answer of a shape BizQ does not know (no ``list`` of orders, a list for an object,
  not JSON) is ``UnexpectedAnswer`` (``answers``): nothing is taken from it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import httpx

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
from bizq_app.integrations.channels.answers import (
    a_list,
    an_object,
    json_object,
    refusal,
    understood,
    unexpected,
)
from bizq_app.integrations.channels.tokens import SharedTokens

API = "https://marketplace.walmartapis.com"
SERVICE = "Walmart Marketplace"
LABEL = "Walmart"
ORDER_PAGE = 100
SIGNATURE_HEADER = "WM_SEC.AUTH_SIGNATURE"  # where Walmart's deliveries carry their HMAC


def verify_webhook(body: bytes, signature: str, secret: str) -> bool:
    """Whether ``signature`` is the HMAC-SHA256 of ``body`` keyed by ``secret``."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    given = signature.strip()
    return bool(secret and given) and (
        hmac.compare_digest(given.lower(), digest.hex())
        or hmac.compare_digest(given, base64.b64encode(digest).decode())
    )


def webhook_order_id(event: dict[str, Any]) -> str:
    """The purchase order a ``PO_CREATED`` delivery names, or "" for any other event."""
    if (event.get("source") or {}).get("eventType") != "PO_CREATED":
        return ""
    return str((event.get("payload") or {}).get("purchaseOrderId") or "")


class WalmartClient:
    """One seller's Walmart Marketplace account (US); implements ``ChannelClient``."""

    name = "walmart"
    listing_per_sku = True  # Walmart keeps an item per SKU; a product's SKUs are merged

    def __init__(
        self,
        client_id: str,
        secrets: dict[str, str],
        *,
        base_url: str | None = None,
        timeout: float = 20.0,
        max_retries: int = 3,
        tokens: TokenSource | None = None,
    ) -> None:
        self._client_id, self._secret = client_id, secrets.get("client_secret", "")
        self._webhook_secret = secrets.get("webhook_secret", "")
        # the connection's shared token; else this client's own (a connection being made)
        self._tokens = tokens or LocalTokens({})
        self._http = httpx.Client(base_url=(base_url or API).rstrip("/"), timeout=timeout)
        self._timeout, self._max_retries = timeout, max_retries

    def close(self) -> None:
        self._http.close()

    @understood(LABEL)
    def account(self) -> ChannelAccount:
        self._call("GET", "/v3/items", params={"limit": "1"})  # the keys open the catalog
        return ChannelAccount(
            name=f"Walmart seller (client {self._client_id[:8]}…)",
            domain="www.walmart.com",
            currency="USD",
            location_id="",
        )

    @understood(LABEL)
    def publish(self, draft: ListingDraft, location_id: str) -> PublishedListing:
        for variant in draft.variants:
            if "price" not in draft.omit:
                body = {
                    "sku": variant.sku,
                    "pricing": [
                        {
                            "currentPriceType": "BASE",
                            "currentPrice": {
                                "currency": draft.currency or "USD",
                                "amount": float(variant.price),
                            },
                        }
                    ],
                }
                self._call("PUT", "/v3/price", json=body)
            if variant.quantity is not None:
                self._set(variant.sku, variant.quantity)
        skus = [v.sku for v in draft.variants]
        return PublishedListing(
            external_id=skus[0],
            url=f"https://seller.walmart.com/items-and-inventory/manage-items?search={quote(skus[0])}",
            stock_items={sku: sku for sku in skus},
        )

    @understood(LABEL)
    def listed(self, location_id: str, page: str | None = None) -> ListedPage:
        params = {"limit": "20", "nextCursor": page or "*"}
        found = self._call("GET", "/v3/items", params=params)
        products = []
        for item in found.get("ItemResponse", []):
            sku = str(item["sku"])
            stock = self._call("GET", "/v3/inventory", params={"sku": sku})
            quantity = int((stock.get("quantity") or {}).get("amount") or 0)
            products.append(
                ListedProduct(
                    external_id=sku,
                    url="",
                    title=str(item.get("productName") or sku),
                    variants=(ListedVariant(sku, sku, quantity),),
                )
            )
        cursor = found.get("nextCursor")
        return ListedPage(tuple(products), str(cursor) if cursor and products else None)

    @understood(LABEL)
    def subscribe_orders(self, callback_url: str) -> bool:
        """``PO_CREATED`` sent to ``callback_url``, signed with the connection's secret."""
        auth = {"authMethod": "HMAC", "authHeaderName": SIGNATURE_HEADER}
        event: dict[str, Any] = {"eventType": "PO_CREATED", "eventVersion": "V1"}
        event |= {"resourceName": "ORDER", "eventUrl": callback_url, "status": "ACTIVE"}
        event["authDetails"] = auth | {"clientSecret": self._webhook_secret}
        self._call("POST", "/v3/webhooks/subscriptions", json={"events": [event]})
        return True

    @understood(LABEL)
    def order(self, external_id: str) -> ChannelOrder | None:
        """The purchase order with this id, acknowledged as a poll would; None when it
        is not there or every line of it was cancelled."""
        try:
            found = self._call("GET", f"/v3/orders/{quote(external_id)}").get("order")
        except ChannelRejected:
            return None
        return self._taken(an_object(LABEL, found, "the order")) if found else None

    def _taken(self, order: dict[str, Any]) -> ChannelOrder | None:
        """The order as BizQ takes it: acknowledged if Walmart has just created it (Walmart
        expects that within hours), without its cancelled lines; None when none is left."""
        if _statuses(order) == {"Created"}:
            self._call("POST", f"/v3/orders/{quote(str(order['purchaseOrderId']))}/acknowledge")
        taken = _order(order)
        return taken if taken.lines else None

    @understood(LABEL)
    def set_quantities(self, changes: list[QuantityChange], location_id: str) -> None:
        for change in changes:  # no compare on Walmart: ``expected`` cannot be checked
            self._set(change.stock_item, change.quantity)

    @understood(LABEL)
    def orders_since(self, updated_after: str, page: str | None = None) -> OrderPage:
        if page:  # Walmart's cursor is the query of the next page
            found = self._call("GET", f"/v3/orders{page}")
        else:
            params = {"createdStartDate": updated_after, "limit": str(ORDER_PAGE)}
            found = self._call("GET", "/v3/orders", params=params)
        listing = an_object(LABEL, found.get("list"), "the orders' “list”")
        elements = an_object(LABEL, listing.get("elements") or {}, "the list's “elements”")
        listed = a_list(LABEL, elements.get("order") or [], "the elements' “order”")
        parsed = [an_object(LABEL, order, "an order") for order in listed]
        taken = (self._taken(order) for order in parsed)
        orders = [order for order in taken if order is not None]
        cursor = (listing.get("meta") or {}).get("nextCursor")
        return OrderPage(orders=tuple(orders), next_page=str(cursor) if cursor else None)

    @understood(LABEL)
    def ship(self, order_external_id: str, tracking_number: str) -> None:
        order = self._call("GET", f"/v3/orders/{quote(order_external_id)}").get("order") or {}
        carrier = carrier_of(tracking_number)  # Walmart's list names them alike
        shipped = {
            "shipDateTime": int(time.time() * 1000),
            "carrierName": {"carrier": carrier} if carrier else {"otherCarrier": "Other"},
            "methodCode": str((order.get("shippingInfo") or {}).get("methodCode") or "Standard"),
            "trackingNumber": tracking_number,
        }
        lines = [
            {
                "lineNumber": str(line["lineNumber"]),
                "orderLineStatuses": {
                    "orderLineStatus": [
                        {
                            "status": "Shipped",
                            "statusQuantity": line["orderLineQuantity"],
                            "trackingInfo": shipped,
                        }
                    ]
                },
            }
            for line in _lines(order)
            if _line_status(line) != "Cancelled"
        ]
        body = {"orderShipment": {"orderLines": {"orderLine": lines}}}
        self._call("POST", f"/v3/orders/{quote(order_external_id)}/shipping", json=body)

    def _set(self, sku: str, quantity: int) -> None:
        body = {"sku": sku, "quantity": {"unit": "EACH", "amount": quantity}}
        found = self._call("PUT", "/v3/inventory", params={"sku": sku}, json=body)
        if str(found.get("sku")) != sku:  # Walmart names the SKU whose quantity it took
            raise unexpected(LABEL, f"no inventory of {sku} in its answer")

    def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        """One call with a fresh token, a rate-limit refusal waited out; a token Walmart
        refuses (expired early, or revoked) is dropped and the call made once more."""
        token, response = self._send(method, path, **kwargs)
        if response.status_code == 401 and isinstance(self._tokens, SharedTokens):
            self._tokens.drop(token)
            token, response = self._send(method, path, **kwargs)
        return _answer(response)

    def _send(self, method: str, path: str, **kwargs: Any) -> tuple[str, httpx.Response]:
        """Walmart's answer to one call, and the token it was made with."""
        for attempt in range(self._max_retries + 1):
            token = self._access_token()
            headers = self._headers() | {"WM_SEC.ACCESS_TOKEN": token}
            try:
                response = self._http.request(method, path, headers=headers, **kwargs)
            except httpx.TimeoutException as exc:
                raise Unavailable(f"Walmart did not answer within {self._timeout:g} s.") from exc
            except httpx.TransportError as exc:
                raise Unavailable(f"Could not reach Walmart ({exc.__class__.__name__}).") from exc
            if response.status_code == 429 and attempt < self._max_retries:
                time.sleep(2**attempt)
                continue
            return token, response
        raise AssertionError("unreachable")

    def _headers(self) -> dict[str, str]:
        return {
            "WM_SVC.NAME": SERVICE,
            "WM_QOS.CORRELATION_ID": str(uuid.uuid4()),
            "Accept": "application/json",
        }

    def _access_token(self) -> str:
        return self._tokens.access_token(self._grant)

    def _grant(self, _refresh_token: str) -> Grant:
        """The client credentials grant (it takes no refresh token, and hands none back)."""
        basic = base64.b64encode(f"{self._client_id}:{self._secret}".encode()).decode()
        try:
            response = self._http.post(
                "/v3/token",
                data={"grant_type": "client_credentials"},
                headers=self._headers() | {"Authorization": f"Basic {basic}"},
            )
        except httpx.HTTPError as exc:
            raise Unavailable("Could not reach Walmart's token service.") from exc
        if response.status_code in (400, 401):
            raise AuthenticationFailed(
                "Walmart refused the client id and secret: copy them again from Seller "
                "Center → Settings → API Key Management."
            )
        if response.status_code != 200:
            raise Unavailable(f"Walmart's token service answered {response.status_code}.")
        token = json_object(LABEL, response)
        return Grant(access_token=str(token["access_token"]), expires_in=int(token["expires_in"]))


def _answer(response: httpx.Response) -> dict[str, Any]:
    if response.status_code == 429:
        raise RateLimited("Walmart kept refusing calls: the API's call limit is used up for now.")
    if response.status_code in (401, 403):
        raise AuthenticationFailed("Walmart denied access: the API key lacks this permission.")
    if response.status_code >= 500:
        raise Unavailable(f"Walmart answered {response.status_code}; try again shortly.")
    if response.status_code == 204 or not response.content:
        return {}
    if response.status_code == 404:
        raise ChannelRejected(
            "Walmart has no such item: set it up in Seller Center (or with a feed) first, "
            f"then publish again. ({_words(refusal(response))})"
        )
    if response.status_code >= 400:
        words = _words(refusal(response))
        raise ChannelRejected(f"Walmart refused it: {words or response.status_code}")
    return json_object(LABEL, response)


def _words(body: dict[str, Any]) -> str:
    """Walmart's words in a refusal (``{"errors": [{"code", "description"}]}``)."""
    errors = body.get("errors") or body.get("error") or []
    if isinstance(errors, dict):
        errors = errors.get("error") or [errors]
    return "; ".join(
        str(e.get("description") or e.get("code") or "")
        for e in (errors if isinstance(errors, list) else [])
        if isinstance(e, dict)
    )


def _lines(order: dict[str, Any]) -> list[dict[str, Any]]:
    return list((order.get("orderLines") or {}).get("orderLine") or [])


def _line_status(line: dict[str, Any]) -> str:
    found = (line.get("orderLineStatuses") or {}).get("orderLineStatus") or [{}]
    return str(found[0].get("status") or "")


def _statuses(order: dict[str, Any]) -> set[str]:
    return {_line_status(line) for line in _lines(order)}


def _charge(line: dict[str, Any], kind: str) -> Decimal:
    charges = (line.get("charges") or {}).get("charge") or []
    return sum(
        (
            Decimal(str((c.get("chargeAmount") or {}).get("amount") or "0"))
            for c in charges
            if c.get("chargeType") == kind
        ),
        Decimal(0),
    )


def _currency(order: dict[str, Any]) -> str:
    for line in _lines(order):
        for charge in (line.get("charges") or {}).get("charge") or []:
            return str((charge.get("chargeAmount") or {}).get("currency") or "USD")
    return "USD"


def _order(order: dict[str, Any]) -> ChannelOrder:
    po = str(order["purchaseOrderId"])
    live = [line for line in _lines(order) if _line_status(line) != "Cancelled"]
    lines = tuple(
        OrderLine(
            sku=str((line.get("item") or {}).get("sku") or ""),
            quantity=int(Decimal(str(line["orderLineQuantity"]["amount"]))),
            unit_price=_charge(line, "PRODUCT")
            / max(int(Decimal(str(line["orderLineQuantity"]["amount"]))), 1),
            title=str((line.get("item") or {}).get("productName") or ""),
        )
        for line in live
    )
    shipping = order.get("shippingInfo") or {}
    address = shipping.get("postalAddress") or {}
    placed = datetime.fromtimestamp(int(order["orderDate"]) / 1000, UTC)
    return ChannelOrder(
        external_id=po,
        name=str(order.get("customerOrderId") or po),
        updated_at=placed.strftime("%Y-%m-%dT%H:%M:%S.") + f"{placed.microsecond // 1000:03d}Z",
        email=str(order.get("customerEmailId") or "") or f"{po}@relay.walmart.com",
        buyer=str(address.get("name") or ""),
        currency=_currency(order),
        lines=lines,
        shipping=sum((_charge(line, "SHIPPING") for line in live), Decimal(0)),
        shipping_address={
            "name": str(address.get("name") or ""),
            "line1": str(address.get("address1") or ""),
            "city": str(address.get("city") or ""),
            "postal_code": str(address.get("postalCode") or ""),
            "country": {"USA": "US"}.get(str(address.get("country") or ""), "US"),
        },
        shipping_service=str(shipping.get("methodCode") or ""),
        placed_at=placed.isoformat(),
    )
