"""Answering customer messages: intent by phrase rules, lexicon sentiment, escalation."""

from __future__ import annotations

import re
from typing import Any

from bizq_app.executors import customer_text as ct
from bizq_app.executors.sentiment import STOPWORDS, text_sentiment
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

# (topic, phrase pattern, weight): strong phrases 3, plain keywords 1-2.
RULES: tuple[tuple[str, str, int], ...] = (
    ("order_status", r"where(?:'s| is) my (?:order|package|parcel|stuff|delivery)", 3),
    ("order_status", r"(?:order|package|parcel|delivery) status", 3),
    ("order_status", r"\btrack(?:ing)?\b", 2),
    (
        "order_status",
        r"(?:hasn't|has not|haven't|have not|still not|not yet) (?:arrived|come|got)",
        3,
    ),
    ("order_status", r"(?:haven't|have not|never|not) (?:received|got) (?:my|the|it)", 3),
    ("order_status", r"still waiting", 2),
    (
        "order_status",
        r"when will (?:my|it|the) (?:order |package |parcel )?(?:arrive|ship|come)",
        3,
    ),
    (
        "order_status",
        r"(?:has|did|was) (?:my order|my package|it) (?:ship|shipped|sent|dispatched)",
        3,
    ),
    ("shipping", r"how long (?:does|will|is) (?:the )?(?:shipping|delivery|it take)", 3),
    ("shipping", r"(?:delivery|shipping) (?:time|times|cost|costs|fee|fees|estimate|rates?)", 3),
    ("shipping", r"\bdo you (?:ship|deliver)\b|\bdeliver to\b|\bship to\b", 3),
    ("shipping", r"\b(?:shipping|international|overseas|express|postage|next day)\b", 1),
    ("returns", r"\breturn(?:s|ing|ed)?\b|\bsend (?:it|them) back\b", 2),
    ("returns", r"\brefund(?:s|ed)?\b|\bmoney back\b", 2),
    ("exchange", r"\bexchange\b|\bswap\b", 3),
    ("exchange", r"(?:wrong|different|bigger|smaller) size|too (?:small|big|large|tight|loose)", 3),
    ("product_question", r"\b(?:made of|material|ingredients?|dimensions|measurements)\b", 2),
    ("product_question", r"\b(?:size chart|compatible|vegan|cruelty.free|gluten|allergens)\b", 2),
    (
        "product_question",
        r"\b(?:in stock|back in stock|restock|available in|how (?:do i|to) use)\b",
        2,
    ),
    ("product_question", r"\b(?:does|do|is|are|can|will) (?:it|this|the|these|they)\b", 1),
    ("discount", r"\b(?:discount|coupon|promo|promotion|voucher|sale|offer)s?\b", 2),
    ("discount", r"\b(?:code)\b", 1),
    ("payment", r"charged twice|double charged|overcharged|charged me", 3),
    ("payment", r"\bcharge ?backs?\b|\bdispute\b", 3),
    ("payment", r"\b(?:payment|paid|pay|card|paypal|invoice|receipt|billing)\b", 2),
    ("cancellation", r"\bcancel(?:l?ed|l?ing|lation)?\b", 3),
    ("complaint", r"\b(?:complain|complaint|unacceptable|disgusted|furious|ridiculous)\b", 2),
    ("complaint", r"\b(?:worst|terrible|awful|horrible|broken|damaged|cracked|leaking)\b", 2),
)
INTENTS = {
    "order_status": "order_status",
    "cancellation": "order_status",
    "returns": "returns",
    "exchange": "returns",
    "payment": "payment",
    "discount": "payment",
    "shipping": "shipping",
    "product_question": "product_question",
    "complaint": "complaint",
    "other": "other",
}
LOW_CONFIDENCE = 0.5
VERY_NEGATIVE = -0.6
SUBJECT = re.compile(r"\b(?:the|this|these|your|that)\s+([a-z][a-z-]+(?:\s+[a-z][a-z-]+){0,2})")
NOT_PRODUCTS = {"order", "package", "parcel", "money", "refund", "website", "site", "shop", "store"}
SUBJECT_STOP = STOPWORDS | {"made", "contain", "contains", "work", "works", "fit", "fits", "come"}


def answer_inquiry(run: Run, data: StoreData) -> dict[str, Any]:
    """Classify a customer's message, decide whether a person must handle it, and reply."""
    raw = str(run.input.get("message", ""))
    text = ct.normalise(raw)
    topic, confidence = classify(text)
    score, _ = text_sentiment(text)
    ref = ct.order_reference(raw, run.input.get("order_id"))
    reason = _escalation(text, topic, confidence, score)
    tone = run.input.get("tone", "friendly")
    channel = run.input.get("channel", "email")
    reply = " ".join(
        p
        for p in (
            _greeting(tone, score),
            _body(topic, ref, text),
            "I've passed your message to the store owner, who will follow up with you."
            if reason
            else "",
            _closing(tone, channel),
        )
        if p
    )
    return {
        "reply": reply,
        "intent": INTENTS[topic],
        "escalation_needed": reason is not None,
        "escalation_reason": reason,
        "suggested_actions": _actions(topic, ref, text, reason),
        "confidence": confidence,
    }


def classify(text: str) -> tuple[str, float]:
    """The most likely topic of a normalised message and a 0-1 confidence from rule strength.

    Confidence grows with the winning topic's weight and with its lead over the runner-up.
    """
    scores: dict[str, int] = {}
    for topic, pattern, weight in RULES:
        if re.search(pattern, text):
            scores[topic] = scores.get(topic, 0) + weight
    if not scores:
        return "other", 0.3
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], list(INTENTS).index(kv[0])))
    best = ranked[0][1]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    confidence = 0.35 + 0.35 * min(1.0, best / 4) + 0.25 * (best - runner_up) / best
    return ranked[0][0], round(min(confidence, 0.95), 2)


def _escalation(text: str, topic: str, confidence: float, score: float) -> str | None:
    risky = ct.risks(text)
    if risky:
        return f"Mentions {', '.join(risky[:3])}: legal, payment-dispute or safety risk."
    if confidence < LOW_CONFIDENCE:
        return "The rules could not tell what the customer wants; a person should read it."
    if score <= VERY_NEGATIVE and topic in ("complaint", "returns", "payment"):
        return "The customer is very upset; a personal reply keeps them."
    return None


def _greeting(tone: str, score: float) -> str:
    upset = score <= -0.05
    if tone == "apologetic" or (upset and tone == "friendly"):
        return "Hello, and I'm sorry for the trouble."
    if tone == "professional":
        return "Hello, thank you for contacting us."
    return "Hi there, thanks so much for getting in touch!"


def _body(topic: str, ref: str | None, text: str) -> str:
    order = f"order {ref}" if ref else "your order"
    ask = "" if ref else " Could you send me your order number so I can look it up?"
    bodies = {
        "order_status": f"I'm checking the status of {order} and will send you its tracking "
        f"details as soon as I have them.{ask}",
        "cancellation": f"I've noted that you'd like to cancel {order}. I'll check whether "
        f"it has already shipped and confirm what's possible.{ask}",
        "shipping": "Delivery times depend on the destination and the shipping method chosen "
        "at checkout, so I'll confirm the estimate for your address.",
        "returns": f"I can help with a return for {order}. Could you tell me which item it "
        "is and why it's going back? I'll check it against our return policy and send you "
        "the next steps.",
        "exchange": f"Happy to help you get the right size. Tell me which size you'd like "
        f"instead and I'll check it's in stock and explain how an exchange works for {order}.",
        "product_question": f"Thanks for your question about {_subject(text)}. I'll check "
        "the product details so I can give you an accurate answer.",
        "discount": "I'll check which offers are running right now and whether one "
        f"applies to {order}.",
        "payment": f"I'll look into the payment for {order} and get back to you with what "
        f"happened.{ask if 'charged' in text else ''}",
        "complaint": f"I'm really sorry to hear about this. Could you send a photo of the "
        f"problem{f' with order {ref}' if ref else ''}? I'll review it and come back to you "
        "with a way to put it right.",
    }
    return bodies.get(
        topic,
        "I've read your message and want to make sure you get the right "
        "answer, so I'm checking with the right person.",
    )


def _subject(text: str) -> str:
    for found in SUBJECT.finditer(text):
        words = found.group(1).split()
        cut = next((i for i, w in enumerate(words) if w in SUBJECT_STOP), len(words))
        if cut and words[0] not in NOT_PRODUCTS:
            return f"the {' '.join(words[:cut])}"
    return "this product"


def _closing(tone: str, channel: str) -> str:
    if channel == "chat":
        return "Anything else I can help with?"
    if channel == "marketplace":
        return "Please keep our conversation in this marketplace's messages. Kind regards."
    if channel == "social":
        return "Feel free to send us a direct message with your order details."
    signoffs = {"professional": "Kind regards,", "apologetic": "Thank you for your patience."}
    return f"{signoffs.get(tone, 'Have a lovely day!')} Customer care"


def _actions(topic: str, ref: str | None, text: str, reason: str | None) -> list[str]:
    order = f"order {ref}" if ref else "the order (ask the customer for the number)"
    actions = {
        "order_status": [f"Look up {order} and send the tracking link"],
        "cancellation": [f"Check whether {order} has shipped; cancel and refund it if not"],
        "shipping": ["Confirm the shipping options and times for the customer's address"],
        "returns": [f"Check {order} against the return window", "Send return instructions"],
        "exchange": ["Check stock of the size asked for", f"Arrange the exchange for {order}"],
        "product_question": ["Answer from the product page; add the answer to the FAQ"],
        "discount": ["Check current offers; decide whether to send a code"],
        "payment": [f"Check the payment provider for the charges on {order}"],
        "complaint": [f"Review {order} and the photo; decide on a remedy"],
    }.get(topic, [_unclassified(text)])
    risky = ct.risks(text)
    if any(w in risky for w in ("chargeback", "charge back", "dispute", "fraud")):
        actions.append("Gather order, payment and delivery proof before the dispute deadline")
    if any(w in risky for w in ("allergic", "allergy", "anaphylaxis", "rash", "injury")):
        actions.append("Record the product and batch; review ingredient labelling")
    if reason:
        actions.append("Hand this conversation to the owner")
    return actions


def _unclassified(text: str) -> str:
    if not text:
        return "The message is empty: ask the customer what they need"
    excerpt = text if len(text) <= 80 else f"{text[:77]}..."
    return f'Read the message and reply personally: "{excerpt}"'
