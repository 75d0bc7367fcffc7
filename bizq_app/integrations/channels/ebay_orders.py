"""eBay's orders (Fulfillment API ``order``) as BizQ needs them."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from bizq_app.integrations.channels import ChannelOrder, OrderLine


def ebay_time(moment: str) -> str:
    """``2026-12-03T11:00:00Z`` as eBay's filters want it (milliseconds, UTC)."""
    parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
    parsed = parsed.replace(tzinfo=parsed.tzinfo or UTC).astimezone(UTC)
    return parsed.strftime("%Y-%m-%dT%H:%M:%S.") + f"{parsed.microsecond // 1000:03d}Z"


def order_of(order: dict[str, Any]) -> ChannelOrder:
    """An order as the Fulfillment API gives it, as BizQ needs it."""
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
        placed_at=str(order.get("creationDate") or ""),
    )
