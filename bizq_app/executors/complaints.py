"""Handling complaints: root cause from topic words, compensation by severity and customer value."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from bizq_app.executors import customer_text as ct
from bizq_app.executors.sentiment import text_sentiment
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

# cause: (root cause for the store, what the customer is told, default remedy); first match wins
CAUSES: dict[str, tuple[str, str, str]] = {
    "damage": (
        "Damaged in transit: the packaging did not protect the item",
        "your order arriving damaged",
        "replacement",
    ),
    "wrong_item": (
        "Picking or packing error: the wrong item was sent",
        "receiving the wrong item",
        "replacement",
    ),
    "missing": ("Lost or incomplete delivery", "part of your order not arriving", "replacement"),
    "billing": ("Billing error at checkout or with the payment provider", "the charge", "none"),
    "quality": ("Product quality or a defect", "the quality of your item", "partial_refund"),
    "shipping": ("Slow delivery: carrier delay or late dispatch", "the slow delivery", "discount"),
    "size": ("Sizing not as the listing suggested", "the fit of your item", "replacement"),
    "scent": ("Scent not as the listing described", "the scent not being right", "discount"),
    "service": ("Slow or unhelpful customer service", "how we handled your questions", "discount"),
    "price": ("Price felt too high for what arrived", "the value of your order", "discount"),
}
SEVERITIES = ("low", "medium", "high")
BASE_AMOUNT = {"low": Decimal(5), "medium": Decimal(10), "high": Decimal(20)}
VERY_NEGATIVE = -0.6
LOYAL = Decimal(500)  # lifetime value from which the owner hears about any serious complaint
DEFAULT_CAP = Decimal(20)


def handle_complaint(run: Run, data: StoreData) -> dict[str, Any]:
    """Find what went wrong, size a remedy within the owner's cap, and reply."""
    text = ct.normalise(str(run.input.get("complaint", "")))
    found = ct.topics(text)
    cause = next((c for c in CAUSES if c in found), None)
    severity = _severity(run.input.get("severity", "medium"), text_sentiment(text)[0])
    value = ct.input_amount(run.input.get("customer_lifetime_value")) or Decimal(0)
    cap = ct.input_amount(run.input.get("max_compensation", 20))
    kind, amount, capped = _compensation(
        cause, severity, value, DEFAULT_CAP if cap is None else cap
    )
    escalate = _escalate(text, cause, severity, value, capped)
    ref = ct.order_reference(text, run.input.get("order_id"))
    return {
        "reply": _reply(cause, ref, kind, amount, escalated=escalate),
        "root_cause": _root_cause(cause, found),
        "compensation": {"type": kind, "amount": float(amount) if amount is not None else None},
        "escalate_to_owner": escalate,
        "follow_up_in_days": _follow_up(kind, severity, escalated=escalate),
    }


def _severity(given: str, score: float) -> str:
    """The owner's severity, one step up when the words are very negative."""
    level = SEVERITIES.index(given) if given in SEVERITIES else 1
    if score <= VERY_NEGATIVE:
        level = min(level + 1, 2)
    return SEVERITIES[level]


def _compensation(
    cause: str | None, severity: str, value: Decimal, cap: Decimal
) -> tuple[str, Decimal | None, bool]:
    """Remedy type, its amount (None when not money) and whether the cap cut it down."""
    remedy = CAUSES[cause][2] if cause else ("discount" if severity == "high" else "none")
    if remedy == "discount":
        remedy = "free_shipping" if severity == "low" and cause == "shipping" else "discount_code"
    if remedy not in ("discount_code", "partial_refund"):
        return remedy, None, False
    wanted = BASE_AMOUNT[severity] * _loyalty(value)
    amount = min(wanted, cap).quantize(ct.CENT, rounding=ROUND_DOWN)
    if amount <= 0:
        return "none", None, True
    return remedy, amount, wanted > cap


def _loyalty(value: Decimal) -> Decimal:
    if value >= 1000:
        return Decimal(2)
    return Decimal("1.5") if value >= 250 else Decimal(1)


def _escalate(text: str, cause: str | None, severity: str, value: Decimal, capped: bool) -> bool:
    """Risk words, high severity, billing, loyal customers and cut remedies go to the owner."""
    if ct.risks(text) or severity == "high" or cause == "billing":
        return True
    return (value >= LOYAL and severity != "low") or capped


def _root_cause(cause: str | None, found: dict[str, list[str]]) -> str:
    if cause is None:
        return "Unclear from the complaint: ask the customer what happened (and for a photo)."
    others = [c.replace("_", " ") for c in CAUSES if c in found and c != cause]
    words = ", ".join(found[cause][:3])
    also = f"; also mentioned: {', '.join(others)}" if others else ""
    return f"{CAUSES[cause][0]} (customer wrote: {words}){also}."


def _reply(
    cause: str | None, ref: str | None, kind: str, amount: Decimal | None, *, escalated: bool
) -> str:
    about = CAUSES[cause][1] if cause else "your experience with us"
    order = f" with order {ref}" if ref else ""
    parts = [f"Hello, I'm truly sorry about {about}{order}. Thank you for telling us."]
    if cause in ("damage", "quality", "wrong_item"):
        parts.append("Could you send us a photo so we can stop it happening again?")
    if cause == "billing":
        parts.append("We're checking the charge with our payment provider and will correct it.")
    parts.append(_offer(kind, amount))
    if escalated:
        parts.append("The store owner is looking at this personally.")
    parts.append("We'll keep you updated.")
    return " ".join(p for p in parts if p)


def _offer(kind: str, amount: Decimal | None) -> str:
    shown = ct.shown(amount) if amount is not None else ""
    return {
        "replacement": "We'd like to send you a replacement at no cost to you.",
        "partial_refund": f"As an apology, we'd like to refund {shown} of your order.",
        "discount_code": f"As an apology, we'll send you a discount code worth {shown}.",
        "free_shipping": "As an apology, your next order ships free.",
    }.get(kind, "")


def _follow_up(kind: str, severity: str, *, escalated: bool) -> int | None:
    if escalated:
        return 1
    days = {"replacement": 7, "partial_refund": 3, "discount_code": 3, "free_shipping": 5}
    return days.get(kind, None if severity == "low" else 3)
