"""An order's timeline (each step of the pipeline, when and what happened) and the
live announcement of a change on the store's event channel."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import NamedTuple

from sqlmodel import Session

from bizq_app.accounts import lookups as account_lookups
from bizq_app.core import events
from bizq_app.core.columns import utcnow
from bizq_app.sales.models import Order


def add(order: Order, step: str, note: str, by: str = "") -> None:
    """Append one step to the order's timeline (a new list, so the change is saved);
    ``by`` names the person who did it (empty: BizQ or the buyer)."""
    order.status_history = with_step(order, step, note, by)


def by(session: Session, user_id: uuid.UUID | None) -> str:
    """The person's name (or e-mail) as the timeline shows it ("" for BizQ or the buyer)."""
    user = account_lookups.find_user(session, user_id) if user_id else None
    return (user.full_name or user.email) if user else ""


def with_step(order: Order, step: str, note: str, by: str = "") -> list[dict[str, str]]:
    """The order's timeline with one more step, for a status change that writes both in
    one statement."""
    entry = {"at": utcnow().isoformat(timespec="seconds"), "step": step, "note": note}
    if by:
        entry["by"] = by
    return [*order.status_history, entry]


def has(order: Order, step: str) -> bool:
    """Whether the order's timeline holds ``step`` (a pipeline step done, say)."""
    return any(entry.get("step") == step for entry in order.status_history)


def shown(entries: list[dict[str, object]]) -> list[dict[str, str]]:
    """Timeline entries as a page lists them: ``at`` to the minute, ``step``, ``note``,
    and ``by`` (who did it; empty for BizQ or the buyer)."""
    return [
        {
            "at": str(e.get("at", ""))[:16].replace("T", " "),
            "step": str(e.get("step", "")),
            "note": str(e.get("note", "")),
            "by": str(e.get("by", "")),
        }
        for e in entries
    ]


def announce(session: Session, order: Order) -> None:
    """Tell the store's open pages (dashboard, orders) after commit."""
    data = {"order_id": str(order.id), "status": order.status}
    events.publish_on_commit(session, order.store_id, "order.updated", data)


class Step(NamedTuple):
    name: str  # what the seller reads
    description: str  # one line on what it means


STEPS = {
    "created": Step("Order placed", "The buyer placed the order (or it was imported)."),
    "history": Step("Imported as history", "Placed on a marketplace before BizQ was connected."),
    "stock_allocated": Step("Stock set aside", "The items are held for this order."),
    "awaiting_payment": Step("Waiting for payment", "The buyer is paying on the payment page."),
    "payment_unknown": Step("Payment being checked", "BizQ asks the provider whether it paid."),
    "payment_attempt_failed": Step("Payment attempt failed", "The buyer may try again."),
    "payment_failed": Step("Payment failed", "The payment was refused; the order is cancelled."),
    "payment_expired": Step("Payment expired", "The buyer did not pay in time."),
    "paid_after_cancel": Step("Paid after cancelling", "Money came in for a cancelled order."),
    "charged": Step("Paid", "The payment was taken."),
    "stock_released": Step("Stock put back", "The items went back into stock."),
    "notified": Step("Confirmation e-mailed", "The buyer got the order confirmation."),
    "fulfil:warehouse": Step("Ready to pack", "A pick list for the items from your stock."),
    "fulfil:digital": Step("Download links sent", "The buyer got the download links."),
    "fulfil:dropship": Step("Sent to the supplier", "The supplier ships these items."),
    "placing:dropship": Step("Sending to the supplier", "BizQ is placing the supplier order."),
    "shipped": Step("Shipped", "Items left with a carrier."),
    "delivered": Step("Delivered", "The order arrived."),
    "refunded": Step("Refunded", "Money was given back."),
    "cancelled": Step("Cancelled", "The order was cancelled."),
    "failed": Step("A step failed", "Fix what it says, then retry."),
    "stopped": Step("Steps stopped", "The order changed, so the steps left did not run."),
    "retried": Step("Retried", "The steps left were run again."),
    "follow_up": Step("Follow-up", "What BizQ does after delivery."),
    "follow_up_failed": Step("Follow-up not started", "A follow-up could not start."),
    "review": Step("Review received", "The buyer reviewed an item."),
    "erased": Step("Personal data erased", "The buyer's personal data was erased."),
}
"""Every timeline step's name and meaning, by its code (a group's step by its prefix:
``fulfil:dropship:<supplier id>`` is ``fulfil:dropship``)."""

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# What the seller is not shown in a note but may open under "Details": provider references
# (test payments, Stripe's payments, charges, sessions and refunds), BizQ's ids at a
# supplier, and row ids.
_REFERENCE = re.compile(
    r"\b(?:testpay|pi|ch|cs_test|cs_live|re|py|seti)_[A-Za-z0-9_]+"
    r"|\bbizq-[0-9a-f]{8,}\b"
    r"|\b[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\b"
)
_GROUP_CODE = re.compile(r"\b(?:fulfil|placing):(dropship|digital|warehouse)(?::[\w-]+)?")
_GROUP_WORDS = {
    "dropship": "Dropshipped items",
    "digital": "Digital items",
    "warehouse": "Items from your stock",
}
_TIDY = (  # what is left around a reference taken out of a sentence
    (re.compile(r"\s*;?\s*external id\s*(?=\))"), ""),
    (re.compile(r"\s*\(\s*\)"), ""),
    (re.compile(r"\s+as(?=\s*[.)]|\s+again\b)"), ""),
    (re.compile(r"\btask\s*(?=[.)])"), "task started"),
    (re.compile(r"\s+([.,;:])"), r"\1"),
    (re.compile(r"\s{2,}"), " "),
)


def step_of(code: str) -> Step:
    """The name and meaning of a timeline step's code."""
    found = STEPS.get(code) or STEPS.get(":".join(code.split(":")[:2]))
    return found or Step(code.split(":")[0].replace("_", " ").capitalize(), "")


def when(at: str) -> str:
    """A timeline time as anyone reads it, whatever the locale: ``7 Dec 2026, 14:03``
    (UTC, as stored)."""
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def plain(note: str) -> tuple[str, str]:
    """A note in plain words, and the references taken out of it (for "Details")."""
    text = _GROUP_CODE.sub(lambda m: _GROUP_WORDS[m.group(1)], note)
    references = list(dict.fromkeys(_REFERENCE.findall(text)))
    text = _REFERENCE.sub("", text)
    for pattern, replacement in _TIDY:
        text = pattern.sub(replacement, text)
    return text.strip(), ", ".join(references)


def for_seller(entries: list[dict[str, object]]) -> list[dict[str, str]]:
    """The timeline as the order's page shows it, newest first: ``at`` (readable),
    ``label``, ``note`` in plain words, ``details`` (references, "" for none) and ``by``."""
    shown_entries = []
    for entry in reversed(entries):
        note, details = plain(str(entry.get("note", "")))
        shown_entries.append(
            {
                "at": when(str(entry.get("at", ""))),
                "label": step_of(str(entry.get("step", ""))).name,
                "note": note,
                "details": details,
                "by": str(entry.get("by", "")),
            }
        )
    return shown_entries
