"""File-based order import, the offline default: a channel's own order report, uploaded by
the seller, becomes BizQ orders through the same stock ledger as a connection's imports.

Shopify: the orders CSV of *Orders → Export* (its documented columns). An order spans
one row per line item under the same ``Name``; its own fields are on its first row. Its
``Id`` makes it the same order a connection would import (``gid://shopify/Order/<Id>``),
so an order is never recorded twice whichever way it came. Only paid orders are imported;
an order BizQ cannot record (a SKU no product of the store has, another currency, too
little stock, not paid) is skipped with the reason, its stock untouched. A file with a
malformed row imports nothing and names each problem (``$.rows[<line>].<column>``).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from sqlmodel import Session

from bizq_app.accounts.permissions import Permission, require
from bizq_app.channels import order_import
from bizq_app.core.errors import Conflict, FieldError, ValidationFailed
from bizq_app.core.money import fits
from bizq_app.core.spreadsheet import read_cell
from bizq_app.integrations.channels import registry
from bizq_app.sales import channel_orders
from bizq_app.sales.channel_orders import ChannelSale, SoldLine

MAX_BYTES = 10 * 1024 * 1024
MAX_ORDERS = 5_000
SHOPIFY_NEEDS = (
    "Name",
    "Email",
    "Financial Status",
    "Currency",
    "Shipping",
    "Lineitem quantity",
    "Lineitem name",
    "Lineitem price",
    "Lineitem sku",
    "Id",
)
IMPORTED_STATUSES = ("paid",)


@dataclass
class ReportImport:
    imported: list[str] = field(default_factory=list)  # order names
    known: list[str] = field(default_factory=list)  # already in BizQ
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (name, why)

    def described(self) -> str:
        said = f"{len(self.imported)} imported, {len(self.known)} already in BizQ"
        return said + (f", {len(self.skipped)} skipped." if self.skipped else ".")


@dataclass
class _Order:
    name: str
    first: dict[str, str]
    lines: list[tuple[int, dict[str, str]]] = field(default_factory=list)


def import_shopify_orders_csv(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID, text: str
) -> ReportImport:
    """Import the paid orders of a Shopify orders export (members who may run the store).

    Raises:
        ValidationFailed: not a Shopify orders export, too big, or malformed rows (each
            named; nothing imported).
    """
    access = require(
        session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE
    )
    orders = _grouped(_read(text))
    known_skus = order_import.store_skus(session, store_id)
    report = ReportImport()
    for order in orders:
        why = _why_not(order, known_skus, access.store.currency)
        if why:
            report.skipped.append((order.name, why))
            continue
        sale = _sale(order, known_skus)
        if channel_orders.recorded(session, store_id, "shopify", sale.external_id):
            report.known.append(order.name)
            continue
        try:
            with session.begin_nested():
                _, new = channel_orders.record(session, access.store, sale)
        except Conflict as exc:
            report.skipped.append((order.name, exc.message))
            continue
        (report.imported if new else report.known).append(order.name)
    return report


def _read(text: str) -> list[tuple[int, dict[str, str]]]:
    if len(text.encode()) > MAX_BYTES:
        raise ValidationFailed.field("$.file", "is larger than 10 MB")
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    headers = [h.strip() for h in (reader.fieldnames or [])]
    missing = [h for h in SHOPIFY_NEEDS if h not in headers]
    if missing:
        raise ValidationFailed.field(
            "$.file",
            "is not a Shopify orders export (Orders → Export, CSV for Excel or plain CSV): "
            f"it has no {', '.join(missing)} column",
        )
    rows = []
    for row in reader:
        cleaned = {k.strip(): read_cell((v or "").strip()) for k, v in row.items() if k}
        if any(cleaned.values()):
            rows.append((reader.line_num, cleaned))
    return rows


def _grouped(rows: list[tuple[int, dict[str, str]]]) -> list[_Order]:
    """Rows by order name, each line checked; every malformed row named at once."""
    errors: list[FieldError] = []
    orders: dict[str, _Order] = {}
    for line, row in rows:
        name = row["Name"]
        if not name:
            errors.append(FieldError(f"$.rows[{line}].Name", "is empty"))
            continue
        order = orders.setdefault(name, _Order(name, row))
        quantity, price = row["Lineitem quantity"], row["Lineitem price"]
        if not quantity.isdigit() or int(quantity) < 1:
            errors.append(FieldError(f"$.rows[{line}].Lineitem quantity", "must be 1 or more"))
        if _amount(price) is None:
            errors.append(FieldError(f"$.rows[{line}].Lineitem price", "must be an amount"))
        if order.first is row:
            if not row["Id"].isdigit():
                errors.append(FieldError(f"$.rows[{line}].Id", "must be Shopify's order id"))
            if _amount(row["Shipping"] or "0") is None:
                errors.append(FieldError(f"$.rows[{line}].Shipping", "must be an amount"))
        order.lines.append((line, row))
    if errors:
        lines = len({e.path.split("]")[0] for e in errors})
        raise ValidationFailed(f"{lines} row(s) need fixing; nothing was imported.", errors)
    if len(orders) > MAX_ORDERS:
        raise ValidationFailed.field("$.file", f"has more than {MAX_ORDERS:,} orders")
    return list(orders.values())


def _why_not(order: _Order, known: Mapping[str, object], currency: str) -> str:
    status = order.first["Financial Status"].lower()
    if status not in IMPORTED_STATUSES:
        return f"it is {status or 'not paid'}; only paid orders are imported"
    if order.first["Currency"].upper() != currency:
        return f"it is in {order.first['Currency']}; the store sells in {currency}"
    for _, row in order.lines:
        sku = row["Lineitem sku"]
        if sku not in known:
            what = f"SKU {sku!r}" if sku else f"{row['Lineitem name']!r} (no SKU)"
            return f"{what} is no product of this store"
        if not fits(_amount(row["Lineitem price"]) or Decimal(0), currency):
            return f"a price is finer than {currency} allows"
    return ""


def _sale(order: _Order, known: dict[str, tuple[uuid.UUID, dict[str, str]]]) -> ChannelSale:
    first = order.first
    lines = tuple(
        SoldLine(
            known[row["Lineitem sku"]][0],
            known[row["Lineitem sku"]][1],
            int(row["Lineitem quantity"]),
            _amount(row["Lineitem price"]) or Decimal(0),
        )
        for _, row in order.lines
    )
    return ChannelSale(
        channel="shopify",
        label=f"{registry.CHANNELS['shopify']} (order report)",
        external_id=f"gid://shopify/Order/{int(first['Id'])}",
        name=order.name[:64],
        email=first["Email"],
        buyer=first.get("Shipping Name") or first.get("Billing Name") or "",
        currency=first["Currency"].upper(),
        lines=lines,
        shipping=_amount(first["Shipping"] or "0") or Decimal(0),
        shipping_address={
            "line1": first.get("Shipping Address1") or first.get("Shipping Street", ""),
            "city": first.get("Shipping City", ""),
            "postal_code": first.get("Shipping Zip", ""),
            "country": first.get("Shipping Country", ""),
        },
        shipping_service=first.get("Shipping Method", ""),
    )


def _amount(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None
