"""One order's page (``/orders/<number>``): its fulfilment groups, payment panel,
customer, timeline and e-mails, live; ship a group, refund, deliver, cancel, retry."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import reflex as rx
from sqlmodel import Session

from bizq_app.core.db import session_scope
from bizq_app.core.errors import BizQError
from bizq_app.integrations.payments.registry import payment_provider
from bizq_app.sales import (
    fulfilment,
    notifications,
    order_pipeline,
    order_summary,
    order_timeline,
    orders,
)
from bizq_app.sales.fulfilment import FulfilmentGroup
from bizq_app.sales.models import CANCELLABLE, REFUNDABLE, Order
from bizq_app.ui import live
from bizq_app.ui.components.mail import mail_row
from bizq_app.ui.errors import error_toast
from bizq_app.ui.state import SessionState, record_id

BIZQ_CHANNELS = ("storefront", "manual")


class OrderState(SessionState):
    number: str = ""  # from the address
    order_id: str = ""
    missing: bool = False
    head: dict[str, str] = {}
    payment: dict[str, str] = {}
    groups: list[dict[str, str]] = []
    lines: list[dict[str, str]] = []
    timeline: list[dict[str, str]] = []
    mails: list[dict[str, str]] = []
    refund_open: bool = False
    refund_key: str = ""

    @rx.var
    def title(self) -> str:
        return f"Order #{self.number}" if self.number else "Order"

    @rx.event
    def open_page(self) -> None:
        if self.current_store_id:
            live.watch(self.current_store_id, self.router.session.client_token)
        self.number = self.router.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.refund_open, self.refund_key = False, uuid.uuid4().hex
        self.refresh()

    @rx.event
    def refresh(self) -> None:
        if not self.current_store_id or not self.user_email:
            return
        try:
            self._in_store(self._show)
            self.missing = False
        except (BizQError, ValueError):  # not a number, or not this store's order
            self.missing, self.order_id = True, ""

    @rx.event
    def ship_group(self, form: dict[str, Any]) -> Any:
        return self._act(
            lambda s, u, o: fulfilment.ship_group(
                session=s,
                user_id=u,
                order_id=o,
                group_key=str(form.get("group", "")),
                tracking_number=form.get("tracking_number", ""),
                carrier=form.get("carrier", ""),
            ),
            "Shipped.",
        )

    @rx.event
    def set_refund_open(self, value: bool) -> None:
        self.refund_open = value

    @rx.event(background=True)
    async def refund(self, form: dict[str, Any]) -> Any:
        """One key per opened dialog, so a double click refunds once. The provider is asked
        on a worker thread, so other users of this process wait for nothing."""
        async with self:
            key, order_id = self.refund_key or uuid.uuid4().hex, record_id(self.order_id)
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
            self.refund_key, self.refund_open = uuid.uuid4().hex, False
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

    @rx.event
    def save_notes(self, form: dict[str, Any]) -> Any:
        notes = str(form.get("notes", ""))
        return self._act(
            lambda s, u, o: orders.set_notes(session=s, user_id=u, order_id=o, notes=notes),
            "Notes saved.",
        )

    def _act(self, act: Any, done: str) -> Any:
        order_id = record_id(self.order_id)
        try:
            self._in_store(lambda session, user_id, _store: act(session, user_id, order_id))
        except BizQError as exc:
            return error_toast(exc)
        self.refresh()
        return rx.toast.success(done)

    def _show(self, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> None:
        order = orders.get_order_by_number(
            session=session, user_id=user_id, store_id=store_id, number=int(self.number)
        )
        told = order_summary.summary(session, order)
        self.order_id = str(order.id)
        self.head = _head(order, told)
        self.payment = told.payment.shown()
        self.groups = [_group(g) for g in told.groups]
        self.lines = [
            {"title": i.title, "quantity": str(i.quantity), "price": str(i.unit_price)}
            for i in orders.items(session, order)
        ]
        self.timeline = order_timeline.for_seller(order.status_history)
        sent = notifications.outbox(
            session=session, user_id=user_id, store_id=store_id, order_id=order.id
        )
        self.mails = [mail_row(n) for n in sent.items]


def _head(order: Order, told: order_summary.OrderSummary) -> dict[str, str]:
    address = order.shipping_address
    return {
        "number": str(order.number),
        "status": order.status,
        "payment_status": told.payment_status,
        "fulfilment_status": told.fulfilment_status,
        "placed": order_timeline.when(order.created_at.isoformat()),
        "customer": order.customer_name or order.customer_email,
        "email": order.customer_email,
        "address": ", ".join(str(v) for k, v in address.items() if k != "method" and v),
        "method": str(address.get("method", "")),
        "channel": orders.CHANNELS.get(order.channel, order.channel),
        "marketplace": "" if order.channel in BIZQ_CHANNELS else order.channel,
        "channel_order": order.channel_order,
        "notes": order.notes,
        "pipeline": order.pipeline,
        "failure": order_timeline.plain(order_pipeline.last_failure(order))[0],
        "can_refund": "yes" if order.status in REFUNDABLE else "",
        "can_cancel": "yes" if order.status in CANCELLABLE else "",
    }


def _group(group: FulfilmentGroup) -> dict[str, str]:
    return {
        "key": group.key,
        "kind": group.kind,
        "title": group.title,
        "note": group.note,
        "lines": "; ".join(f"{q} × {t}" for t, q in group.lines),
        "state": group.state,
        "state_label": group.state_label,
        "tracking": group.tracking_number,
        "ships": "yes" if group.seller_ships else "",
    }
