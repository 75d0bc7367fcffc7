"""TikTok Shop through its Partner API (the 202309 versions) on httpx.

TikTok's Python SDK is generated code for its own app flow; the documented HTTP API is what
the client speaks:

- **Tokens**: the seller's refresh token (with the app key and secret) is exchanged at
  ``/api/v2/token/refresh`` for an access token, sent as ``x-tts-access-token``. That
  exchange is a ``GET`` with ``app_key``, ``app_secret``, ``refresh_token`` and
  ``grant_type`` in its query, as Partner Center's *Authorization overview* documents it
  (no form or header is accepted there); ``core.logging`` keeps that query, like every
  URL's, out of the logs (``httpx`` logs each URL it calls).
- **Signed requests**: every call carries ``app_key``, ``timestamp``, the shop's
  ``shop_cipher`` and ``sign``: HMAC-SHA256, keyed by the app secret, of the secret, the
  path, each query parameter (but ``sign`` and ``access_token``) as name and value sorted
  by name, the JSON body, and the secret again.
- **Products** exist on TikTok Shop first (Seller Center, or its bulk upload); BizQ finds
  each SKU's product and SKU ids by ``seller_sku`` (product search), then sets prices
  (``prices/update``) and quantities at the shop's default warehouse
  (``inventory/update``), never the content.
- **Orders** by ``update_time_ge``, paged by ``next_page_token``; only those TikTok has
  been paid for (awaiting shipment or later, not cancelled) are handed over; TikTok lists
  one line item per unit, summed by SKU here. **Shipping** ships the order's package
  with the tracking number and the shipping provider of the order's delivery option
  whose name matches the number's carrier (else the first one offered).
- **Webhooks**: connecting registers the shop's ``ORDER_STATUS_CHANGE`` webhook (Update
  Shop Webhook) at BizQ's address. Each delivery is signed: its ``Authorization`` header
  is the hex HMAC-SHA256, keyed by the app secret, of the app key followed by the raw
  body. It names the order and its new status; a paid one is then read by id.
- ``429`` is waited out (1, 2, 4… s, at most ``max_retries`` times), then ``RateLimited``;
  TikTok's refusals (``code`` ≠ 0) are shown in its words.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx

from bizq_app.core import money
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

API = "https://open-api.tiktokglobalshop.com"
AUTH = "https://auth.tiktok-shops.com"
ORDER_STATUS_CHANGE = 1  # the webhook type of an order's new status
LABEL = "TikTok Shop"
PAID = ("AWAITING_SHIPMENT", "AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED")


def sign(secret: str, path: str, params: dict[str, str], body: str) -> str:
    """TikTok Shop's request signature (see the module's docstring)."""
    named = "".join(f"{k}{params[k]}" for k in sorted(params) if k not in ("sign", "access_token"))
    text = f"{secret}{path}{named}{body}{secret}"
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


def verify_webhook(body: bytes, signature: str, app_key: str, app_secret: str) -> bool:
    """Whether ``signature`` (the ``Authorization`` header) is TikTok's for this body."""
    digest = hmac.new(app_secret.encode(), app_key.encode() + body, hashlib.sha256).hexdigest()
    return bool(signature) and hmac.compare_digest(digest, signature.strip())


def webhook_order_id(event: dict[str, Any]) -> str:
    """The order a webhook says TikTok has been paid for, or "" for any other event."""
    data = event.get("data") or {}
    if event.get("type") != ORDER_STATUS_CHANGE or data.get("order_status") not in PAID:
        return ""
    return str(data.get("order_id") or "")


class TikTokClient:
    """One seller's TikTok Shop (one shop); implements ``ChannelClient``."""

    name = "tiktok_shop"
    listing_per_sku = True  # found and updated by seller SKU; a product's SKUs are merged

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
        self._key, self._secret = secrets.get("app_key", ""), secrets.get("app_secret", "")
        self._http = httpx.Client(timeout=timeout)
        self._api, self._auth = (base_url or API).rstrip("/"), (base_url or AUTH).rstrip("/")
        self._timeout, self._max_retries = timeout, max_retries
        self._cipher = ""
        self._ids: dict[str, tuple[str, str]] = {}  # seller SKU → (product id, SKU id)

    def close(self) -> None:
        self._http.close()

    @understood(LABEL)
    def account(self) -> ChannelAccount:
        shop = self._shop()
        warehouse = self._warehouse()
        return ChannelAccount(
            name=f"TikTok Shop {shop['name']} ({shop['region']})",
            domain="shop.tiktok.com",
            currency=str(shop.get("currency") or "USD"),
            location_id=warehouse,
        )

    @understood(LABEL)
    def publish(self, draft: ListingDraft, location_id: str) -> PublishedListing:
        ids = self._find([v.sku for v in draft.variants])
        by_product: dict[str, list[tuple[str, Any]]] = defaultdict(list)
        for variant in draft.variants:
            by_product[ids[variant.sku][0]].append((ids[variant.sku][1], variant))
        for product_id, skus in by_product.items():
            if "price" not in draft.omit:
                prices = [
                    {
                        "id": sku_id,
                        "price": {
                            "amount": str(money.quantize(v.price, draft.currency or "USD")),
                            "currency": draft.currency or "USD",
                        },
                    }
                    for sku_id, v in skus
                ]
                self._call(
                    "POST", f"/product/202309/products/{product_id}/prices/update", {"skus": prices}
                )
            stocked = [(sku_id, v.quantity) for sku_id, v in skus if v.quantity is not None]
            if stocked:
                self._inventory(product_id, stocked, location_id)
        first = ids[draft.variants[0].sku][0]
        return PublishedListing(
            external_id=first,
            url=f"https://shop.tiktok.com/view/product/{first}",
            stock_items={v.sku: v.sku for v in draft.variants},
        )

    @understood(LABEL)
    def listed(self, location_id: str, page: str | None = None) -> ListedPage:
        found = self._search(page)
        products = []
        for product in found.get("products", []):
            for sku in product.get("skus", []):
                quantity = sum(
                    int(i.get("quantity") or 0)
                    for i in sku.get("inventory", [])
                    if not location_id or i.get("warehouse_id") == location_id
                )
                seller_sku = str(sku.get("seller_sku") or "")
                if seller_sku:
                    products.append(
                        ListedProduct(
                            external_id=str(product["id"]),
                            url=f"https://shop.tiktok.com/view/product/{product['id']}",
                            title=str(product.get("title") or seller_sku),
                            variants=(ListedVariant(seller_sku, seller_sku, quantity),),
                        )
                    )
        token = found.get("next_page_token")
        return ListedPage(tuple(products), str(token) if token else None)

    @understood(LABEL)
    def subscribe_orders(self, callback_url: str) -> bool:
        """The shop's order status changes sent to ``callback_url``."""
        body = {"address": callback_url, "event_type": "ORDER_STATUS_CHANGE"}
        self._call("PUT", "/event/202309/webhooks", body)
        return True

    @understood(LABEL)
    def order(self, external_id: str) -> ChannelOrder | None:
        """The order with this id if TikTok has been paid for it, else None."""
        found = self._call("GET", "/order/202309/orders", params={"ids": external_id})
        listed = a_list(LABEL, found.get("orders"), "the order's “orders”")
        paid = [o for o in listed if o.get("status") in PAID]
        return _order(paid[0]) if paid else None

    @understood(LABEL)
    def set_quantities(self, changes: list[QuantityChange], location_id: str) -> None:
        ids = self._find([c.stock_item for c in changes])
        by_product: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for change in changes:  # no compare on TikTok: ``expected`` cannot be checked
            product_id, sku_id = ids[change.stock_item]
            by_product[product_id].append((sku_id, change.quantity))
        for product_id, stocked in by_product.items():
            self._inventory(product_id, stocked, location_id)

    @understood(LABEL)
    def orders_since(self, updated_after: str, page: str | None = None) -> OrderPage:
        since = datetime.fromisoformat(updated_after.replace("Z", "+00:00"))
        params = {"page_size": "50"} | ({"page_token": page} if page else {})
        body = {"update_time_ge": int(since.replace(tzinfo=since.tzinfo or UTC).timestamp())}
        found = self._call("POST", "/order/202309/orders/search", body, params)
        orders = tuple(_order(o) for o in _listed(found, "orders") if o.get("status") in PAID)
        token = found.get("next_page_token")
        return OrderPage(orders=orders, next_page=str(token) if token else None)

    @understood(LABEL)
    def ship(self, order_external_id: str, tracking_number: str) -> None:
        found = self._call("GET", "/order/202309/orders", params={"ids": order_external_id})
        order = (found.get("orders") or [{}])[0]
        packages = order.get("packages") or []
        if not packages:
            raise ChannelRejected(f"TikTok Shop has no package for order {order_external_id}.")
        option = str(order.get("delivery_option_id") or "")
        path = f"/logistics/202309/delivery_options/{option}/shipping_providers"
        providers = self._call("GET", path).get("shipping_providers") or []
        if not providers:
            raise ChannelRejected("TikTok Shop offers no shipping provider for this order.")
        carrier = carrier_of(tracking_number).lower()
        chosen = next(
            (p for p in providers if carrier and carrier in str(p["name"]).lower()), providers[0]
        )
        body = {
            "handover_method": "DROP_OFF",
            "self_shipment": {
                "tracking_number": tracking_number,
                "shipping_provider_id": chosen["id"],
            },
        }
        self._call("POST", f"/fulfillment/202309/packages/{packages[0]['id']}/ship", body)

    def _inventory(self, product_id: str, stocked: list[tuple[str, int]], warehouse: str) -> None:
        skus = [
            {"id": sku_id, "inventory": [{"warehouse_id": warehouse, "quantity": q}]}
            for sku_id, q in stocked
        ]
        self._call(
            "POST", f"/product/202309/products/{product_id}/inventory/update", {"skus": skus}
        )

    def _find(self, seller_skus: list[str]) -> dict[str, tuple[str, str]]:
        """Each seller SKU's product and SKU ids on TikTok (searched once, then kept)."""
        missing = [s for s in seller_skus if s not in self._ids]
        if missing:
            page = None
            while True:
                found = self._search(page, missing)
                for product in found.get("products", []):
                    for sku in product.get("skus", []):
                        if sku.get("seller_sku"):
                            self._ids[str(sku["seller_sku"])] = (str(product["id"]), str(sku["id"]))
                page = found.get("next_page_token")
                if not page:
                    break
        unknown = [s for s in seller_skus if s not in self._ids]
        if unknown:
            raise ChannelRejected(
                f"TikTok Shop has no product with SKU {', '.join(unknown)}: add it in Seller "
                "Center (or its bulk upload) first, then publish again."
            )
        return {s: self._ids[s] for s in seller_skus}

    def _search(self, page: str | None, skus: list[str] | None = None) -> dict[str, Any]:
        params = {"page_size": "20"} | ({"page_token": page} if page else {})
        body: dict[str, Any] = {"status": "ALL"} | ({"seller_skus": skus} if skus else {})
        found = self._call("POST", "/product/202309/products/search", body, params)
        return found | {"products": _listed(found, "products")}

    def _shop(self) -> dict[str, Any]:
        shops = self._call("GET", "/authorization/202309/shops", shop=False).get("shops") or []
        for shop in shops:
            if str(shop.get("name", "")).lower() == self._shop_name.lower() or len(shops) == 1:
                self._cipher = str(shop["cipher"])
                return dict(shop)
        raise ChannelRejected(
            f"TikTok Shop: the app is not authorised for a shop called {self._shop_name}."
        )

    def _warehouse(self) -> str:
        warehouses = self._call("GET", "/logistics/202309/warehouses").get("warehouses") or []
        sales = [w for w in warehouses if w.get("type") == "SALES_WAREHOUSE"]
        chosen = next((w for w in sales if w.get("is_default")), sales[0] if sales else None)
        if chosen is None:
            raise ChannelRejected(
                "TikTok Shop: add a warehouse you ship from in Seller Center first."
            )
        return str(chosen["id"])

    def _call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | None = None,
        params: dict[str, str] | None = None,
        *,
        shop: bool = True,
    ) -> dict[str, Any]:
        """One signed call with a fresh access token, a rate-limit refusal waited out."""
        if shop and not self._cipher:
            self._shop()
        for attempt in range(self._max_retries + 1):
            token = self._access_token()
            query = {**(params or {}), "app_key": self._key, "timestamp": str(int(time.time()))}
            if shop:
                query["shop_cipher"] = self._cipher
            text = json.dumps(body, separators=(",", ":")) if body is not None else ""
            query["sign"] = sign(self._secret, path, query, text)
            headers = {"x-tts-access-token": token, "content-type": "application/json"}
            try:
                response = self._http.request(
                    method,
                    f"{self._api}{path}",
                    params=query,
                    content=text or None,
                    headers=headers,
                )
            except httpx.TimeoutException as exc:
                raise Unavailable(
                    f"TikTok Shop did not answer within {self._timeout:g} s."
                ) from exc
            except httpx.TransportError as exc:
                raise Unavailable(
                    f"Could not reach TikTok Shop ({exc.__class__.__name__})."
                ) from exc
            if response.status_code == 429 and attempt < self._max_retries:
                time.sleep(2**attempt)
                continue
            return _answer(response)
        raise AssertionError("unreachable")

    def _access_token(self) -> str:
        return self._tokens.access_token(self._grant)

    def _grant(self, refresh_token: str) -> Grant:
        params = {
            "app_key": self._key,
            "app_secret": self._secret,
            "refresh_token": refresh_token,
            "grant_type": "refresh_token",
        }
        try:
            response = self._http.get(f"{self._auth}/api/v2/token/refresh", params=params)
        except httpx.HTTPError as exc:
            raise Unavailable("Could not reach TikTok Shop's sign-in service.") from exc
        if response.status_code >= 500:
            raise Unavailable(f"TikTok Shop's sign-in service answered {response.status_code}.")
        try:
            found = dict(response.json())
        except ValueError as exc:  # a proxy's page, say: never its URL (secrets) in a log
            raise Unavailable("TikTok Shop's sign-in service answered something else.") from exc
        if response.status_code != 200 or found.get("code") != 0:
            raise AuthenticationFailed(
                "TikTok Shop refused the refresh token: check it, and the app key and "
                "secret (Partner Center → App & Service → your app)."
            )
        data = found["data"]
        return Grant(  # TikTok says when the access token expires, as a Unix time
            access_token=str(data["access_token"]),
            expires_in=int(data["access_token_expire_in"]) - int(time.time()),
            refresh_token=str(data.get("refresh_token") or ""),
        )


def _answer(response: httpx.Response) -> dict[str, Any]:
    if response.status_code == 429:
        raise RateLimited("TikTok Shop kept refusing calls: its rate limit is used up for now.")
    if response.status_code >= 500:
        raise Unavailable(f"TikTok Shop answered {response.status_code}; try again shortly.")
    try:
        found = an_object(LABEL, response.json(), "its answer")
    except ValueError as exc:
        raise unexpected(LABEL, "not JSON") from exc
    if response.status_code in (401, 403) or found.get("code") in (105001, 105002, 106001):
        raise AuthenticationFailed(f"TikTok Shop denied access: {found.get('message')}")
    if response.status_code >= 400 or found.get("code") != 0:
        raise ChannelRejected(
            f"TikTok Shop refused it: {found.get('message') or response.status_code}"
        )
    return an_object(LABEL, found.get("data") or {}, "its “data”")


def _listed(found: dict[str, Any], key: str) -> list[Any]:
    """A search page's ``key`` list: TikTok leaves it out of an empty page only."""
    if key not in found and int(found["total_count"]) == 0:
        return []
    return a_list(LABEL, found.get(key), f"the page's “{key}”")


def _order(order: dict[str, Any]) -> ChannelOrder:
    order_id = str(order["id"])
    units: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in order.get("line_items", []):
        units[str(item.get("seller_sku") or "")].append(item)  # one line item per unit
    lines = tuple(
        OrderLine(
            sku=sku,
            quantity=len(items),
            unit_price=Decimal(str(items[0].get("sale_price") or "0")),
            title=str(items[0].get("product_name") or ""),
        )
        for sku, items in units.items()
    )
    address = order.get("recipient_address") or {}
    city = next(
        (
            d.get("address_name")
            for d in address.get("district_info") or []
            if d.get("address_level_name") == "City"
        ),
        "",
    )
    payment = order.get("payment") or {}
    updated = datetime.fromtimestamp(int(order["update_time"]), UTC)
    return ChannelOrder(
        external_id=order_id,
        name=order_id,
        updated_at=updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
        email=str(order.get("buyer_email") or "") or f"{order_id}@scs.tiktokw.us",
        buyer=str(address.get("name") or ""),
        currency=str(payment.get("currency") or ""),
        lines=lines,
        shipping=Decimal(str(payment.get("shipping_fee") or "0")),
        shipping_address={
            "name": str(address.get("name") or ""),
            "line1": str(address.get("address_line1") or ""),
            "city": str(city or ""),
            "postal_code": str(address.get("postal_code") or ""),
            "country": str(address.get("region_code") or ""),
        },
        shipping_service=str(order.get("delivery_option_name") or ""),
        placed_at=epoch_time(order.get("create_time")),
    )
