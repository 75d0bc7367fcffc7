"""The Orders page: the store's orders, live; one order's detail; fulfil, refund, cancel."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import reflex as rx

from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.integrations.payments.registry import payment_provider
from bizq_app.sales import notifications, order_pipeline, order_timeline, orders
from bizq_app.sales.models import Order
from bizq_app.ui import live
from bizq_app.ui.components.mail import mail_row
from bizq_app.ui.errors import error_toast
from bizq_app.ui.paged_state import PAGE_SIZE, PagedState
from bizq_app.ui.state import SessionState

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
    selected_id: str = ""
    refund_key: str = ""
    detail: dict[str, str] = {}
    lines: list[dict[str, str]] = []
    timeline: list[dict[str, str]] = []
    mails: list[dict[str, str]] = []

    @rx.event
    def open_page(self) -> None:
        if self.current_store_id:
            live.watch(self.current_store_id, self.router.session.client_token)
        linked = self._query_id("order")
        self.selected_id = linked or self.selected_id
        self.refresh()

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
            lambda session, user_id, store_id: orders.list_orders(
                session=session,
                user_id=user_id,
                store_id=store_id,
                filters=filters,
                limit=PAGE_SIZE,
                offset=self.offset,
            )
        )
        self.rows, self.total = [_row(o) for o in page.items], page.total
        if self.selected_id:
            try:
                self._in_store(lambda session, user_id, _store: self._load_detail(session, user_id))
            except BizQError:  # a link to an order of another store, or one deleted since
                self.selected_id = ""

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

    @rx.event
    def save_notes(self, form: dict[str, Any]) -> Any:
        notes = str(form.get("notes", ""))
        return self._act(
            lambda s, u, o: orders.set_notes(session=s, user_id=u, order_id=o, notes=notes),
            "Notes saved.",
        )

    @rx.event
    def select(self, order_id: str) -> None:
        self.selected_id, self.refund_key = order_id, uuid.uuid4().hex
        self.refresh()

    @rx.event
    def fulfil(self, form: dict[str, Any]) -> Any:
        return self._act(
            lambda s, u, o: orders.fulfil(
                session=s, user_id=u, order_id=o, tracking_number=form.get("tracking_number", "")
            ),
            "Marked as shipped.",
        )

    @rx.event(background=True)
    async def refund(self, form: dict[str, Any]) -> Any:
        """One key per opened order, so a double click refunds once; a new one after. The
        provider is asked on a worker thread, so other users of this process wait for nothing."""
        async with self:
            key, order_id = self.refund_key or uuid.uuid4().hex, uuid.UUID(self.selected_id)
            self.refund_key = key
            user_id = await asyncio.to_thread(self._user_id)
        try:
            await asyncio.to_thread(
                orders.refund,
                open_session=session_scope,
                user_id=user_id,
                order_id=order_id,
                amount=form.get("amount") or None,
                provider=payment_provider(),
                idempotency_key=key,
                restock=form.get("restock") == "on",
                reason=str(form.get("reason", "")),
            )
        except BizQError as exc:
            return error_toast(exc)
        async with self:
            self.refund_key = uuid.uuid4().hex
            await asyncio.to_thread(self.refresh)
        return rx.toast.success("Refunded.")

    @rx.event
    def deliver(self) -> Any:
        return self._act(
            lambda s, u, o: orders.deliver(session=s, user_id=u, order_id=o),
            "Marked as delivered; the review request is on its way.",
        )

    @rx.event
    def retry(self) -> Any:
        return self._act(
            lambda s, u, o: orders.retry(session=s, user_id=u, order_id=o),
            "Retrying the steps that are left.",
        )

    @rx.event
    def cancel(self) -> Any:
        return self._act(
            lambda s, u, o: orders.cancel(session=s, user_id=u, order_id=o), "Order cancelled."
        )

    def _act(self, act: Any, done: str) -> Any:
        order_id = uuid.UUID(self.selected_id)
        try:
            self._in_store(lambda session, user_id, _store: act(session, user_id, order_id))
        except BizQError as exc:
            return error_toast(exc)
        self.refresh()
        return rx.toast.success(done)

    def _load_detail(self, session: Any, user_id: uuid.UUID) -> None:
        order = orders.get_order(
            session=session, user_id=user_id, order_id=uuid.UUID(self.selected_id)
        )
        self.detail = {
            **_row(order),
            "address": ", ".join(
                str(v) for k, v in order.shipping_address.items() if k != "method"
            ),
            "refunded": str(order.refunded),
            "tracking": order.tracking_number or "",
            "notes": order.notes,
            "channel": _label(order.channel),
            "pipeline": order.pipeline,
            "failure": order_pipeline.last_failure(order),
        }
        sent = notifications.outbox(
            session=session, user_id=user_id, store_id=order.store_id, order_id=order.id
        )
        self.mails = [mail_row(n) for n in sent.items]
        self.lines = [
            {"title": i.title, "quantity": str(i.quantity), "price": str(i.unit_price)}
            for i in orders.items(session, order)
        ]
        self.timeline = order_timeline.shown(order.status_history)


def _day(text: str, after: bool = False) -> datetime | None:
    """The start of a ``YYYY-MM-DD`` day in UTC (or of the next day, to end a range)."""
    if not text:
        return None
    start = datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    return start + timedelta(days=1) if after else start


def _row(order: Order) -> dict[str, str]:
    return {
        "id": str(order.id),
        "number": str(order.number),
        "customer": order.customer_name or order.customer_email,
        "email": order.customer_email,
        "total": f"{order.total} {order.currency}",
        "status": order.status,
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
