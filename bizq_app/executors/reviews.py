"""Public replies to reviews, by rating, lexicon sentiment and the topics the reviewer raised."""

from __future__ import annotations

import re
from typing import Any

from bizq_app.executors import customer_text as ct
from bizq_app.executors.sentiment import STOPWORDS, text_sentiment
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

PRAISE = {
    "shipping": "how quickly it arrived",
    "quality": "the quality",
    "scent": "the scent",
    "size": "the fit",
    "price": "the value",
    "service": "our service",
}
SORRY = {
    "wrong_item": "that we sent the wrong item",
    "missing": "that part of your order was missing",
    "shipping": "that delivery took longer than it should have",
    "quality": "that the quality didn't meet your expectations",
    "scent": "that the scent wasn't what you hoped for",
    "size": "that the sizing wasn't right for you",
    "price": "that it didn't feel like good value",
    "service": "that our service let you down",
    "billing": "about the trouble with your payment",
}
ALWAYS_BAD = ("damage", "wrong_item", "missing", "billing")
DAMAGE_WORDS = "broken|cracked|smashed|shattered|damaged|leaking|leaked|chipped|dented|crushed"
DAMAGED_THING = re.compile(
    rf"\b(?:the|my|a|one|your)\s+([a-z]+)\s+(?:arrived|was|came|is)\s+"
    rf"(?:completely\s+|totally\s+|all\s+)?({DAMAGE_WORDS})\b"
)
DAMAGE_BEFORE_THING = re.compile(rf"\b({DAMAGE_WORDS})\s+([a-z]+)\b")
CONTACT = {
    "amazon": "please reach out through Amazon's buyer-seller messages",
    "etsy": "please send us a message on Etsy",
}
FOLLOW_UP = {
    "damage": "ask for a photo of the damage, offer a replacement or refund, and check "
    "how it was packed",
    "wrong_item": "confirm what they ordered and send the right item",
    "missing": "check the tracking with the carrier and send what is missing",
    "quality": "ask what failed and check the batch with the supplier",
}
SENTENCE = re.compile(r"[.!?;\n]+|\bbut\b")


def respond_to_review(run: Run, data: StoreData) -> dict[str, Any]:
    """A public reply in the tone the review calls for, and whether the owner must act."""
    text = ct.normalise(str(run.input.get("review_text", "")))
    rating = int(run.input.get("rating", 3))
    _, text_label = text_sentiment(text)
    good, bad = _topics_by_polarity(text, text_sentiment(text, rating)[1])
    name = ct.first_name(run.input.get("reviewer_name"), "")
    risky = ct.risks(text)
    tone = _tone(rating, text_label, bad, serious=bool(risky))
    flag = rating <= 2 or bool(risky) or (rating >= 4 and text_label == "negative")
    contact = CONTACT.get(str(run.input.get("platform", "store")), "please contact us directly")
    body = _body(tone, rating, (good, bad), text, contact, serious=bool(risky))
    return {
        "reply": f"Hi {name or 'there'}, {body}",
        "tone": tone,
        "flag_for_owner": flag,
        "follow_up_action": _follow_up(name or "the reviewer", flag, bad, risky),
    }


def _topics_by_polarity(text: str, overall: str) -> tuple[list[str], list[str]]:
    """Topics praised and topics complained about, judged by the sentence that raised them."""
    good: list[str] = []
    bad: list[str] = []
    for sentence in SENTENCE.split(text):
        label = text_sentiment(sentence)[1]
        for topic in ct.topics(sentence):
            polarity = overall if label == "neutral" else label
            target = bad if topic in ALWAYS_BAD or polarity == "negative" else good
            if topic not in good + bad and (topic in PRAISE or target is bad):
                target.append(topic)
    return good, bad


def _tone(rating: int, text_label: str, bad: list[str], *, serious: bool) -> str:
    if rating <= 2 or (serious and rating == 3):
        return "apologetic"
    if rating == 3:
        return "helpful" if bad or text_label == "negative" else "neutral"
    return "helpful" if serious or bad or text_label == "negative" else "grateful"


def _body(
    tone: str,
    rating: int,
    topics: tuple[list[str], list[str]],
    text: str,
    contact: str,
    *,
    serious: bool,
) -> str:
    liked = _join([PRAISE[t] for t in topics[0]])
    if tone == "grateful":
        love = f" We're delighted you love {liked}." if liked else ""
        return f"thank you so much for the {rating}-star review!{love} We hope to see you again."
    if tone == "neutral":
        return "thank you for taking the time to review us. Your feedback helps us improve."
    glad = f" We're glad you liked {liked}." if liked else ""
    apology = _apology(topics[1], text, serious=serious)
    if tone == "helpful":
        return (
            f"thank you for your honest review.{glad} {apology} We'd love the chance to do "
            f"better: {contact}."
        )
    return (
        f"{apology[0].lower()}{apology[1:]}{glad} That's not the experience we want for you; "
        f"{contact} so we can put it right."
    )


def _apology(bad: list[str], text: str, *, serious: bool) -> str:
    sorry = _join([_damage(text) if t == "damage" else SORRY[t] for t in bad])
    if sorry:
        return f"We're so sorry {sorry}."
    if serious:
        return "We're sorry to hear this, and we take it very seriously."
    return "We're sorry this wasn't a better experience."


def _damage(text: str) -> str:
    """The damage in the reviewer's own words when they name it ("the jar arrived broken")."""
    found = DAMAGED_THING.search(text)
    if found and found.group(1) not in STOPWORDS:
        return f"that the {found.group(1)} arrived {found.group(2)}"
    found = DAMAGE_BEFORE_THING.search(text)
    if found and found.group(2) not in STOPWORDS:
        return f"that the {found.group(2)} arrived {found.group(1)}"
    return "that your order arrived damaged"


def _join(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _follow_up(name: str, flag: bool, bad: list[str], risky: list[str]) -> str | None:
    if risky:
        return (
            f"The review mentions {', '.join(risky[:3])}: keep a record, reply carefully and "
            f"contact {name} privately today."
        )
    if flag:
        step = next((FOLLOW_UP[t] for t in bad if t in FOLLOW_UP), "ask what went wrong")
        return f"Contact {name} privately within 24 hours: {step}."
    if bad:
        return f"Note the feedback on {_join([t.replace('_', ' ') for t in bad])} for the listing."
    return None
