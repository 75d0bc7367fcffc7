"""Products in and out as CSV (the columns a spreadsheet user expects).

Import checks every row with the product form's own rules before writing
anything. A file with bad rows imports nothing, and the report names each bad
row's line and reason, unless the owner chooses to skip bad rows. A row whose
SKU is already in the store updates that product (so an exported, edited file
can be imported back). Cells that a spreadsheet would run as formulas are written
escaped (``core.spreadsheet``) and read back as typed; a cell too long to read is a
problem with its line, like any other.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from bizq_app.accounts import audit
from bizq_app.accounts.permissions import Permission, require
from bizq_app.catalog import products
from bizq_app.catalog.models import Product
from bizq_app.catalog.product_fields import clean_fields
from bizq_app.core.errors import FieldError, ValidationFailed
from bizq_app.core.spreadsheet import read_rows, safe_cell
from bizq_app.inventory.models import StockReason

COLUMNS = ("title", "description", "price", "cost", "inventory_quantity", "sku", "status")
MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class RowProblem:
    line: int  # the line in the file (the header is line 1)
    column: str
    message: str


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    problems: list[RowProblem] = field(default_factory=list)


def export_csv(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> str:
    """Every product of the store, one row each, oldest first."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    query = select(Product).where(Product.store_id == store_id).order_by(col(Product.created_at))
    for product in session.exec(query):
        writer.writerow(
            [
                safe_cell(str(v)) if v is not None else ""
                for v in (getattr(product, c) for c in COLUMNS)
            ]
        )
    return out.getvalue()


def import_csv(
    *,
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    text: str,
    skip_bad_rows: bool = False,
) -> ImportReport:
    """Create or update products from CSV text with a header row.

    Raises:
        ValidationFailed: the file is not usable (no title column, too big), or it has bad
            rows and ``skip_bad_rows`` is off — one error per problem, at ``$.rows[line]``.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE)
    rows = _read(text)
    report = ImportReport()
    existing, currency = _by_sku(session, store_id), products.currency_of(session, store_id)
    good: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        values, problems = _check(line, row, seen, currency)
        report.problems += problems
        if not problems:
            good.append((line, values))
    if report.problems and not skip_bad_rows:
        raise ValidationFailed(
            f"{len({p.line for p in report.problems})} row(s) need fixing; nothing was imported.",
            [FieldError(f"$.rows[{p.line}].{p.column}", p.message) for p in report.problems],
        )
    report.skipped = len(rows) - len(good)
    for _line, values in good:
        product = existing.get(values.get("sku") or "")
        if product is None:
            products.place_product(session, store_id, values, StockReason.IMPORT, user_id)
            report.created += 1
        else:
            products.change_product(session, product, values, StockReason.IMPORT, user_id)
            report.updated += 1
    session.flush()
    audit.record(
        session=session,
        action="products.imported",
        subject_type="store",
        subject_id=store_id,
        actor_id=user_id,
        store_id=store_id,
        data={"created": report.created, "updated": report.updated, "skipped": report.skipped},
    )
    return report


def _read(text: str) -> list[tuple[int, dict[str, str]]]:
    if len(text.encode()) > MAX_BYTES:
        raise ValidationFailed.field("$.file", "is larger than 10 MB")
    names, found = read_rows(text.lstrip("\ufeff"))
    headers = [h.lower() for h in names]
    if "title" not in headers:
        raise ValidationFailed.field(
            "$.file", f"needs a header row with a 'title' column (columns: {', '.join(COLUMNS)})"
        )
    unknown = sorted(set(headers) - set(COLUMNS) - {""})
    if unknown:
        raise ValidationFailed.field("$.file", f"has unknown columns: {', '.join(unknown)}")
    rows = []
    for line, row in found:
        cleaned = {k.lower(): v for k, v in row.items()}
        if any(cleaned.values()):
            rows.append((line, cleaned))
        if len(rows) > MAX_ROWS:
            raise ValidationFailed.field("$.file", f"has more than {MAX_ROWS:,} rows")
    return rows


def _check(
    line: int, row: dict[str, str], seen: dict[str, int], currency: str
) -> tuple[dict[str, Any], list[RowProblem]]:
    fields = {k: v for k, v in row.items() if v != "" or k == "title"}
    try:
        values = clean_fields(fields, partial=False, currency=currency)
    except ValidationFailed as exc:
        return {}, [RowProblem(line, e.path.removeprefix("$."), e.message) for e in exc.errors]
    sku = values.get("sku")
    if sku and sku in seen:
        return {}, [RowProblem(line, "sku", f"repeats the SKU of line {seen[sku]}")]
    if sku:
        seen[sku] = line
    return values, []


def _by_sku(session: Session, store_id: uuid.UUID) -> dict[str, Product]:
    query = select(Product).where(Product.store_id == store_id, col(Product.sku).is_not(None))
    return {str(p.sku): p for p in session.exec(query)}
