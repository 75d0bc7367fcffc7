"""File-based sync, BizQ's offline default for a channel with no credentials: the store's
products as the channel's own bulk-upload file, ready to import in its admin.

Shopify: the product CSV of Shopify's *Products → Import* (its documented columns; one
row per variant, the product's own fields on its first row only; images on rows of their
own). Each variant by SKU, as a connected Shopify shop would list it, so connecting later
links the same products. Cells are written so that no spreadsheet runs them as formulas.
"""

from __future__ import annotations

import csv
import io
import re
import uuid

from sqlmodel import Session

from bizq_app.accounts.permissions import Permission, require
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog.models import Product, ProductStatus
from bizq_app.channels import listings
from bizq_app.core.spreadsheet import safe_cell
from bizq_app.inventory import stock

SHOPIFY_COLUMNS = (
    "Handle",
    "Title",
    "Body (HTML)",
    "Vendor",
    "Type",
    "Tags",
    "Published",
    "Option1 Name",
    "Option1 Value",
    "Option2 Name",
    "Option2 Value",
    "Option3 Name",
    "Option3 Value",
    "Variant SKU",
    "Variant Inventory Tracker",
    "Variant Inventory Qty",
    "Variant Inventory Policy",
    "Variant Fulfillment Service",
    "Variant Price",
    "Variant Requires Shipping",
    "Variant Taxable",
    "Image Src",
    "Image Position",
    "Cost per item",
    "Status",
)


def shopify_products_csv(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> str:
    """The store's products on sale (and drafts, as drafts) as Shopify's product CSV."""
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=SHOPIFY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for product in catalog_lookups.unarchived_products(session, store_id):
        for row in _shopify_rows(product, access.store.name):
            writer.writerow({k: safe_cell(str(v)) for k, v in row.items()})
    return out.getvalue()


def handle(title: str, product_id: uuid.UUID) -> str:
    """Shopify's handle: the title in lower case, words joined by hyphens (unique by id)."""
    words = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "product"
    return f"{words[:60]}-{product_id.hex[:6]}"


def _shopify_rows(product: Product, vendor: str) -> list[dict[str, object]]:
    active = product.status == ProductStatus.ACTIVE.value
    names = list(dict.fromkeys(k for v in product.variants for k in v.get("options", {})))[:3]
    rows: list[dict[str, object]] = []
    for i, (sku, options) in enumerate(listings.skus(product).items()):
        row: dict[str, object] = {column: "" for column in SHOPIFY_COLUMNS}
        row.update(
            {
                "Handle": handle(product.title, product.id),
                "Variant SKU": sku,
                "Variant Inventory Tracker": "shopify",
                "Variant Inventory Qty": stock.available(product, options),
                "Variant Inventory Policy": "deny",
                "Variant Fulfillment Service": "manual",
                "Variant Price": stock.price(product, options),
                "Variant Requires Shipping": "TRUE",
                "Variant Taxable": "TRUE",
                "Cost per item": product.cost,
            }
        )
        for n, name in enumerate(names or ["Title"], start=1):
            if i == 0:
                row[f"Option{n} Name"] = name
            row[f"Option{n} Value"] = options.get(name, "Default Title")
        if i == 0:
            row.update(
                {
                    "Title": product.title,
                    "Body (HTML)": product.description,
                    "Vendor": vendor,
                    "Published": "TRUE" if active else "FALSE",
                    "Status": "active" if active else "draft",
                    "Image Src": product.images[0] if product.images else "",
                    "Image Position": 1 if product.images else "",
                }
            )
        rows.append(row)
    for position, image in enumerate(product.images[1:], start=2):
        extra: dict[str, object] = {column: "" for column in SHOPIFY_COLUMNS}
        extra.update({"Handle": handle(product.title, product.id), "Image Src": image})
        extra["Image Position"] = position
        rows.append(extra)
    return rows
