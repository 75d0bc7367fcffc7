"""The Products page: the catalog, searchable and filterable, a page at a time."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import reflex as rx
from sqlmodel import Session

from bizq_app.catalog import product_csv, products
from bizq_app.catalog.models import Product
from bizq_app.core.errors import BizQError
from bizq_app.core.money import format_money
from bizq_app.ui.errors import error_message, error_toast, field_problems
from bizq_app.ui.paged_state import PAGE_SIZE, PagedState
from bizq_app.ui.state import SessionState, record_id

STATUS_TABS = {"all": "All", "active": "Active", "draft": "Draft", "archived": "Archived"}
SORT_CHOICES = {
    "newest": "Newest first",
    "title": "Title A–Z",
    "price": "Price, low to high",
    "-price": "Price, high to low",
    "inventory": "Stock, lowest first",
}
DONE = {"active": "set as active", "draft": "set as draft", "archived": "archived"}
EMPTY = {
    "all": (
        "No products here",
        "Add one by hand, or let the Marketplace's 'Generate a starter product catalog' "
        "task draft a catalog for your niche.",
    ),
    "active": ("No active products", "Set a product as active when it is ready to sell."),
    "draft": ("No draft products", "Products you are still preparing wait here, unsold."),
    "archived": ("No archived products", "Archive a product you stop selling to keep it."),
}


class ProductsState(PagedState, SessionState):
    """One page of the store's products, the status tab and filters that chose it, and
    the rows selected on it."""

    rows: list[dict[str, str]] = []
    counts: dict[str, int] = {}
    search: str = ""
    status_filter: str = "all"
    supplier_filter: str = "all"
    suppliers: list[dict[str, str]] = []
    sort: str = "newest"
    selected: list[str] = []
    editing: bool = False
    importing: bool = False
    error: str = ""
    skip_bad_rows: bool = False
    import_problems: list[str] = []

    @rx.var
    def all_selected(self) -> bool:
        return bool(self.rows) and len(self.selected) == len(self.rows)

    @rx.var
    def empty_title(self) -> str:
        return self._empty()[0]

    @rx.var
    def empty_text(self) -> str:
        return self._empty()[1]

    def _empty(self) -> tuple[str, str]:
        """What an empty list says: what is missing, and what to do next."""
        if self.total > 0:
            return "Nothing on this page", "Go back a page."
        if self.search or self.supplier_filter != "all":
            return "No products match", "Try other words, or show every supplier."
        return EMPTY.get(self.status_filter, EMPTY["all"])

    @rx.event
    def open_page(self) -> None:
        """The tab the address names (``?status=draft``), from its first page."""
        wanted = self.router.url.query_parameters.get("status", "all")
        self.status_filter = wanted if wanted in STATUS_TABS else "all"
        self.page, self.selected = 0, []
        self.editing = self.importing = False  # a dialog left open is not opened again
        self.load()

    @rx.event
    def load(self) -> None:
        if not self.current_store_id or not self.user_email:
            return
        filters = products.ProductFilter(
            self.search,
            None if self.status_filter == "all" else self.status_filter,
            None if self.supplier_filter == "all" else record_id(self.supplier_filter),
            self.sort,
        )
        try:
            listed = self._in_store(lambda s, u, store: _read(s, u, store, filters, self.offset))
        except BizQError as exc:
            self.error = error_message(exc)
            return
        self.rows, self.total, self.counts, self.suppliers = listed
        shown = {r["id"] for r in self.rows}
        self.selected, self.error = [p for p in self.selected if p in shown], ""

    @rx.event
    def apply_search(self, form: dict[str, Any]) -> None:
        self.search, self.page = str(form.get("search", "")).strip(), 0
        self.load()

    @rx.event
    def set_supplier_filter(self, value: str) -> None:
        self.supplier_filter, self.page = value, 0
        self.load()

    @rx.event
    def set_sort(self, value: str) -> None:
        self.sort = value if value in SORT_CHOICES else "newest"
        self.load()

    @rx.event
    def toggle(self, product_id: str, checked: bool) -> None:
        others = [p for p in self.selected if p != product_id]
        self.selected = [*others, product_id] if checked else others

    @rx.event
    def select_page(self, checked: bool) -> None:
        """The header's checkbox: every row on this page, or none."""
        self.selected = [r["id"] for r in self.rows] if checked else []

    @rx.event
    def set_editing(self, value: bool) -> None:
        self.editing = value

    @rx.event
    def set_selected_status(self, status: str) -> Any:
        if status not in DONE:
            return None
        return self._bulk({"status": status}, DONE[status])

    @rx.event
    def bulk_edit(self, form: dict[str, Any]) -> Any:
        fields = {k: v for k, v in form.items() if k in ("price", "inventory_quantity") and v}
        return self._bulk(fields, "updated")

    def _bulk(self, fields: dict[str, Any], done: str) -> Any:
        ids = [record_id(p) for p in self.selected]
        try:
            changed = self._in_store(
                lambda session, user_id, store_id: products.bulk_update(
                    session=session,
                    user_id=user_id,
                    store_id=store_id,
                    product_ids=ids,
                    fields=fields,
                )
            )
        except BizQError as exc:
            return error_toast(exc, every_field=True)
        self.selected, self.editing = [], False
        self.load()
        return rx.toast.success(f"{_products(len(changed))} {done}.")

    @rx.event
    def set_importing(self, value: bool) -> None:
        self.importing, self.import_problems = value, []

    @rx.event
    def export(self) -> Any:
        text = self._in_store(
            lambda session, user_id, store_id: product_csv.export_csv(
                session=session, user_id=user_id, store_id=store_id
            )
        )
        return rx.download(data=text, filename="products.csv")

    @rx.event
    def set_skip_bad_rows(self, value: bool) -> None:
        self.skip_bad_rows = value

    @rx.event
    async def import_file(self, files: list[rx.UploadFile]) -> Any:
        if not files:
            return rx.toast.error("Choose a CSV file first.")
        raw = await files[0].read()
        return await asyncio.to_thread(self._import, raw)

    def _import(self, raw: bytes) -> Any:
        try:
            report = self._in_store(
                lambda session, user_id, store_id: product_csv.import_csv(
                    session=session,
                    user_id=user_id,
                    store_id=store_id,
                    text=raw.decode("utf-8"),
                    skip_bad_rows=self.skip_bad_rows,
                )
            )
        except UnicodeDecodeError:
            self.import_problems = ["The file is not UTF-8 text; save it as CSV UTF-8."]
            return None
        except BizQError as exc:
            self.import_problems = [error_message(exc), *field_problems(exc, field=_line)]
            return None
        self.import_problems = [f"Line {p.line}, {p.column}: {p.message}" for p in report.problems]
        self.importing = bool(self.import_problems)  # open while there is something to read
        self.load()
        return rx.toast.success(
            f"Imported: {report.created} new, {report.updated} updated, {report.skipped} skipped."
        )


def _line(path: str) -> str:
    """``$.rows[4].price`` → ``Line 4, price``."""
    if not path.startswith("$.rows["):
        return path.removeprefix("$.")
    line, _, column = path.removeprefix("$.rows[").partition("].")
    return f"Line {line}, {column}"


def _read(
    session: Session,
    user_id: uuid.UUID,
    store_id: uuid.UUID,
    filters: products.ProductFilter,
    offset: int,
) -> tuple[list[dict[str, str]], int, dict[str, int], list[dict[str, str]]]:
    """The page's rows, the total, the tabs' counts and the suppliers, in one session."""
    scope = {"session": session, "user_id": user_id, "store_id": store_id}
    page = products.list_products(**scope, filters=filters, limit=PAGE_SIZE, offset=offset)
    counts = products.count_by_status(**scope)
    used = products.suppliers_in_use(**scope)
    currency = products.currency_of(session, store_id)
    return (
        [row(p, currency) for p in page.items],
        page.total,
        {"all": sum(counts.values()), **counts},
        [{"id": str(i), "name": n} for i, n in used],
    )


def _products(count: int) -> str:
    return f"{count} product" if count == 1 else f"{count} products"


def row(product: Product, currency: str) -> dict[str, str]:
    """A product as its list row shows it: amounts in the store's currency."""
    margin = products.margin_percent(product.price, product.cost)
    kept = format_money(product.price - product.cost, currency)
    return {
        "id": str(product.id),
        "title": product.title,
        "sku": product.sku or "—",
        "price": format_money(product.price, currency),
        "cost": format_money(product.cost, currency),
        "margin": "—" if margin is None else f"{kept} ({margin}%)",
        "stock": str(product.inventory_quantity),
        "status": product.status,
        "status_name": STATUS_TABS.get(product.status, product.status),
        "loss": "yes" if product.price < product.cost else "",
        "image": product.images[0] if product.images else "",
    }
