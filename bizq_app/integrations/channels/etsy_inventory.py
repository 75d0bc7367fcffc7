"""An Etsy listing's inventory, read with getListingInventory, written back whole with
updateListingInventory (Open API v3 reference) — which takes fewer fields than the read
shows: per product its ``sku``, ``property_values`` (``property_id``, ``property_name``,
``scale_id``, ``value_ids``, ``values``) and ``offerings`` (``price`` as a number,
``quantity``, ``is_enabled``, ``readiness_state_id``: the processing profile a physical
listing needs), and the ``*_on_property`` lists. The read shape's ``product_id``,
``offering_id``, ``is_deleted``, ``scale_name`` and Money prices are refused there, and a
listing with variations loses them if its property values are left out."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

Change = tuple[Decimal | None, int | None]  # a SKU's new price and quantity (None: kept)
ON_PROPERTY = (  # the properties a listing's price, quantity, SKU or processing vary by
    "price_on_property",
    "quantity_on_property",
    "sku_on_property",
    "readiness_state_on_property",
)
PROPERTY_FIELDS = ("property_id", "property_name", "scale_id", "value_ids", "values")


def writable(inventory: dict[str, Any], changes: dict[str, Change]) -> dict[str, Any]:
    """The body of updateListingInventory: ``inventory`` as it was read, each SKU in
    ``changes`` with its new price and quantity, deleted products left out."""
    products = [
        _product(p, changes.get(str(p.get("sku") or ""), (None, None)))
        for p in inventory.get("products", [])
        if not p.get("is_deleted")
    ]
    return {"products": products} | {key: list(inventory.get(key) or []) for key in ON_PROPERTY}


def money(value: dict[str, Any] | None) -> Decimal:
    """An amount from Etsy's Money (``amount`` in ``divisor``-ths)."""
    value = value or {}
    return Decimal(int(value.get("amount") or 0)) / int(value.get("divisor") or 100)


def _product(product: dict[str, Any], change: Change) -> dict[str, Any]:
    return {
        "sku": str(product.get("sku") or ""),
        "property_values": [
            {k: v[k] for k in PROPERTY_FIELDS if k in v}
            for v in product.get("property_values") or []
        ],
        "offerings": [
            _offering(o, change) for o in product.get("offerings", []) if not o.get("is_deleted")
        ],
    }


def _offering(offering: dict[str, Any], change: Change) -> dict[str, Any]:
    price, quantity = change
    written: dict[str, Any] = {
        "price": float(price if price is not None else money(offering.get("price"))),
        "quantity": int(quantity if quantity is not None else offering.get("quantity") or 0),
        "is_enabled": bool(offering.get("is_enabled", True)),
    }
    if offering.get("readiness_state_id"):
        written["readiness_state_id"] = int(offering["readiness_state_id"])
    return written
