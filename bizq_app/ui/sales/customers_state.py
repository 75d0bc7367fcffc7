"""The Customers page: the store's buyers a page at a time; one buyer's orders; export
everything BizQ holds about them; erase their personal data."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import reflex as rx

from bizq_app.core.errors import BizQError, ValidationFailed
from bizq_app.core.money import format_amount
from bizq_app.sales import customers
from bizq_app.sales.models import Customer, Order
from bizq_app.ui import routes
from bizq_app.ui.errors import error_message, error_toast, first_problem
from bizq_app.ui.paged_state import PAGE_SIZE, PagedState
from bizq_app.ui.state import SessionState, record_id

SORT_CHOICES = {"newest": "Newest first", "-lifetime_value": "Highest lifetime value"}


class CustomersState(PagedState, SessionState):
    rows: list[dict[str, str]] = []
    search: str = ""
    sort: str = "newest"
    error: str = ""
    selected_id: str = ""
    detail: dict[str, str] = {}
    history: list[dict[str, str]] = []
    erase_open: bool = False
    erase_error: str = ""
    result: str = ""  # what the last erasure did

    @rx.event
    def open_page(self) -> Any:
        """Load the list; ``/customers?customer=<id>`` also opens that customer."""
        self.selected_id = self._query_id("customer")
        self.result = ""
        self.load()
        return self._load_detail() if self.selected_id and self.user_email else None

    @rx.event
    def load(self) -> None:
        if not self.current_store_id or not self.user_email:
            return
        filters = customers.CustomerFilter(self.search, self.sort)
        try:
            page = self._in_store(
                lambda session, user_id, store_id: customers.list_customers(
                    session=session,
                    user_id=user_id,
                    store_id=store_id,
                    filters=filters,
                    limit=PAGE_SIZE,
                    offset=self.offset,
                )
            )
        except BizQError as exc:
            self.error = error_message(exc)
            return
        money = self.current_store.get("currency", "")
        self.rows = [_row(r.customer, r.last_order_at, money) for r in page.items]
        self.total, self.error = page.total, ""

    @rx.event
    def apply_search(self, form: dict[str, Any]) -> None:
        self.search, self.page = str(form.get("search", "")).strip(), 0
        self.load()

    @rx.event
    def set_sort(self, value: str) -> None:
        self.sort, self.page = (value if value in SORT_CHOICES else "newest"), 0
        self.load()

    @rx.event
    def select(self, customer_id: str) -> Any:
        self.selected_id, self.result = customer_id, ""
        if customer_id:
            return self._load_detail()
        return None

    @rx.event
    def export(self) -> Any:
        customer_id = record_id(self.selected_id)
        try:
            document = self._in_store(
                lambda session, user_id, _store: customers.export_customer(
                    session=session, user_id=user_id, customer_id=customer_id
                )
            )
        except BizQError as exc:
            return error_toast(exc)
        text = json.dumps(document, indent=2, ensure_ascii=False)
        return rx.download(data=text, filename=f"customer-{customer_id.hex[:8]}.json")

    @rx.event
    def set_erase_open(self, value: bool) -> None:
        self.erase_open, self.erase_error = value, ""

    @rx.event
    def erase(self, form: dict[str, Any]) -> Any:
        customer_id = record_id(self.selected_id)
        try:
            done = self._in_store(
                lambda session, user_id, _store: customers.erase_customer(
                    session=session,
                    user_id=user_id,
                    customer_id=customer_id,
                    confirm=form.get("confirm", ""),
                )
            )
        except ValidationFailed as exc:
            self.erase_error = first_problem(exc)
            return None
        except BizQError as exc:
            self.erase_open = False
            return error_toast(exc)
        self.erase_open, self.result = False, customers.erasure_message(done)
        self.load()
        self._load_detail()
        return rx.toast.success("Personal data erased.")

    def _load_detail(self) -> Any:
        customer_id = record_id(self.selected_id)
        try:
            found = self._in_store(
                lambda session, user_id, _store: customers.get_customer(
                    session=session, user_id=user_id, customer_id=customer_id
                )
            )
        except BizQError as exc:
            self.selected_id = ""
            return error_toast(exc)
        money = self.current_store.get("currency", "")
        self.detail = _row(found.customer, found.last_order_at, money)
        self.history = [_order(o) for o in found.orders]
        return None


def _row(customer: Customer, last_order_at: datetime | None, currency: str) -> dict[str, str]:
    return {
        "id": str(customer.id),
        "href": f"{routes.CUSTOMERS}?customer={customer.id}",
        "name": customers.display_name(customer),
        "email": customer.email or "—",
        "orders": str(customer.orders_count),
        "paid_orders": f"{customer.orders_count} paid order{_s(customer.orders_count)}",
        "value": format_amount(customer.lifetime_value, currency or "USD"),
        "last_order": last_order_at.strftime("%d %b %Y") if last_order_at else "—",
        "since": customer.created_at.strftime("%d %b %Y"),
        "erased": customer.erased_at.strftime("%d %b %Y") if customer.erased_at else "",
    }


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _order(order: Order) -> dict[str, str]:
    return {
        "number": str(order.number),
        "href": f"{routes.ORDERS}?order={order.id}",
        "status": order.status,
        "total": format_amount(order.total, order.currency),
        "placed": order.created_at.strftime("%d %b %Y"),
    }
