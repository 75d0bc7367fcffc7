"""Messages the store starts: review requests within the review rules, and win-back offers."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

from bizq_app.executors import customer_text as ct
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

OPT_OUT = "Reply STOP to opt out."
SENTIMENT_TIED = ct.phrase_list(
    "5 star|5-star|five star|five-star|positive|good review|great review|glowing|"
    "favourable|favorable|if you like|if you love|happy customers"
)
# (days since the last order from which the tier applies, share of the largest discount)
WIN_BACK_TIERS = ((180, Decimal(1)), (90, Decimal("0.66")), (45, Decimal("0.33")))
TOO_EARLY_DAYS = 3


def request_reviews(run: Run, data: StoreData) -> dict[str, Any]:
    """A review request and one reminder, timed from delivery, with the rules they must keep."""
    days = int(run.input.get("days_since_delivery", 7))
    sms = run.input.get("channel", "email") == "sms"
    incentive = " ".join(str(run.input.get("incentive", "")).split())
    thanks = (
        f" As a thank-you for any honest review, good or bad, you'll receive {incentive}. "
        "Please mention this thank-you in your review."
        if incentive and not _tied_to_sentiment(incentive)
        else ""
    )
    return {
        "request_message": _request(days, thanks, sms=sms),
        "reminder_message": _reminder(thanks, sms=sms),
        "send_after_days": days,
        "reminder_after_days": _reminder_gap(days),
        "compliance_notes": _compliance(days, incentive, run.input.get("product_ids"), sms=sms),
    }


def _request(days: int, thanks: str, *, sms: bool) -> dict[str, str | None]:
    since = "yesterday" if days == 1 else f"{days} days ago"
    if sms:
        return {
            "subject": None,
            "body": f"Hi! Your order arrived {since}. How is it? We'd love an honest "
            f"review: [review link].{thanks} {OPT_OUT}",
        }
    return {
        "subject": "How are you finding your order?",
        "body": f"Hi there,\n\nYour order arrived {since}, and we'd love to know what you "
        "think. Good or bad, an honest review helps other shoppers choose and helps us "
        f"improve. It takes about a minute: [review link].{thanks}\n\nThank you!",
    }


def _reminder(thanks: str, *, sms: bool) -> dict[str, str | None]:
    if sms:
        return {
            "subject": None,
            "body": f"A quick reminder: an honest review of your order helps us a lot: "
            f"[review link].{thanks} {OPT_OUT}",
        }
    return {
        "subject": "A quick reminder: how was your order?",
        "body": "Hi there,\n\nJust a gentle reminder: if you have a minute, we'd value an "
        f"honest review of your order: [review link].{thanks}\n\nIf you've already "
        "reviewed it, thank you, and please ignore this message.",
    }


def _reminder_gap(days: int) -> int:
    """Later requests get a shorter wait: memories of the order fade."""
    if days <= 14:
        return 7
    return 5 if days <= 30 else 3


def _compliance(days: int, incentive: str, product_ids: object, *, sms: bool) -> list[str]:
    notes = [
        "Ask every customer, not only happy ones: choosing whom to ask by expected "
        "sentiment (review gating) is banned by the FTC and by Google.",
        "Never ask for a positive or 5-star review, and never write or edit a review "
        "for a customer.",
    ]
    if isinstance(product_ids, list) and product_ids:
        notes.append(
            f"Send only for orders with the {len(product_ids)} chosen product(s), and to "
            "every such customer."
        )
    notes += _incentive_rules(incentive)
    if sms:
        notes.append("Text only customers who agreed to receive texts (TCPA); keep the opt-out.")
    else:
        notes.append("Include an unsubscribe link and the store's postal address (CAN-SPAM).")
    if days < TOO_EARLY_DAYS:
        notes.append(
            f"{days} day(s) after delivery may be before the product was used; 5-10 days "
            "gives more useful reviews."
        )
    return notes


def _incentive_rules(incentive: str) -> list[str]:
    if not incentive:
        return ["No incentive is offered, so no disclosure is needed."]
    notes = [
        f"The incentive ({incentive[:80]}) must be given for any honest review, never "
        "depend on the rating (FTC rule on consumer reviews, 16 CFR 465).",
        "Reviewers must disclose the incentive; the messages ask them to.",
        "Amazon and Google forbid incentivised reviews: don't offer it for reviews there.",
    ]
    tied = _tied_to_sentiment(incentive)
    if tied:
        notes.append(
            f"The incentive text mentions '{tied[0]}', so the messages leave it out: reword "
            "it so it isn't tied to a positive review."
        )
    return notes


def _tied_to_sentiment(incentive: str) -> list[str]:
    return ct.matches(ct.normalise(incentive), SENTIMENT_TIED)


def win_back(run: Run, data: StoreData) -> dict[str, Any]:
    """An offer sized by how long the customer has been away, in a note on what they bought."""
    days = int(run.input.get("days_since_last_order", 90))
    largest = ct.input_amount(run.input.get("max_discount_percent", 15)) or Decimal(0)
    percent = _win_back_discount(days, largest)
    sms = run.input.get("channel", "email") == "sms"
    name = ct.first_name(run.input.get("customer_name"), "")
    favourites = [" ".join(str(p).split()) for p in run.input.get("favourite_products") or []]
    favourites = [p for p in favourites if p][:2]
    expires = 7 if days >= 180 else 14
    offer = _offer_text(percent, expires)
    return {
        "subject": None if sms else _subject(name, favourites, percent),
        "message": _win_back_message(name, favourites, offer, days, sms=sms),
        "offer": {
            "description": offer,
            "discount_percent": float(percent) if percent else None,
            "expires_in_days": expires,
        },
        "follow_up_after_days": 4 if expires == 7 else 7,
    }


def _win_back_discount(days: int, largest: Decimal) -> Decimal:
    """The longer the customer has been away, the bigger the share of the largest discount."""
    share = next((s for since, s in WIN_BACK_TIERS if days >= since), Decimal(0))
    return (largest * share).quantize(Decimal(1), rounding=ROUND_DOWN)


def _offer_text(percent: Decimal, expires: int) -> str:
    if not percent:
        return "A personal note with what's new; no discount."
    return f"{percent}% off your next order, valid for {expires} days."


def _subject(name: str, favourites: list[str], percent: Decimal) -> str:
    who = f"{name}, we" if name else "We"
    if percent:
        return f"{who} miss you: {percent}% off your next order"
    if favourites:
        return f"{who} miss you: {favourites[0][:60]} and more are waiting"
    return f"{who} miss you: see what's new"


def _win_back_message(name: str, favourites: list[str], offer: str, days: int, *, sms: bool) -> str:
    hello = f"Hi {name}" if name else "Hi there"
    away = _time_away(days)
    liked = f" since you picked up {' and '.join(f[:60] for f in favourites)}" if favourites else ""
    deal = f" Here's something for you: {offer}" if not offer.startswith("A personal") else ""
    if sms:
        return f"{hello}! {away}{liked}.{deal} Shop: [store link] {OPT_OUT}"
    return (
        f"{hello},\n\n{away}{liked}, and we wanted to say hello. We've been busy in the "
        f"shop and think you'll like what's new.{deal}\n\n[Shop now]\n\nSee you soon!"
    )


def _time_away(days: int) -> str:
    if days >= 365:
        return "It's been over a year"
    return f"It's been {days // 30} months" if days >= 60 else "It's been a little while"
