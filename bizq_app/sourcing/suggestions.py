"""Suggestions from BizQ's rules, for the owner to approve or reject.

**Progressive MOQ.** A product's sales over the last 30 days decide its stage:
from ``LOW_MOQ_UNITS`` a month a low-minimum-order supplier pays off, from
``BULK_UNITS`` a bulk one. When the bundled supplier catalog has a cheaper
offer for that stage (``sourcing.bulk_alternatives``), the suggestion carries
the projected margin gain. Approving it starts the follow-up tasks (a
supplier-transition plan, a stock reorder and a price review) and keeps the
margin before the change, so the owner can compare it with the margin now.

**Low stock.** A product whose stock covers fewer days of sales than the lead
time plus a safety buffer gets a reorder suggestion; approving it starts an
``operations.reorder_stock`` task for it.

A product has at most one open suggestion of each kind, and one that was
decided less than ``QUIET_DAYS`` ago is not made again.
"""

from __future__ import annotations

import math
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from bizq_app.accounts import audit
from bizq_app.accounts import lookups as account_lookups
from bizq_app.accounts.permissions import Permission, require
from bizq_app.catalog import lookups as catalog_lookups
from bizq_app.catalog import products
from bizq_app.catalog.models import Product
from bizq_app.core import status as transitions
from bizq_app.core.columns import utcnow
from bizq_app.core.errors import InvalidTransition, NotFound
from bizq_app.core.money import format_amount
from bizq_app.core.validation import clean_text
from bizq_app.sales import facts
from bizq_app.sourcing import sourcing
from bizq_app.sourcing.models import Suggestion, SuggestionKind, SuggestionStatus
from bizq_app.tasks import tasks
from bizq_app.tasks.tasks import TaskRequest

LOW_MOQ_UNITS, BULK_UNITS = 50, 200  # units a month
LEAD_DAYS, SAFETY_DAYS, COVER_DAYS = 14, 7, 45
QUIET_DAYS = 30
K = SuggestionKind


def scan_store(*, session: Session, store_id: uuid.UUID) -> list[Suggestion]:
    """Look at the store's last 30 days of sales and make the suggestions that are due."""
    sold = Counter[uuid.UUID]()
    for sale in facts.paid_lines(session, store_id, 30):
        if sale.product_id is not None:
            sold[sale.product_id] += sale.quantity
    quiet = _recently_suggested(session, store_id)
    made = []
    for product in _sellable(session, store_id):
        units = sold.get(product.id, 0)
        for kind, make in ((K.SUPPLIER_TRANSITION, _transition), (K.REORDER, _reorder)):
            if (product.id, kind.value) in quiet:
                continue
            suggestion = make(product, units)
            if suggestion is not None:
                session.add(suggestion)
                made.append(suggestion)
    session.flush()
    return made


def scan_now(*, session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> list[Suggestion]:
    """The owner asks for a scan now rather than at the next hourly one.

    Raises:
        NotFound, PermissionDenied.
    """
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.OPERATE)
    return scan_store(session=session, store_id=store_id)


def scan_all(session: Session) -> int:
    """Scan every live store (the hourly scheduled job); returns how many suggestions it made."""
    store_ids = account_lookups.live_store_ids(session)
    return sum(len(scan_store(session=session, store_id=s)) for s in store_ids)


def open_suggestions(
    *, session: Session, user_id: uuid.UUID, store_id: uuid.UUID
) -> list[Suggestion]:
    """The store's suggestions waiting for a decision, newest first."""
    require(session=session, store_id=store_id, user_id=user_id, permission=Permission.VIEW)
    query = (
        select(Suggestion)
        .where(Suggestion.store_id == store_id, Suggestion.status == SuggestionStatus.OPEN.value)
        .order_by(col(Suggestion.created_at).desc())
    )
    return list(session.exec(query))


def approve(*, session: Session, user_id: uuid.UUID, suggestion_id: uuid.UUID) -> Suggestion:
    """Accept a suggestion: its follow-up tasks start (charged as any task).

    Raises:
        NotFound, PermissionDenied, InvalidTransition: already decided.
        InsufficientCredits: the store cannot pay for the follow-up tasks.
    """
    suggestion = _open(session, user_id, suggestion_id)
    _decide(session, suggestion, user_id, SuggestionStatus.APPROVED, None)
    follow_ups = tasks.create_batch(
        session=session,
        user_id=user_id,
        store_id=suggestion.store_id,
        requests=_follow_ups(suggestion),
    )
    suggestion.details = {
        **suggestion.details,
        "follow_up_task_ids": [str(t.id) for t in follow_ups],
    }
    session.add(suggestion)
    session.flush()
    return suggestion


def reject(
    *, session: Session, user_id: uuid.UUID, suggestion_id: uuid.UUID, reason: object
) -> Suggestion:
    """Turn a suggestion down, with a reason; it is not made again for ``QUIET_DAYS`` days.

    Raises:
        NotFound, PermissionDenied, InvalidTransition, ValidationFailed: no reason.
    """
    note = clean_text(reason, path="$.reason", max_length=500)
    suggestion = _open(session, user_id, suggestion_id)
    return _decide(session, suggestion, user_id, SuggestionStatus.REJECTED, note)


@dataclass(frozen=True)
class MarginTrack:
    """An approved supplier move and the product's margin before, projected and now."""

    approved_at: datetime
    supplier: str
    before: str
    projected: str
    now: str


def margin_tracks(
    *, session: Session, user_id: uuid.UUID, product_id: uuid.UUID
) -> list[MarginTrack]:
    """The product's approved supplier moves, newest first, with its margin today."""
    product = products.get_product(session=session, user_id=user_id, product_id=product_id)
    now = products.margin_percent(product.price, product.cost)
    query = (
        select(Suggestion)
        .where(
            Suggestion.product_id == product.id,
            Suggestion.kind == K.SUPPLIER_TRANSITION.value,
            Suggestion.status == SuggestionStatus.APPROVED.value,
        )
        .order_by(col(Suggestion.decided_at).desc())
    )
    return [
        MarginTrack(
            s.decided_at or s.created_at,
            str(s.details.get("supplier", "")),
            str(s.details.get("margin_before", "")),
            str(s.details.get("margin_projected", "")),
            "" if now is None else str(now),
        )
        for s in session.exec(query)
    ]


def _transition(product: Product, units: int) -> Suggestion | None:
    if units < LOW_MOQ_UNITS or product.cost <= 0:
        return None
    stage = "bulk" if units >= BULK_UNITS else "low_moq"
    options = sourcing.bulk_alternatives(
        product_title=product.title, current_unit_cost=product.cost, monthly_units=units
    )
    fitting = [o for o in options if o.stage == stage] or options
    if not fitting:
        return None
    best = fitting[0]
    new_cost = product.cost - best.unit_saving
    before = products.margin_percent(product.price, product.cost)
    after = products.margin_percent(product.price, new_cost)
    where = {"bulk": "a bulk", "low_moq": "a low-MOQ"}.get(best.stage, "a cheaper no-minimum")
    return Suggestion(
        store_id=product.store_id,
        product_id=product.id,
        kind=K.SUPPLIER_TRANSITION.value,
        title=f"Move '{product.title}' to {where} supplier: {best.supplier.name}",
        summary=(
            f"{units} sold in the last 30 days. {best.supplier.name} sells "
            f"'{best.offer.product}' at {format_amount(best.tier.unit_cost)} from "
            f"{best.tier.min_qty} units (now {format_amount(product.cost)}): about "
            f"{format_amount(best.monthly_saving)} a month more, margin {before}% → {after}%."
        ),
        details={
            "monthly_units": units,
            "stage": best.stage,
            "supplier": best.supplier.name,
            "offer": best.offer.product,
            "unit_cost_now": str(product.cost),
            "unit_cost_new": str(new_cost),
            "order_quantity": best.order_quantity,
            "upfront_cash": str(best.upfront_cash),
            "monthly_saving": str(best.monthly_saving),
            "price": str(product.price),
            "margin_before": str(before),
            "margin_projected": str(after),
            "reasons": list(best.reasons),
        },
    )


def _reorder(product: Product, units: int) -> Suggestion | None:
    per_day = Decimal(units) / 30
    if per_day <= 0:
        return None
    cover = Decimal(product.inventory_quantity) / per_day
    if cover >= LEAD_DAYS + SAFETY_DAYS:
        return None
    quantity = max(1, math.ceil(per_day * COVER_DAYS) - product.inventory_quantity)
    return Suggestion(
        store_id=product.store_id,
        product_id=product.id,
        kind=K.REORDER.value,
        title=f"Reorder '{product.title}': {product.inventory_quantity} left",
        summary=(
            f"Selling {per_day.quantize(Decimal('0.1'))} a day, the stock lasts "
            f"{cover.quantize(Decimal('1'))} days; a new order takes about {LEAD_DAYS} days. "
            f"Suggested: {quantity} units (about {format_amount(quantity * product.cost)})."
        ),
        details={
            "units_last_30_days": units,
            "stock": product.inventory_quantity,
            "days_of_cover": str(cover.quantize(Decimal("0.1"))),
            "quantity": quantity,
            "cost": str(quantity * product.cost),
        },
    )


def find_suggestion(*, session: Session, suggestion_id: uuid.UUID) -> Suggestion:
    """The suggestion with this id, in any store (the caller checks who may see it).

    Raises:
        NotFound: no such suggestion.
    """
    suggestion = session.get(Suggestion, suggestion_id)
    if suggestion is None:
        raise NotFound(f"Suggestion {suggestion_id} does not exist.")
    return suggestion


def follow_up_types(suggestion: Suggestion) -> list[str]:
    """The task types approving the suggestion starts (each charged at its price)."""
    return [request.type for request in _follow_ups(suggestion)]


def _follow_ups(suggestion: Suggestion) -> list[TaskRequest]:
    product_id, d = str(suggestion.product_id), suggestion.details
    reorder = TaskRequest(
        "operations.reorder_stock",
        {
            "product_ids": [product_id],
            "lead_time_days": LEAD_DAYS,
            "safety_stock_days": SAFETY_DAYS,
        },
    )
    if suggestion.kind == K.REORDER.value:
        return [reorder]
    plan = {
        "product_id": product_id,
        "monthly_units_sold": int(d["monthly_units"]),
        "current_unit_cost": float(d["unit_cost_now"]),
    }
    return [
        TaskRequest("growth.plan_supplier_transition", plan),
        reorder,
        TaskRequest("product.price_optimization", {"product_id": product_id}),
    ]


def _sellable(session: Session, store_id: uuid.UUID) -> list[Product]:
    return catalog_lookups.unarchived_products(session, store_id)


def _recently_suggested(session: Session, store_id: uuid.UUID) -> set[tuple[uuid.UUID, str]]:
    since = utcnow() - timedelta(days=QUIET_DAYS)
    query = select(Suggestion.product_id, Suggestion.kind).where(
        Suggestion.store_id == store_id,
        or_(
            col(Suggestion.status) == SuggestionStatus.OPEN.value,
            col(Suggestion.decided_at) >= since,
        ),
    )
    return {(p, k) for p, k in session.exec(query) if p is not None}


def _open(session: Session, user_id: uuid.UUID, suggestion_id: uuid.UUID) -> Suggestion:
    suggestion = session.get(Suggestion, suggestion_id)
    if suggestion is None:
        raise NotFound(f"Suggestion {suggestion_id} does not exist.")
    require(
        session=session,
        store_id=suggestion.store_id,
        user_id=user_id,
        permission=Permission.OPERATE,
    )
    if suggestion.status != SuggestionStatus.OPEN.value:
        raise InvalidTransition(f"This suggestion was already {suggestion.status}.")
    return suggestion


def _decide(
    session: Session,
    suggestion: Suggestion,
    user_id: uuid.UUID,
    status: SuggestionStatus,
    reason: str | None,
) -> Suggestion:
    transitions.change(
        session,
        suggestion,
        (SuggestionStatus.OPEN,),
        status,
        "This suggestion",
        decision_reason=reason,
        decided_by_id=user_id,
        decided_at=utcnow(),
    )
    data: dict[str, Any] = {"kind": suggestion.kind, "reason": reason}
    audit.record(
        session=session,
        action=f"suggestion.{status.value}",
        subject_type="suggestion",
        subject_id=suggestion.id,
        actor_id=user_id,
        store_id=suggestion.store_id,
        data=data,
    )
    session.flush()
    return suggestion
