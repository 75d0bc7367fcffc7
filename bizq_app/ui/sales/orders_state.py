"""The Orders page: the store's orders, live, each linking to its own page."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import reflex as rx
from sqlmodel import Session

from bizq_app.core.errors import BizQError
from bizq_app.core.money import format_amount
from bizq_app.core.pagination import Page
from bizq_app.sales import order_summary, orders
from bizq_app.sales.models import Order
from bizq_app.ui import live, routes
from bizq_app.ui.paged_state import PAGE_SIZE, PagedState
from bizq_app.ui.state import SessionState, record_id

STATUSES = [
    "all", "pending", "paid", "fulfilling", "shipped", "delivered", "cancelled", "refunded"
]  # fmt: skip
CHANNELS = {"all": "All channels", **orders.CHANNELS}  # code → what the filter shows


class OrdersState(PagedState, SessionState):
    rows: list[dict[str, str]] = []
    status_filter: str = "all"
    channel_filter: str = "all"
    customer: str = ""
    since: str = ""  # YYYY-MM-DD, from the start of that day
    until: str = ""  # YYYY-MM-DD, to the end of that day
    filter_error: str = ""

    @rx.event
    def open_page(self) -> Any:
        """The list; an older link to one order (``?order=<id>``) goes to its page."""
        linked = self._query_id("order")
        if linked and self.current_store_id:
            try:
                number = self._in_store(lambda s, u, _store: _number_of(s, u, linked))
                return rx.redirect(routes.order(number))
            except BizQError:  # another store's order, or one deleted since
                pass
        if self.current_store_id:
            live.watch(self.current_store_id, self.router.session.client_token)
        self.refresh()
        return None

    @rx.event
    def refresh(self) -> None:
        if not self.current_store_id or not self.user_email:
            return
        filters = orders.OrderFilter(
            status=None if self.status_filter == "all" else self.status_filter,
            customer=self.customer,
            channel=None if self.channel_filter == "all" else self.channel_filter,
            since=_day(self.since),
            until=_day(self.until, after=True),
        )
        page = self._in_store(
            lambda session, user_id, store_id: _rows(
                session,
                orders.list_orders(
                    session=session,
                    user_id=user_id,
                    store_id=store_id,
                    filters=filters,
                    limit=PAGE_SIZE,
                    offset=self.offset,
                ),
            )
        )
        self.rows, self.total = page.items, page.total

    @rx.event
    def load(self) -> None:
        """The rows of ``page`` (what the pager's buttons read)."""
        self.refresh()

    @rx.event
    def set_status_filter(self, value: str) -> None:
        self.status_filter, self.page = value, 0
        self.refresh()

    @rx.event
    def set_channel_filter(self, value: str) -> None:
        self.channel_filter, self.page = value, 0
        self.refresh()

    @rx.event
    def find_customer(self, form: dict[str, Any]) -> None:
        since, until = str(form.get("since", "")), str(form.get("until", ""))
        try:
            _day(since), _day(until)
        except ValueError:
            self.filter_error = "Dates are written as YYYY-MM-DD."
            return
        self.customer = str(form.get("customer", "")).strip()
        self.since, self.until, self.filter_error, self.page = since, until, "", 0
        self.refresh()


def _day(text: str, after: bool = False) -> datetime | None:
    """The start of a ``YYYY-MM-DD`` day in UTC (or of the next day, to end a range)."""
    if not text:
        return None
    start = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    return start + timedelta(days=1) if after else start


def _number_of(session: Session, user_id: uuid.UUID, order_id: str) -> int:
    return orders.get_order(session=session, user_id=user_id, order_id=record_id(order_id)).number


def _rows(session: Session, page: Page[Order]) -> Page[dict[str, str]]:
    statuses = order_summary.list_statuses(session, page.items)
    rows = [_row(o, *statuses[o.id]) for o in page.items]
    return Page(items=rows, total=page.total, limit=page.limit, offset=page.offset)


def _row(order: Order, payment: str, fulfilled: str) -> dict[str, str]:
    return {
        "id": str(order.id),
        "number": str(order.number),
        "customer": order.customer_name or order.customer_email,
        "email": order.customer_email,
        "total": format_amount(order.total, order.currency),
        "status": order.status,
        "payment_status": payment,
        "fulfilment_status": fulfilled,
        "channel": order.channel,
        # a marketplace's order: its name there and its own order number ("" for BizQ's)
        "marketplace": "" if order.channel in BIZQ_CHANNELS else _label(order.channel),
        "channel_order": order.channel_order,
        "history": "yes" if order.history else "",
        "created": order.created_at.strftime("%d %b %H:%M"),
    }


BIZQ_CHANNELS = ("storefront", "manual")


def _label(channel: str) -> str:
    return orders.CHANNELS.get(channel, channel)
