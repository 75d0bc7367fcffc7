"""Shopify's orders as BizQ imports them: from the Admin GraphQL API's ``Order`` (a poll)
or from the ``orders/create`` webhook's body (the REST Admin API's order JSON), and the
webhook's own checks (its signature, the shop it comes from).

Only a sale BizQ should take stock for is imported: paid (Shopify's financial status
*Paid*, or *Partially refunded* — paid, some of it given back), not cancelled and not a
test order (Shopify's Bogus Gateway or a provider in test mode). Each line counts its
current quantity — what was ordered less what was refunded or removed since — and a line
with none left is dropped.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from bizq_app.integrations.channels import ChannelOrder, OrderLine

PAID = ("PAID", "PARTIALLY_REFUNDED")  # OrderDisplayFinancialStatus values that are sales
SEARCH = (  # the same, as Shopify's order search filters say it
    "(financial_status:paid OR financial_status:partially_refunded)"
    " AND test:false AND -status:cancelled"
)
SHOP_HEADER = "x-shopify-shop-domain"


def importable(node: Mapping[str, Any]) -> bool:
    """Whether a GraphQL ``Order`` is a sale to import: paid, not cancelled, not a test."""
    return (
        node.get("displayFinancialStatus") in PAID
        and node.get("cancelledAt") is None
        and not node.get("test")
    )


def order_of(node: Mapping[str, Any], lines: Iterable[Mapping[str, Any]]) -> ChannelOrder:
    """An order from the GraphQL ``Order`` fields BizQ asks for, with all its ``lines``
    (``LineItem`` nodes, however many pages they took)."""
    address = node.get("shippingAddress") or {}
    shipping = node.get("shippingLine") or {}
    price = ((shipping.get("originalPriceSet") or {}).get("shopMoney") or {}).get("amount")
    return ChannelOrder(
        external_id=str(node["id"]),
        name=str(node["name"]),
        updated_at=str(node["updatedAt"]),
        email=str(node.get("email") or ""),
        buyer=str((node.get("customer") or {}).get("displayName") or address.get("name") or ""),
        currency=str(node["currencyCode"]),
        lines=tuple(
            OrderLine(
                sku=str(line.get("sku") or ""),
                quantity=int(line["currentQuantity"]),
                unit_price=Decimal(str(line["originalUnitPriceSet"]["shopMoney"]["amount"])),
                title=str(line.get("title") or ""),
            )
            for line in lines
            if int(line["currentQuantity"]) > 0
        ),
        shipping=Decimal(str(price or "0")),
        shipping_address=_address(address, "countryCodeV2"),
        shipping_service=str(shipping.get("title") or ""),
        placed_at=str(node["createdAt"]),
    )


def webhook_order(payload: dict[str, Any]) -> ChannelOrder | None:
    """An order from an ``orders/create`` webhook's body, its id in the GraphQL form (so a
    webhook and a poll name the same order alike); None when it is no sale to import yet
    (unpaid, cancelled or a test: a later poll brings it once paid)."""
    if (
        str(payload.get("financial_status") or "").upper() not in PAID
        or payload.get("cancelled_at")
        or payload.get("test")
    ):
        return None
    address = payload.get("shipping_address") or {}
    shipping = (payload.get("shipping_lines") or [{}])[0]
    customer = payload.get("customer") or {}
    buyer = " ".join(str(customer.get(k) or "") for k in ("first_name", "last_name")).strip()
    return ChannelOrder(
        external_id=f"gid://shopify/Order/{int(payload['id'])}",
        name=str(payload.get("name") or payload["id"]),
        updated_at=str(payload.get("updated_at") or ""),
        email=str(payload.get("email") or ""),
        buyer=buyer or str(address.get("name") or ""),
        currency=str(payload.get("currency") or ""),
        lines=tuple(_webhook_lines(payload.get("line_items") or [])),
        shipping=Decimal(str(shipping.get("price") or "0")),
        shipping_address=_address(address, "country_code"),
        shipping_service=str(shipping.get("title") or ""),
        placed_at=str(payload.get("created_at") or ""),
    )


def _address(address: Mapping[str, Any], country: str) -> dict[str, str]:
    """BizQ's shipping address from Shopify's, whose country code is under ``country``
    (``countryCodeV2`` in GraphQL, ``country_code`` in a webhook)."""
    return {
        "line1": str(address.get("address1") or ""),
        "city": str(address.get("city") or ""),
        "postal_code": str(address.get("zip") or ""),
        "country": str(address.get(country) or ""),
    }


def _webhook_lines(items: Iterable[Mapping[str, Any]]) -> Iterable[OrderLine]:
    for line in items:
        quantity = int(line.get("current_quantity", line["quantity"]))
        if quantity > 0:
            yield OrderLine(
                sku=str(line.get("sku") or ""),
                quantity=quantity,
                unit_price=Decimal(str(line["price"])),
                title=str(line.get("title") or ""),
            )


def verify_webhook(body: bytes, signature: str, secret: str) -> bool:
    """Whether ``X-Shopify-Hmac-Sha256`` is the base64 HMAC-SHA256 of the raw body under
    the app's client secret."""
    expected = base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest())
    return hmac.compare_digest(expected, signature.encode())


def from_shop(headers: Mapping[str, str], shop: str) -> bool:
    """Whether the webhook's ``X-Shopify-Shop-Domain`` names ``shop`` (the connection's
    ``*.myshopify.com`` address): an app's secret signs every shop's webhooks alike."""
    sent = next((v for k, v in headers.items() if k.lower() == SHOP_HEADER), "")
    return bool(sent) and sent.strip().lower() == shop.strip().lower()
