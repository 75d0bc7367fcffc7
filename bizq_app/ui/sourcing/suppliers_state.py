"""The Suppliers page: search the supplier catalog; every score is explained."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import reflex as rx

from bizq_app.core.errors import BizQError, ValidationFailed
from bizq_app.core.money import format_amount
from bizq_app.sourcing import sourcing
from bizq_app.sourcing.live_suppliers import live_suppliers
from bizq_app.ui.errors import form_errors
from bizq_app.ui.state import SessionState


class SuppliersState(SessionState):
    offers: list[dict[str, Any]] = []
    errors: dict[str, str] = {}
    searched: bool = False

    @rx.event
    def search(self, form: dict[str, Any]) -> None:
        try:
            ranked = sourcing.search(
                query=str(form.get("q", "")),
                budget=_amount(form, "budget"),
                target_price=_amount(form, "target_price"),
                max_moq=_whole(form, "max_moq"),
                ship_to=str(form.get("ship_to") or "US"),
                kinds=[form["kind"]] if form.get("kind") not in (None, "", "any") else [],
                limit=20,
                live=live_suppliers(str(form.get("q", ""))),
            )
        except BizQError as exc:
            self.errors, self.offers = form_errors(exc), []
            return
        self.errors, self.searched = {}, True
        self.offers = [_card(r) for r in ranked]


def _amount(form: dict[str, Any], name: str) -> Decimal | None:
    text = str(form.get(name) or "").strip()
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise ValidationFailed.field(f"$.{name}", "must be an amount such as 250") from exc


def _whole(form: dict[str, Any], name: str) -> int | None:
    text = str(form.get(name) or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise ValidationFailed.field(f"$.{name}", "must be a whole number")
    return int(text)


def _card(r: sourcing.RankedOffer) -> dict[str, Any]:
    return {
        "supplier": r.supplier.name,
        "kind": r.supplier.kind.replace("_", " "),
        "website": r.supplier.website,
        "product": r.offer.product,
        "moq": str(r.tier.min_qty),
        "unit_cost": format_amount(r.tier.unit_cost),
        "first_order": format_amount(r.first_order_cost),
        "margin": f"{r.margin_percent}% at {format_amount(r.target_price)}",
        "ships": f"{r.supplier.shipping_days_min}–{r.supplier.shipping_days_max} days",
        "score": str(r.score),
        "reasons": list(r.reasons),
    }
