"""File-based sync, BizQ's offline default for a channel with no credentials: the store's
products as the channel's own bulk-upload file, ready to import in its admin.

- **Shopify**: the product CSV of Shopify's *Products → Import* (its documented columns;
  one row per variant, the product's own fields on its first row only; images on rows of
  their own).
- **Amazon**: the Inventory Loader flat file (tab-delimited text) of Seller Central's
  *Add products via upload*: a row per SKU with price, quantity, condition New and
  ``add-delete`` ``a``. It updates offers by SKU and matches a new one to a catalog page
  by its product id, which BizQ leaves for the seller (ASIN, UPC or EAN).
- **eBay**: Seller Hub's *Create new drafts* template (CSV): a draft per SKU with title,
  price, quantity, photo, condition New and fixed price, for the seller to finish (the
  category) and list in Seller Hub.
- **Etsy**: the columns of Etsy's listings CSV (*Settings → Options → Download Data*):
  title, description, price, currency, quantity, images, the first two variations, SKU.

Products are only those on sale (and drafts, where the format knows drafts), each
variant by the SKU a connection would use, so connecting later links the same products.
Cells are written so that no spreadsheet runs them as formulas.
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


AMAZON_COLUMNS = (
    "sku",
    "product-id",
    "product-id-type",
    "price",
    "minimum-seller-allowed-price",
    "maximum-seller-allowed-price",
    "item-condition",
    "quantity",
    "add-delete",
    "will-ship-internationally",
    "expedited-shipping",
    "item-note",
)
AMAZON_NEW = "11"  # item-condition: New
EBAY_SITES = {"USD": "US", "GBP": "UK", "EUR": "Germany", "AUD": "Australia", "CAD": "Canada"}
EBAY_NEW = "1000"  # Condition ID: New
EBAY_COLUMNS = (
    "Custom label (SKU)",
    "Category ID",
    "Title",
    "UPC",
    "Price",
    "Quantity",
    "Item photo URL",
    "Condition ID",
    "Description",
    "Format",
)
ETSY_COLUMNS = (
    "TITLE",
    "DESCRIPTION",
    "PRICE",
    "CURRENCY_CODE",
    "QUANTITY",
    "TAGS",
    "MATERIALS",
    *(f"IMAGE{n}" for n in range(1, 11)),
    "VARIATION 1 TYPE",
    "VARIATION 1 NAME",
    "VARIATION 1 VALUES",
    "VARIATION 2 TYPE",
    "VARIATION 2 NAME",
    "VARIATION 2 VALUES",
    "SKU",
)


def amazon_inventory_loader(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> str:
    """The store's products on sale as Amazon's Inventory Loader file (tab-delimited)."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=AMAZON_COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    for product in _on_sale(session, store_id):
        for sku, options in listings.skus(product).items():
            row = dict.fromkeys(AMAZON_COLUMNS, "")
            row.update(
                {
                    "sku": sku,
                    "price": str(stock.price(product, options)),
                    "item-condition": AMAZON_NEW,
                    "quantity": str(stock.available(product, options)),
                    "add-delete": "a",
                }
            )
            writer.writerow({k: _tsv_cell(v) for k, v in row.items()})
    return out.getvalue()


def ebay_drafts_csv(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> str:
    """The store's products on sale as eBay Seller Hub's *Create new drafts* CSV."""
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW
    )
    currency = access.store.currency
    action = (
        f"Action(SiteID={EBAY_SITES.get(currency, 'US')}|Country=US|Currency={currency}"
        "|Version=1193|CC=UTF-8)"
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([action, *EBAY_COLUMNS])
    for product in _on_sale(session, store_id):
        for sku, options in listings.skus(product).items():
            title = f"{product.title} ({stock.label(options)})" if options else product.title
            writer.writerow(
                [
                    safe_cell(str(v))
                    for v in (
                        "Draft",
                        sku,
                        "",  # the seller picks eBay's category when finishing the draft
                        title[:80],  # eBay's longest title
                        "",
                        stock.price(product, options),
                        stock.available(product, options),
                        product.images[0] if product.images else "",
                        EBAY_NEW,
                        product.description,
                        "FixedPrice",
                    )
                ]
            )
    return out.getvalue()


def etsy_listings_csv(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> str:
    """The store's products on sale in the columns of Etsy's listings CSV: one row per
    product, its variations (up to two option names) in Etsy's columns."""
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW
    )
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ETSY_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for product in _on_sale(session, store_id):
        skus = listings.skus(product)
        row: dict[str, object] = dict.fromkeys(ETSY_COLUMNS, "")
        row.update(
            {
                "TITLE": product.title[:140],  # Etsy's longest title
                "DESCRIPTION": product.description,
                "PRICE": min(stock.price(product, options) for options in skus.values()),
                "CURRENCY_CODE": access.store.currency,
                "QUANTITY": sum(stock.available(product, options) for options in skus.values()),
                "SKU": next(iter(skus)),
            }
        )
        for n, image in enumerate(product.images[:10], start=1):
            row[f"IMAGE{n}"] = image
        names = list(dict.fromkeys(k for options in skus.values() for k in options))[:2]
        for n, name in enumerate(names, start=1):
            values = dict.fromkeys(options.get(name, "") for options in skus.values())
            row[f"VARIATION {n} TYPE"] = "custom"
            row[f"VARIATION {n} NAME"] = name
            row[f"VARIATION {n} VALUES"] = ",".join(v for v in values if v)
        writer.writerow({k: safe_cell(str(v)) for k, v in row.items()})
    return out.getvalue()


def _on_sale(session: Session, store_id: uuid.UUID) -> list[Product]:
    return [
        p
        for p in catalog_lookups.unarchived_products(session, store_id)
        if p.status == ProductStatus.ACTIVE.value
    ]


def _tsv_cell(value: str) -> str:
    """A cell of a tab-delimited file: no tab or line break inside, never a formula."""
    return safe_cell(re.sub(r"[\t\r\n]+", " ", value))


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
