"""The Products page: the catalog, searchable and filterable, a page at a time."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import reflex as rx

from bizq_app.catalog import product_csv, products
from bizq_app.catalog.models import Product
from bizq_app.core.errors import BizQError
from bizq_app.ui.errors import error_message, error_toast, field_problems
from bizq_app.ui.paged_state import PAGE_SIZE, PagedState
from bizq_app.ui.state import SessionState, record_id

STATUS_CHOICES = ["all", "active", "draft", "archived"]
SORT_CHOICES = {
    "newest": "Newest first",
    "title": "Title A–Z",
    "price": "Price, low to high",
    "-price": "Price, high to low",
    "inventory": "Stock, lowest first",
}


class ProductsState(PagedState, SessionState):
    """One page of the store's products and the filters that chose it."""

    rows: list[dict[str, str]] = []
    search: str = ""
    status_filter: str = "all"
    supplier_filter: str = "all"
    suppliers: list[dict[str, str]] = []
    sort: str = "newest"
    selected: list[str] = []
    error: str = ""
    skip_bad_rows: bool = False
    import_problems: list[str] = []

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

        def read(session: Any, user_id: uuid.UUID, store_id: uuid.UUID) -> Any:
            page = products.list_products(
                session=session,
                user_id=user_id,
                store_id=store_id,
                filters=filters,
                limit=PAGE_SIZE,
                offset=self.offset,
            )
            return page, products.suppliers_in_use(
                session=session, user_id=user_id, store_id=store_id
            )

        try:
            page, used = self._in_store(read)  # one session for the page and the filter
        except BizQError as exc:
            self.error = error_message(exc)
            return
        self.rows, self.total, self.error = [row(p) for p in page.items], page.total, ""
        self.suppliers = [{"id": str(i), "name": n} for i, n in used]

    @rx.event
    def apply_search(self, form: dict[str, Any]) -> None:
        self.search, self.page = str(form.get("search", "")).strip(), 0
        self.load()

    @rx.event
    def set_status_filter(self, value: str) -> None:
        self.status_filter, self.page = value, 0
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
    def bulk_edit(self, form: dict[str, Any]) -> Any:
        fields = {k: v for k, v in form.items() if k in ("price", "inventory_quantity") and v}
        if form.get("status") in ("active", "draft", "archived"):
            fields["status"] = form["status"]
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
        self.selected = []
        self.load()
        return rx.toast.success(f"{len(changed)} products updated.")

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


def row(product: Product) -> dict[str, str]:
    margin = products.margin_percent(product.price, product.cost)
    return {
        "id": str(product.id),
        "title": product.title,
        "sku": product.sku or "—",
        "price": str(product.price),
        "cost": str(product.cost),
        "margin": "—" if margin is None else f"{margin}%",
        "stock": str(product.inventory_quantity),
        "status": product.status,
        "loss": "yes" if product.price < product.cost else "",
        "image": product.images[0] if product.images else "",
    }
