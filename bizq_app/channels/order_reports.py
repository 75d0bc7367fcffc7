"""File-based order import, the offline default: a channel's own order report, uploaded by
the seller, becomes BizQ orders through the same stock ledger as a connection's imports.

- Shopify: the orders CSV of *Orders → Export* (its documented columns). An order spans
  one row per line item under the same ``Name``; its own fields are on its first row. Its
  ``Id`` makes it the same order a connection would import (``gid://shopify/Order/<Id>``).
  Only paid orders are imported.
- Amazon: the tab-delimited *All Orders* report (Seller Central → Reports → Fulfillment →
  All Orders, flat file): one row per item under its ``amazon-order-id``, which a
  connection's import uses too; ``item-price`` is the line's total. Only orders Amazon
  has charged for (unshipped, partly or wholly shipped) are imported, without their
  cancelled items. Amazon leaves the buyer's address and e-mail out of this report.
- Etsy: the sold order items CSV (Shop Manager → Settings → Options → Download Data →
  Orders, *Order Items*): one row per item under its ``Order ID`` (Etsy's receipt id, as
  a connection imports it); only items with a ``Date Paid`` are imported.
- eBay: Seller Hub's orders report (Orders → Download report, CSV): a row per item under
  its ``Order Number`` (eBay's order id, as a connection imports it), a multi-item order
  led by a row of its own with no item; the report's blank first line and closing
  summary lines are skipped. Only orders with a ``Paid On Date`` are imported. Its
  amounts carry the site's currency sign and no code: the store's currency is assumed,
  and an order signed with another currency's symbol is skipped.
- Walmart: Seller Center's order export (Order Management → Download, CSV): a row per
  order line under its ``PO#`` (the purchase order a connection imports), ``Item Cost``
  the line's total, in US dollars as Walmart's US marketplace sells; cancelled lines are
  left out. Walmart charges every order it passes on, so each is imported.
- TikTok Shop: Seller Center's order export (Orders → Export, CSV): a row per SKU under
  its ``Order ID`` (as a connection imports it); unpaid and cancelled orders and the
  lines cancelled or returned are left out. Its amounts name no currency: the shop's, so
  the store's, is assumed.

An order is never recorded twice, whichever way it came. An order BizQ cannot record (a
SKU no product of the store has, another currency, too little stock, not charged) is
skipped with the reason, its stock untouched. A file with a malformed row imports nothing
and names each problem (``$.rows[<line>].<column>``).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from bizq_app.accounts.lookups import find_store
from bizq_app.accounts.permissions import Permission, require
from bizq_app.channels import listings
from bizq_app.core.db import OpenSession
from bizq_app.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from bizq_app.core.money import fits, symbol
from bizq_app.core.spreadsheet import read_rows
from bizq_app.integrations.channels import registry
from bizq_app.sales import channel_orders
from bizq_app.sales.channel_orders import ChannelSale, SoldLine

MAX_BYTES = 10 * 1024 * 1024
MAX_ORDERS = 5_000
Row = dict[str, str]


@dataclass(frozen=True)
class ReportFormat:
    """How one channel's order report reads: its columns and what they mean."""

    channel: str
    what: str  # what the file must be, said when it is not
    delimiter: str
    order: str  # the column naming the order; rows with the same value are one order
    quantity: str
    price: str
    sku: str
    title: str
    currency: str  # the column naming the currency; "" when the report names none
    line_total: bool  # the price column holds the line's total, not the unit price
    also: tuple[str, ...]  # further columns the order's first row is read from
    first_problems: Callable[[Row], list[tuple[str, str]]]  # (column, what is wrong)
    unpaid: Callable[[Row], str]  # why the order is not imported ("" when it is)
    dropped: Callable[[Row], bool]  # a line left out (cancelled on the channel)
    sale: Callable[[Row, list[Row]], _Facts]  # the order's other facts
    sold_in: str = ""  # the currency of a report that names none ("": the store's own)
    skip: Callable[[Row], bool] = lambda row: False  # a row that is no order's (a summary)

    @property
    def needs(self) -> tuple[str, ...]:
        named = (self.order, self.quantity, self.price, self.sku, self.title, self.currency)
        return tuple(c for c in (*named, *self.also) if c)

    def currency_of(self, first: Row, store_currency: str) -> str:
        if self.currency:
            return first[self.currency].upper()
        return self.sold_in or store_currency


@dataclass(frozen=True)
class _Facts:
    external_id: str
    email: str
    buyer: str
    shipping: Decimal
    shipping_address: dict[str, str]
    shipping_service: str
    name: str = ""  # the order's name when it is not the report's order column


def _address(row: Row, name: str, line1: str, city: str, postal_code: str) -> dict[str, str]:
    """The shipping address from the report's columns for it ("" where it has none)."""
    named = {"name": name, "line1": line1, "city": city, "postal_code": postal_code}
    return {key: row.get(column, "") if column else "" for key, column in named.items()}


def _shopify_sale(first: Row, rows: list[Row]) -> _Facts:
    return _Facts(
        external_id=f"gid://shopify/Order/{int(first['Id'])}",
        email=first["Email"],
        buyer=first.get("Shipping Name") or first.get("Billing Name") or "",
        shipping=_amount(first["Shipping"] or "0") or Decimal(0),
        shipping_address=_address(
            first, "Shipping Name", "Shipping Address1", "Shipping City", "Shipping Zip"
        )
        | {
            "line1": first.get("Shipping Address1") or first.get("Shipping Street", ""),
            "country": first.get("Shipping Country", ""),
        },
        shipping_service=first.get("Shipping Method", ""),
    )


def _shopify_problems(first: Row) -> list[tuple[str, str]]:
    problems = [] if first["Id"].isdigit() else [("Id", "must be Shopify's order id")]
    if _amount(first["Shipping"] or "0") is None:
        problems.append(("Shipping", "must be an amount"))
    return problems


def _amazon_sale(first: Row, rows: list[Row]) -> _Facts:
    order_id = first["amazon-order-id"]
    shipping = (_amount(r.get("shipping-price") or "0") or Decimal(0) for r in rows)
    return _Facts(
        external_id=order_id,
        email=f"{order_id}@marketplace.amazon.com",  # the report has no buyer e-mail
        buyer="",
        shipping=sum(shipping, Decimal(0)),
        shipping_address=_address(first, "", "", "ship-city", "ship-postal-code")
        | {"country": first.get("ship-country", "")},
        shipping_service=first.get("ship-service-level", ""),
    )


def _amazon_problems(first: Row) -> list[tuple[str, str]]:
    return [] if first["amazon-order-id"] else [("amazon-order-id", "is empty")]


def _etsy_sale(first: Row, rows: list[Row]) -> _Facts:
    shipping = (_amount(r.get("Shipping") or r.get("Delivery") or "0") or Decimal(0) for r in rows)
    return _Facts(
        external_id=first["Order ID"],
        email=f"{first['Order ID']}@receipts.etsy.com",  # the file has no buyer e-mail
        buyer=first.get("Ship Name", ""),
        shipping=sum(shipping, Decimal(0)),
        shipping_address=_address(first, "Ship Name", "Ship Address1", "Ship City", "Ship Zipcode")
        | {"country": first.get("Ship Country", "")},
        shipping_service="",
    )


def _etsy_problems(first: Row) -> list[tuple[str, str]]:
    return [] if first["Order ID"].isdigit() else [("Order ID", "must be Etsy's order number")]


def _etsy_unpaid(first: Row) -> str:
    return "" if first["Date Paid"] else "it is not paid yet; only paid orders are imported"


def _ebay_sale(first: Row, rows: list[Row]) -> _Facts:
    order_id = first["Order Number"]
    return _Facts(
        external_id=order_id,
        email=first.get("Buyer Email")
        or f"{first.get('Buyer Username') or order_id}@members.ebay.com",
        buyer=first.get("Ship To Name") or first.get("Buyer Name", ""),
        shipping=_amount(first.get("Shipping And Handling") or "0") or Decimal(0),
        shipping_address=_address(
            first, "Ship To Name", "Ship To Address 1", "Ship To City", "Ship To Zip"
        )
        | {"country": first.get("Ship To Country", "")},
        shipping_service=first.get("Shipping Service", ""),
    )


def _ebay_problems(first: Row) -> list[tuple[str, str]]:
    if _amount(first.get("Shipping And Handling") or "0") is None:
        return [("Shipping And Handling", "must be an amount")]
    return []


def _ebay_unpaid(first: Row) -> str:
    return "" if first["Paid On Date"] else "it is not paid yet; only paid orders are imported"


def _walmart_sale(first: Row, rows: list[Row]) -> _Facts:
    po = first["PO#"]
    shipping = (_amount(r.get("Shipping Cost") or "0") or Decimal(0) for r in rows)
    return _Facts(
        external_id=po,
        email=f"{po}@relay.walmart.com",  # as a connection names the buyer: no e-mail given
        buyer=first.get("Customer Name", ""),
        shipping=sum(shipping, Decimal(0)),
        shipping_address=_address(first, "Customer Name", "Ship to Address 1", "City", "Zip")
        | {"country": "US"},  # Walmart's US marketplace
        shipping_service=first.get("Shipping Method", ""),
        name=first.get("Order#", ""),  # the customer's order number, as a connection names it
    )


def _walmart_problems(first: Row) -> list[tuple[str, str]]:
    return [] if first["PO#"].isdigit() else [("PO#", "must be Walmart's purchase order number")]


def _tiktok_sale(first: Row, rows: list[Row]) -> _Facts:
    order_id = first["Order ID"]
    return _Facts(
        external_id=order_id,
        email=f"{order_id}@scs.tiktokw.us",  # TikTok's relay, as a connection names it
        buyer=first.get("Recipient") or first.get("Buyer Username", ""),
        shipping=_amount(first.get("Shipping Fee After Discount") or "0") or Decimal(0),
        shipping_address=_address(first, "Recipient", "Detail Address", "City", "Zipcode")
        | {"country": first.get("Country", "")},
        shipping_service=first.get("Delivery Option", ""),
    )


def _tiktok_problems(first: Row) -> list[tuple[str, str]]:
    return [] if first["Order ID"].isdigit() else [("Order ID", "must be TikTok's order id")]


def _tiktok_unpaid(first: Row) -> str:
    status = first["Order Status"]
    if status.lower() in ("unpaid", "cancelled", "canceled") or not first["Paid Time"]:
        return f"it is {status.lower() or 'not paid'}; only paid orders are imported"
    return ""


def _shopify_unpaid(first: Row) -> str:
    status = first["Financial Status"].lower()
    return (
        "" if status == "paid" else f"it is {status or 'not paid'}; only paid orders are imported"
    )


def _amazon_unpaid(first: Row) -> str:
    status = first["order-status"]
    if status in ("Unshipped", "PartiallyShipped", "Shipped"):
        return ""
    return f"it is {status or 'pending'} on Amazon; only orders Amazon charged for are imported"


FORMATS = {
    "shopify": ReportFormat(
        channel="shopify",
        what="a Shopify orders export (Orders → Export, CSV for Excel or plain CSV)",
        delimiter=",",
        order="Name",
        quantity="Lineitem quantity",
        price="Lineitem price",
        sku="Lineitem sku",
        title="Lineitem name",
        currency="Currency",
        line_total=False,
        also=("Email", "Financial Status", "Shipping", "Id"),
        first_problems=_shopify_problems,
        unpaid=_shopify_unpaid,
        dropped=lambda row: False,
        sale=_shopify_sale,
    ),
    "amazon": ReportFormat(
        channel="amazon",
        what="Amazon's All Orders report (Reports → Fulfillment → All Orders, flat file)",
        delimiter="\t",
        order="amazon-order-id",
        quantity="quantity",
        price="item-price",
        sku="sku",
        title="product-name",
        currency="currency",
        line_total=True,
        also=("order-status",),
        first_problems=_amazon_problems,
        unpaid=_amazon_unpaid,
        dropped=lambda row: row.get("item-status", "") == "Cancelled",
        sale=_amazon_sale,
    ),
    "etsy": ReportFormat(
        channel="etsy",
        what="Etsy's order items CSV (Settings → Options → Download Data → Orders)",
        delimiter=",",
        order="Order ID",
        quantity="Quantity",
        price="Price",
        sku="SKU",
        title="Item Name",
        currency="Currency",
        line_total=False,
        also=("Date Paid",),
        first_problems=_etsy_problems,
        unpaid=_etsy_unpaid,
        dropped=lambda row: False,
        sale=_etsy_sale,
    ),
    "ebay": ReportFormat(
        channel="ebay",
        what="eBay's orders report (Seller Hub → Orders → Download report, CSV)",
        delimiter=",",
        order="Order Number",
        quantity="Quantity",
        price="Sold For",
        sku="Custom Label",
        title="Item Title",
        currency="",
        line_total=False,
        also=("Paid On Date",),
        first_problems=_ebay_problems,
        unpaid=_ebay_unpaid,
        dropped=lambda row: not row["Item Title"] and not row.get("Item Number"),
        sale=_ebay_sale,
        skip=lambda row: not row["Order Number"],  # the blank and the closing summary lines
    ),
    "walmart": ReportFormat(
        channel="walmart",
        what="Walmart's order export (Seller Center → Order Management → Download, CSV)",
        delimiter=",",
        order="PO#",
        quantity="Qty",
        price="Item Cost",
        sku="SKU",
        title="Item Description",
        currency="",
        line_total=True,
        also=("Status",),
        first_problems=_walmart_problems,
        unpaid=lambda first: "",
        dropped=lambda row: row["Status"].lower() == "cancelled",
        sale=_walmart_sale,
        sold_in="USD",
    ),
    "tiktok_shop": ReportFormat(
        channel="tiktok_shop",
        what="TikTok Shop's order export (Seller Center → Orders → Export, CSV)",
        delimiter=",",
        order="Order ID",
        quantity="Quantity",
        price="SKU Subtotal After Discount",  # the line as sold, as a connection prices it
        sku="Seller SKU",
        title="Product Name",
        currency="",
        line_total=True,
        also=("Order Status", "Paid Time"),
        first_problems=_tiktok_problems,
        unpaid=_tiktok_unpaid,
        dropped=lambda row: bool(row.get("Cancelation/Return Type")),
        sale=_tiktok_sale,
    ),
}


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
    first: Row
    lines: list[tuple[int, Row]] = field(default_factory=list)


def channel_of(text: str) -> str:
    """Whose order report ``text`` looks like, by its header (Shopify's when it is none
    of the others')."""
    header = _without_blank_lead(text).split("\n", 1)[0]
    if "amazon-order-id" in header.split("\t"):
        return "amazon"
    columns = set(read_rows(header)[0])
    for channel, column in _TELLING:
        if column in columns:
            return channel
    return "shopify"


_TELLING = (  # a column only that channel's report has
    ("tiktok_shop", "Seller SKU"),
    ("etsy", "Order ID"),
    ("ebay", "Sales Record Number"),
    ("walmart", "PO#"),
)


def import_orders_report(
    *,
    open_session: OpenSession,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    channel: str,
    text: str,
) -> ReportImport:
    """Import the paid orders of a channel's order report (members who may run the store),
    each order in its own transaction: an order arriving at the same moment by a webhook
    or another upload is recorded once, and no order waits on another's locks.

    Raises:
        ValidationFailed: no report BizQ reads for that channel, not such a report, too
            big, or malformed rows (each named; nothing imported).
    """
    with open_session() as session:
        access = require(
            session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE
        )
        form = FORMATS.get(channel)
        if form is None:
            raise ValidationFailed.field("$.channel", f"must be one of: {', '.join(FORMATS)}")
        orders = _grouped(form, _read(form, text))
        known_skus = listings.store_skus(session, store_id)
        currency = access.store.currency
    report = ReportImport()
    for order in orders:
        why = _why_not(form, order, known_skus, currency)
        if why:
            report.skipped.append((order.name, why))
            continue
        try:
            new = _record(open_session, store_id, _sale(form, order, known_skus, currency))
        except Conflict as exc:
            report.skipped.append((order.name, exc.message))
            continue
        (report.imported if new else report.known).append(order.name)
    return report


def _record(open_session: OpenSession, store_id: uuid.UUID, sale: ChannelSale) -> bool:
    with open_session() as session:
        store = find_store(session, store_id)
        if store is None:
            raise NotFound("The store is gone.")
        return channel_orders.record(session, store, sale)[1]


def _read(form: ReportFormat, text: str) -> list[tuple[int, Row]]:
    if len(text.encode()) > MAX_BYTES:
        raise ValidationFailed.field("$.file", "is larger than 10 MB")
    body = _without_blank_lead(text)
    skipped = text.lstrip("\ufeff").count("\n") - body.count("\n")  # keep the file's numbers
    headers, found = read_rows(body, delimiter=form.delimiter, lines_before=skipped)
    missing = [h for h in form.needs if h not in headers]
    if missing:
        raise ValidationFailed.field(
            "$.file", f"is not {form.what}: it has no {', '.join(missing)} column"
        )
    return [(line, row) for line, row in found if any(row.values()) and not form.skip(row)]


def _without_blank_lead(text: str) -> str:
    """The text from its first line with words (eBay's report opens with an empty row)."""
    return _BLANK_LEAD.sub("", text.lstrip("\ufeff"), count=1)


_BLANK_LEAD = re.compile(r"\A(?:[ \t,]*\r?\n)+")


def _grouped(form: ReportFormat, rows: list[tuple[int, Row]]) -> list[_Order]:
    """Rows by order, each line checked; every malformed row named at once."""
    errors: list[FieldError] = []
    orders: dict[str, _Order] = {}
    for line, row in rows:
        name = row[form.order]
        if not name:
            errors.append(FieldError(f"$.rows[{line}].{form.order}", "is empty"))
            continue
        order = orders.setdefault(name, _Order(name, row))
        if order.first is row:
            errors += [FieldError(f"$.rows[{line}].{c}", m) for c, m in form.first_problems(row)]
        if form.dropped(row):  # cancelled on the channel, or the order's own summary row
            continue
        quantity, price = row[form.quantity], row[form.price]
        if not quantity.isdigit() or int(quantity) < 1:
            errors.append(FieldError(f"$.rows[{line}].{form.quantity}", "must be 1 or more"))
        if _amount(price) is None:
            errors.append(FieldError(f"$.rows[{line}].{form.price}", "must be an amount"))
        order.lines.append((line, row))
    if errors:
        lines = len({e.path.split("]")[0] for e in errors})
        raise ValidationFailed(f"{lines} row(s) need fixing; nothing was imported.", errors)
    if len(orders) > MAX_ORDERS:
        raise ValidationFailed.field("$.file", f"has more than {MAX_ORDERS:,} orders")
    return list(orders.values())


def _why_not(form: ReportFormat, order: _Order, known: Mapping[str, object], currency: str) -> str:
    why = form.unpaid(order.first)
    if why:
        return why
    if not order.lines:
        return "every item of it was cancelled"
    sold_in = form.currency_of(order.first, currency)
    if sold_in != currency:
        return f"it is in {sold_in}; the store sells in {currency}"
    for _, row in order.lines:
        sign = _sign(row[form.price])
        if sign and sign not in _symbol(currency):
            return f"it is priced in {sign}; the store sells in {currency}"
        sku = row[form.sku]
        if sku not in known:
            what = f"SKU {sku!r}" if sku else f"{row[form.title]!r} (no SKU)"
            return f"{what} is no product of this store"
        if not fits(_unit_price(form, row), currency):
            return f"a price is finer than {currency} allows"
    return ""


def _unit_price(form: ReportFormat, row: Row) -> Decimal:
    price = _amount(row[form.price]) or Decimal(0)
    return price / int(row[form.quantity]) if form.line_total else price


def _sale(
    form: ReportFormat,
    order: _Order,
    known: dict[str, tuple[uuid.UUID, dict[str, str]]],
    currency: str,
) -> ChannelSale:
    first = order.first
    lines = tuple(
        SoldLine(
            known[row[form.sku]][0],
            known[row[form.sku]][1],
            int(row[form.quantity]),
            _unit_price(form, row),
        )
        for _, row in order.lines
    )
    facts = form.sale(first, [row for _, row in order.lines])
    return ChannelSale(
        channel=form.channel,
        label=f"{registry.CHANNELS[form.channel]} (order report)",
        external_id=facts.external_id,
        name=(facts.name or order.name)[:64],
        email=facts.email,
        buyer=facts.buyer,
        currency=currency,
        lines=lines,
        shipping=facts.shipping,
        shipping_address=facts.shipping_address,
        shipping_service=facts.shipping_service,
    )


def _amount(text: str) -> Decimal | None:
    """``24.00``, ``1,024.00`` or, as eBay writes them, ``$24.00`` and ``£24.00``."""
    try:
        value = Decimal(_SIGNED.sub("", text).replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


_SIGNED = re.compile(r"\A(?:[A-Z]{0,3} ?[$£€¥₹])")


def _sign(text: str) -> str:
    """The currency sign an amount is written with (``$`` of ``US $24.00``), or ""."""
    found = _SIGNED.match(text)
    return found.group()[-1] if found else ""


def _symbol(currency: str) -> str:
    return symbol(currency)
