"""Return requests decided by the store's window and the reason, never refunding more than asked."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bizq_app.executors import customer_text as ct
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

STORE_FAULT = ("damaged", "wrong_item")  # the store pays: no need to send the item back
HALF = Decimal("0.5")


@dataclass(frozen=True)
class Decision:
    """What the rules decide for one return: outcome, share refunded, label and restock."""

    outcome: str
    share: Decimal
    label: bool
    restock: bool


def process_return(run: Run, data: StoreData) -> dict[str, Any]:
    """Approve, part-refund or decline a return, with a message and the store's reasoning."""
    message = str(run.input.get("customer_message", ""))
    text = ct.normalise(message)
    reason = _reason(str(run.input.get("reason", "other")), text)
    window = int(run.input.get("return_window_days", 30))
    elapsed = ct.elapsed_days(text)
    late = reason == "too_late" or (elapsed is not None and elapsed > window)
    late = late or (window == 0 and reason not in STORE_FAULT + ("not_as_described",))
    decision = decide(reason, late=late)
    requested = ct.input_amount(run.input.get("refund_requested"))
    amount = (requested * decision.share).quantize(ct.CENT) if requested else Decimal(0)
    ref = ct.order_reference(message, run.input.get("order_id")) or "your order"
    return {
        "decision": decision.outcome,
        "refund_amount": float(amount),
        "return_label_needed": decision.label,
        "restock": decision.restock,
        "customer_message": _message(decision, reason, ref, amount, window),
        "internal_note": _note(decision, reason, (window, elapsed), requested, amount),
    }


def decide(reason: str, *, late: bool) -> Decision:
    """The return policy: store faults are refunded without a return, late ones in half;
    changes of mind are refunded on return within the window and declined after it."""
    if reason in STORE_FAULT:
        return Decision(
            "partial" if late else "approved", HALF if late else Decimal(1), False, False
        )
    if reason == "not_as_described":
        return Decision("partial" if late else "approved", HALF if late else Decimal(1), True, True)
    if late:
        return Decision("denied", Decimal(0), False, False)
    return Decision("approved", Decimal(1), True, True)


def _reason(given: str, text: str) -> str:
    """The reason given; for "other", the one the customer's words point to, if any."""
    if given != "other":
        return given
    found = ct.topics(text)
    if "damage" in found:
        return "damaged"
    return "wrong_item" if "wrong_item" in found else "other"


def _message(decision: Decision, reason: str, ref: str, amount: Decimal, window: int) -> str:
    refund = f"a refund of {ct.shown(amount)}" if amount else "a refund"
    sorry = {
        "damaged": "We're sorry your item arrived damaged. ",
        "wrong_item": "We're sorry we sent the wrong item. ",
        "not_as_described": "We're sorry the item wasn't as described. ",
    }.get(reason, "")
    head = f"Thank you for getting in touch about {ref}. {sorry}"
    if decision.outcome == "denied":
        return (
            f"{head}Your request falls outside our {window}-day return window, so we're "
            "unable to refund it this time. If something is wrong with the item itself, "
            "reply with a photo and we'll take another look."
        )
    keep = " You don't need to send it back." if not decision.label else ""
    if decision.outcome == "partial":
        return (
            f"{head}As this reached us after our {window}-day return window, we can offer "
            f"{refund}, half of what you asked for.{keep}"
        )
    steps = " We'll email you a return label; the refund follows once it arrives back."
    return f"{head}We've approved {refund}.{keep if keep else steps}"


def _note(
    decision: Decision,
    reason: str,
    timing: tuple[int, int | None],
    requested: Decimal | None,
    amount: Decimal,
) -> str:
    window, elapsed = timing
    when = (
        f"The customer says about {elapsed} days have passed (window {window} days)."
        if elapsed is not None
        else f"The message doesn't say when the order arrived: check it against the "
        f"{window}-day window before refunding."
    )
    money = _refund_note(decision, requested, amount)
    stock = "Restock after checking it's unused." if decision.restock else "Don't restock."
    extra = " Goodwill option: store credit for a regular customer." if decision.share == 0 else ""
    reason_text = reason.replace("_", " ")
    return f"{decision.outcome.capitalize()} ({reason_text}). {when} {money} {stock}{extra}"


def _refund_note(decision: Decision, requested: Decimal | None, amount: Decimal) -> str:
    if decision.share == 0:
        return "No refund."
    if requested is None:
        share = "half of " if decision.share < 1 else ""
        return (
            f"No amount was given, so refund_amount is 0: refund {share}the order's paid "
            "amount by hand."
        )
    return f"Refund {ct.shown(amount)} of the {ct.shown(requested)} asked for."
