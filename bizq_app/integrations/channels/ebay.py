"""eBay through its Sell APIs (Inventory, Fulfillment, Account) on httpx.

eBay keeps no maintained Python SDK for the REST Sell APIs; their documented HTTP API is
what the client speaks:

- **OAuth**: the seller's refresh token is exchanged at ``/identity/v1/oauth2/token``
  (HTTP Basic with the app's client id and secret) for a user access token of two
  hours, sent as ``Authorization: Bearer``; a refused grant is ``AuthenticationFailed``.
  The refresh token does not rotate (the grant hands none back). The user token, and the
  application token (client credentials) beside it, are each shared by every client of
  the connection, one grant at a time (``tokens.SharedTokens``).
- **Inventory API**: each SKU is an *inventory item* (``PUT inventory_item/{sku}``,
  a full replacement: what the seller keeps on eBay is read first and sent back as it
  was; written in the marketplace's language, ``Content-Language``); a product with
  variants is an *inventory item group* whose items vary by the variant's options; each
  SKU has an *offer* (price, category, business policies, the seller's location) that is
  published (``publish``, or ``publish_by_inventory_item_group``). The category is eBay's
  own suggestion for the title (Taxonomy API) unless the offer already has one; the
  product's images and the item specifics the category requires are checked before
  anything is written (``ebay_listings``). Quantities go out 25 SKUs a call
  (``bulk_update_price_quantity``); eBay has no conditional quantity update: BizQ's
  figure is set as it is.
- **Fulfillment API**: orders by ``lastmodifieddate`` with ``offset``/``limit`` pages,
  only those eBay says are paid; ``shipping_fulfillment`` with the tracking number.
- **Notification API**: connecting sets the app's alert e-mail (``config``, unless it
  has one) and creates a *destination* (BizQ's address with a verification token BizQ
  made for the connection; eBay checks it with a challenge, whose answer is the SHA-256
  of the challenge code, the token and the address), both with an application token as
  the Notification API wants, then subscribes it to ``ORDER_CONFIRMATION`` for the
  seller. Each notification is signed (``ebay_notifications``); its key is read from
  ``public_key/{kid}`` with an application token. The order a notification names is then
  read by id.
- ``429``: waited out (1, 2, 4… s, at most ``max_retries`` times), then ``RateLimited``.
  eBay's errors (``errors[].longMessage``) are shown in eBay's words. An answer of a shape
  BizQ does not know (a page without ``orders`` that says it has some, a list for an
  object, not JSON) is ``UnexpectedAnswer`` (``answers``): nothing is taken from it.
"""

from __future__ import annotations

import base64
import time
from typing import Any
from urllib.parse import quote

import httpx

from bizq_app.core import money
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
    OrderPage,
    PublishedListing,
    QuantityChange,
    TokenSource,
    VariantDraft,
    carrier_of,
    ebay_aspects,
    ebay_listings,
    ebay_notifications,
)
from bizq_app.integrations.channels.answers import (
    a_list,
    an_object,
    json_object,
    refusal,
    understood,
    unexpected,
)
from bizq_app.integrations.channels.ebay_notifications import ORDER_TOPIC
from bizq_app.integrations.channels.ebay_orders import ebay_time, order_of

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
TAXONOMY = "/commerce/taxonomy/v1"
BULK = 25  # SKUs per bulk_update_price_quantity call (eBay's maximum)
ORDER_PAGE = 50
LABEL = "eBay"


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
        tokens: TokenSource | None = None,
        app_tokens: TokenSource | None = None,
    ) -> None:
        self._username, self._secrets = username, secrets
        # the connection's shared tokens; else this client's own (a connection being made)
        self._tokens = tokens or LocalTokens(self._secrets)
        self._app_tokens = app_tokens or LocalTokens({})  # client credentials: no secret kept
        self._marketplace = secrets.get("marketplace_id", "EBAY_US")
        self._language, self._currency, self._site = ebay_listings.market(self._marketplace)
        self._http = httpx.Client(timeout=timeout)
        self._api = (base_url or API).rstrip("/")
        self._identity = (base_url or IDENTITY).rstrip("/")
        self._timeout, self._max_retries = timeout, max_retries
        self._policies: dict[str, str] = {}
        self._tree = ""

    def close(self) -> None:
        self._http.close()

    @understood(LABEL)
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
            domain=self._site,
            currency=self._currency,
            location_id=str(locations["locations"][0]["merchantLocationKey"]),
        )

    @understood(LABEL)
    def publish(self, draft: ListingDraft, location_id: str) -> PublishedListing:
        """Write the items (and the group of a product with variants) and their offers, then
        publish; nothing is written when eBay would refuse to list it.

        Raises:
            ValidationFailed: no image, or an item specific the category requires is
                missing (each named). ChannelRejected: eBay refused it.
        """
        skus = [v.sku for v in draft.variants]
        group = draft.external_id if draft.external_id and draft.external_id not in skus else ""
        if len(skus) > 1 and not group:
            group = f"G-{skus[0]}"[:50]
        offers = {v.sku: self._kept_offer(v.sku) for v in draft.variants}
        category, names, items = self._publishable(draft, offers)
        for sku, body in items.items():
            self._call("PUT", self._item_url(sku), json=body)
        if group:
            images = list(items[skus[0]]["product"]["imageUrls"])
            body = ebay_listings.group_body(draft, group, names, images)
            url = f"{self._api}{INVENTORY}/inventory_item_group/{quote(group, safe='')}"
            self._call("PUT", url, json=body)
        made = [
            self._put_offer(draft, v, location_id, offers[v.sku], category) for v in draft.variants
        ]
        if group:
            body = {"inventoryItemGroupKey": group, "marketplaceId": self._marketplace}
            path = f"{self._api}{INVENTORY}/offer/publish_by_inventory_item_group"
            published = self._call("POST", path, json=body)
        else:
            published = self._call("POST", f"{self._api}{INVENTORY}/offer/{made[0]}/publish")
        listing = str(published.get("listingId") or "")
        return PublishedListing(
            external_id=group or skus[0],
            url=f"https://{self._site}/itm/{listing}",
            stock_items={sku: sku for sku in skus},
        )

    def _publishable(
        self, draft: ListingDraft, offers: dict[str, dict[str, Any]]
    ) -> tuple[str, dict[str, str], dict[str, dict[str, Any]]]:
        """The category (the offers' own, or eBay's suggestion), its item specifics'
        spellings, and each SKU's inventory item, checked as eBay checks at publish.

        Raises:
            ValidationFailed: no image, or a required item specific missing.
        """
        category, label = self._listing_category(draft, offers)
        aspects = self._aspects(category)
        names = ebay_listings.spellings(aspects)
        items = {
            v.sku: ebay_listings.item_body(draft, v, self._existing(self._item_url(v.sku)), names)
            for v in draft.variants
        }
        ebay_listings.check_publishable(items, aspects, label)
        return category, names, items

    @understood(LABEL)
    def listed(self, location_id: str, page: str | None = None) -> ListedPage:
        offset = int(page or 0)
        params = {"limit": "25", "offset": str(offset)}
        found = self._call("GET", f"{self._api}{INVENTORY}/inventory_item", params=params)
        products = []
        for item in _page(found, "inventoryItems"):
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

    @understood(LABEL)
    def subscribe_orders(self, callback_url: str) -> bool:
        """``ORDER_CONFIRMATION`` sent to ``callback_url``: the app's alert e-mail set
        (eBay wants one before any destination), a destination (eBay checks it with its
        challenge first), then the subscription.

        Raises:
            ChannelRejected: eBay refused one of them (its words say why).
        """
        config = {"endpoint": callback_url}
        config["verificationToken"] = self._secrets.get("verification_token", "")
        destination = {"name": f"BizQ {self._username}", "status": "ENABLED"}
        try:
            self._alert_config()
            made = self._respond(
                "POST",
                f"{self._api}{NOTIFICATION}/destination",
                app=True,
                json=destination | {"deliveryConfig": config},
            )
            _answer(made)
            destination_id = made.headers.get("Location", "").rstrip("/").rsplit("/", 1)[-1]
            payload = {"format": "JSON", "schemaVersion": "1.0", "deliveryProtocol": "HTTPS"}
            subscription = {"topicId": ORDER_TOPIC, "status": "ENABLED", "payload": payload}
            subscription["destinationId"] = destination_id
            self._call("POST", f"{self._api}{NOTIFICATION}/subscription", json=subscription)
        except AuthenticationFailed as exc:  # the connection stands; its orders are polled
            raise ChannelRejected(f"eBay refused the notifications: {exc.message}") from exc
        return True

    def verify_notification(self, body: bytes, header: str, *, caller: str) -> bool:
        """Whether ``header`` (``X-EBAY-SIGNATURE``) signs ``body`` with eBay's key; eBay's
        keys are read for at most a few unknown key ids a minute per ``caller``.

        Raises:
            TooManyRequests: ``caller`` asked for as many unknown keys as a minute allows.
        """
        return ebay_notifications.verify(body, header, caller=caller, fetch=self._public_key)

    @understood(LABEL)
    def order(self, external_id: str) -> ChannelOrder | None:
        """The order with this id if eBay says it is paid, else None."""
        path = f"{self._api}/sell/fulfillment/v1/order/{quote(external_id, safe='')}"
        try:
            found = self._call("GET", path)
        except _Missing:
            return None
        return order_of(found) if found.get("orderPaymentStatus") == "PAID" else None

    @understood(LABEL)
    def set_quantities(self, changes: list[QuantityChange], location_id: str) -> None:
        for start in range(0, len(changes), BULK):
            requests = [
                {"sku": c.stock_item, "shipToLocationAvailability": {"quantity": c.quantity}}
                for c in changes[start : start + BULK]
            ]
            path = f"{self._api}{INVENTORY}/bulk_update_price_quantity"
            found = self._call("POST", path, json={"requests": requests})
            answered = a_list(LABEL, found.get("responses"), "the quantities' “responses”")
            if {str(an_object(LABEL, r, "a response").get("sku")) for r in answered} < {
                r["sku"] for r in requests
            }:
                raise unexpected(LABEL, "a quantity sent has no response")
            refused = [r for r in answered if int(r.get("statusCode", 200)) >= 400]
            if refused:
                words = "; ".join(f"{r.get('sku')}: {_words(r)}" for r in refused)
                raise ChannelRejected(f"eBay refused the quantity of {words}")

    @understood(LABEL)
    def orders_since(self, updated_after: str, page: str | None = None) -> OrderPage:
        # a page goes on from where the first one started: "<offset> <its filter time>"
        offset, since = (page or f"0 {ebay_time(updated_after)}").split(" ", 1)
        params = {
            "filter": f"lastmodifieddate:[{since}..]",
            "limit": str(ORDER_PAGE),
            "offset": offset,
        }
        found = self._call("GET", f"{self._api}/sell/fulfillment/v1/order", params=params)
        listed = _page(found, "orders")
        orders = tuple(order_of(o) for o in listed if o.get("orderPaymentStatus") == "PAID")
        after = int(offset) + len(listed)
        more = bool(listed) and after < int(found.get("total") or 0)
        return OrderPage(orders=orders, next_page=f"{after} {since}" if more else None)

    @understood(LABEL)
    def ship(self, order_external_id: str, tracking_number: str) -> None:
        order_path = f"{self._api}/sell/fulfillment/v1/order/{quote(order_external_id, safe='')}"
        order = self._call("GET", order_path)
        body = {
            "lineItems": [
                {"lineItemId": i["lineItemId"], "quantity": int(i["quantity"])}
                for i in order.get("lineItems", [])
            ],
            "shippedDate": utcnow().strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "shippingCarrierCode": carrier_of(tracking_number) or "Other",
            "trackingNumber": tracking_number,
        }
        self._call("POST", f"{order_path}/shipping_fulfillment", json=body)

    def _item_url(self, sku: str) -> str:
        return f"{self._api}{INVENTORY}/inventory_item/{quote(sku, safe='')}"

    def _kept_offer(self, sku: str) -> dict[str, Any]:
        """The SKU's offer on the marketplace, if it has one ({} when not)."""
        params = {"sku": sku, "marketplace_id": self._marketplace}
        offers = self._existing(f"{self._api}{INVENTORY}/offer", params=params).get("offers", [])
        return dict(offers[0]) if offers else {}

    def _put_offer(
        self,
        draft: ListingDraft,
        variant: VariantDraft,
        location_id: str,
        kept: dict[str, Any],
        category: str,
    ) -> str:
        currency = draft.currency or self._currency
        price = {"value": str(money.quantize(variant.price, currency)), "currency": currency}
        if "price" in draft.omit and kept.get("pricingSummary"):
            price = kept["pricingSummary"]["price"]
        body = {
            "sku": variant.sku,
            "marketplaceId": self._marketplace,
            "format": "FIXED_PRICE",
            "categoryId": category,
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

    def _category(self, title: str) -> tuple[str, str]:
        """eBay's first suggestion for the title: its id, and its name in words."""
        path = f"{self._api}{TAXONOMY}/category_tree/{self._tree_id()}/get_category_suggestions"
        found = self._call("GET", path, params={"q": title[:350]})
        suggestions = found.get("categorySuggestions") or []
        if not suggestions:
            raise ChannelRejected(
                f"eBay suggests no category for “{title}”: give the product a plainer title."
            )
        category = suggestions[0]["category"]
        return str(category["categoryId"]), f"the category {category.get('categoryName')}"

    @understood(LABEL)
    def item_specifics(self, draft: ListingDraft) -> tuple[ebay_aspects.ItemSpecific, ...]:
        """The item specifics of the category ``draft`` would be listed in (its offers'
        own, else eBay's suggestion for its title), with the values eBay lists for each."""
        offers = {v.sku: self._kept_offer(v.sku) for v in draft.variants}
        return self._item_specifics(self._listing_category(draft, offers)[0])

    def _listing_category(
        self, draft: ListingDraft, offers: dict[str, dict[str, Any]]
    ) -> tuple[str, str]:
        """The offers' category, else eBay's suggestion for the title: its id, in words."""
        category = next((str(o["categoryId"]) for o in offers.values() if o.get("categoryId")), "")
        return (category, f"category {category}") if category else self._category(draft.title)

    def _aspects(self, category: str) -> dict[str, bool]:
        """The category's item specifics, each with whether eBay requires it."""
        return {a.name: a.required for a in self._item_specifics(category)}

    def _item_specifics(self, category: str) -> tuple[ebay_aspects.ItemSpecific, ...]:
        path = f"{self._api}{TAXONOMY}/category_tree/{self._tree_id()}"
        found = self._call(
            "GET", f"{path}/get_item_aspects_for_category", params={"category_id": category}
        )
        return ebay_aspects.described(found)

    def _tree_id(self) -> str:
        """The marketplace's category tree."""
        if not self._tree:
            self._tree = str(
                self._call(
                    "GET",
                    f"{self._api}{TAXONOMY}/get_default_category_tree_id",
                    params={"marketplace_id": self._marketplace},
                )["categoryTreeId"]
            )
        return self._tree

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

    def _existing(self, url: str, *, app: bool = False, **kwargs: Any) -> dict[str, Any]:
        """What eBay holds at ``url``, or {} when it has nothing there yet."""
        try:
            return self._call("GET", url, app=app, **kwargs)
        except _Missing:
            return {}

    def _public_key(self, kid: str) -> str:
        """eBay's notification key by that id ("" when eBay has none)."""
        url = f"{self._api}{NOTIFICATION}/public_key/{quote(kid, safe='')}"
        try:
            return str(self._call("GET", url, app=True).get("key") or "")
        except _Missing:
            return ""

    def _alert_config(self) -> None:
        """The app's alert e-mail, set to the connecting member's unless it has one."""
        url = f"{self._api}{NOTIFICATION}/config"
        if self._existing(url, app=True).get("alertEmail"):
            return
        email = self._secrets.get("alert_email", "")
        if not email:
            raise ChannelRejected(
                "eBay wants an alert e-mail address for the app's notifications, and none "
                "is known: set one in the eBay developer portal, then connect again."
            )
        self._call("PUT", url, app=True, json={"alertEmail": email})

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
                "Content-Language": self._language,  # the marketplace's, or eBay lists nothing
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
        return self._app_tokens.access_token(self._application_grant)

    def _access_token(self) -> str:
        return self._tokens.access_token(self._user_grant)

    def _application_grant(self, _refresh_token: str) -> Grant:
        """The client credentials grant (it takes no refresh token)."""
        return self._grant({"grant_type": "client_credentials", "scope": SCOPES.split(" ", 1)[0]})

    def _user_grant(self, refresh_token: str) -> Grant:
        form = {"grant_type": "refresh_token", "refresh_token": refresh_token, "scope": SCOPES}
        return self._grant(form)

    def _grant(self, form: dict[str, str]) -> Grant:
        """A token from eBay's OAuth service (HTTP Basic with the app's keys)."""
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
        token = json_object(LABEL, response)
        return Grant(access_token=str(token["access_token"]), expires_in=int(token["expires_in"]))


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
    if response.status_code == 404:
        raise _Missing(f"eBay has no such record: {_words(refusal(response))}")
    if response.status_code >= 400:
        words = _words(refusal(response))
        raise ChannelRejected(f"eBay refused it: {words or response.status_code}")
    return json_object(LABEL, response)


def _page(found: dict[str, Any], key: str) -> list[Any]:
    """A page's ``key`` list: eBay may leave it out of an empty page only."""
    if found.get(key) is None and int(found["total"]) == 0:
        return []
    return a_list(LABEL, found.get(key), f"the page's “{key}”")


def _words(body: dict[str, Any]) -> str:
    errors = body.get("errors")
    return "; ".join(
        str(e.get("longMessage") or e.get("message") or "")
        for e in (errors if isinstance(errors, list) else [])
        if isinstance(e, dict)
    )
