"""Reading what customers write: topics, risk words, names and order numbers (offline rules)."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_DOWN, Decimal

from bizq_app.core.money import CENT

LARGEST = Decimal("1000000000")  # amounts above this are typos; keeps Decimal in range


def phrase_list(joined: str) -> tuple[str, ...]:
    """Phrases written ``a|b|c`` (compact to keep long word lists readable) as a tuple."""
    return tuple(joined.split("|"))


# Each topic is matched on whole words/phrases of the lower-cased text.
TOPICS: dict[str, tuple[str, ...]] = {
    "damage": phrase_list(
        "broken|broke|smashed|shattered|cracked|crushed|dented|damaged|leaked|"
        "leaking|leaky|spilled|torn|ripped|chipped|snapped"
    ),
    "wrong_item": phrase_list(
        "wrong item|wrong product|wrong colour|wrong color|wrong one|"
        "not what i ordered|sent the wrong|received the wrong|different item"
    ),
    "missing": phrase_list(
        "missing|never arrived|never received|never came|didn't arrive|"
        "did not arrive|not received|lost|empty box|stolen"
    ),
    "shipping": phrase_list(
        "shipping|delivery|delivered|arrived late|late|slow|took forever|courier|"
        "postage|dispatch|dispatched|delayed|delay|arrived quickly|fast delivery|"
        "fast shipping|quick delivery|arrived fast|fast|quickly|speedy"
    ),
    "quality": phrase_list(
        "quality|cheap|flimsy|poorly made|fell apart|stopped working|doesn't work|"
        "does not work|defective|faulty|faded|peeling|scratched|well made|sturdy|"
        "durable|craftsmanship"
    ),
    "scent": phrase_list(
        "smell|smells|smelled|smelt|scent|scents|scented|fragrance|odor|odour|aroma|stinks|perfume"
    ),
    "size": phrase_list(
        "size|sizing|too small|too big|too large|too tight|too loose|fit|fits|"
        "runs small|runs large|tiny|smaller than|bigger than"
    ),
    "price": phrase_list("price|expensive|overpriced|pricey|value|worth|affordable|bargain|cost"),
    "service": phrase_list(
        "customer service|support|rude|no reply|no response|ignored|unhelpful|"
        "helpful|staff|seller|communication|responsive"
    ),
    "billing": phrase_list(
        "charged twice|double charged|overcharged|billing|charged me|payment|invoice"
    ),
}
RISK_PHRASES = phrase_list(
    "chargeback|charge back|lawyer|attorney|legal action|sue|suing|lawsuit|fraud|"
    "scam|scammed|scammer|police|bbb|better business bureau|trading standards|"
    "allergic|allergy|anaphylaxis|rash|injury|injured|hospital|caught fire|"
    "set fire|poisoned|poisoning|dangerous|unsafe|dispute|report you"
)
NAME_MARKS = "'-."
ORDER_HASH = re.compile(r"#\s?([a-z0-9][a-z0-9-]{1,24})", re.IGNORECASE)
ORDER_WORD = re.compile(
    r"\border\s+(?:number|no\.?|num|id|nr)?\s*[:#]?\s*([a-z]{0,5}-?[0-9]{3,}[0-9a-z-]{0,20})",
    re.IGNORECASE,
)
ELAPSED = re.compile(r"\b([0-9]{1,3}|an?)\s*(day|week|month|year)s?\s+ago\b")
UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}


def normalise(text: str) -> str:
    """``text`` lower-cased, with curly apostrophes straightened and whitespace collapsed."""
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").lower().split())


def matches(text: str, phrases: tuple[str, ...]) -> list[str]:
    """The ``phrases`` found as whole words in already-normalised ``text``, in their order."""
    return [p for p in phrases if re.search(rf"(?<![\w']){re.escape(p)}(?![\w'])", text)]


def topics(text: str) -> dict[str, list[str]]:
    """Each topic the normalised ``text`` touches, with the words that showed it."""
    found = {name: matches(text, phrases) for name, phrases in TOPICS.items()}
    return {name: words for name, words in found.items() if words}


def risks(text: str) -> list[str]:
    """Legal, payment-dispute and safety words in the normalised ``text``."""
    return matches(text, RISK_PHRASES)


def first_name(value: object, fallback: str) -> str:
    """A customer's first name, capitalised and cleaned of symbols; else ``fallback``."""
    if not isinstance(value, str):
        return fallback
    kept = "".join(c if _name_char(c) else " " for c in value)
    words = kept.split()
    name = words[0].strip(NAME_MARKS)[:40] if words else ""
    return name[:1].upper() + name[1:] if any(c.isalpha() for c in name) else fallback


def _name_char(char: str) -> bool:
    return char in NAME_MARKS or unicodedata.category(char)[0] in ("L", "M")


def order_reference(message: str, order_id: object) -> str | None:
    """The order the customer means: a number they wrote (``#1042``), else the order id."""
    for pattern in (ORDER_HASH, ORDER_WORD):
        for found in pattern.finditer(message):
            if any(c.isdigit() for c in found.group(1)):
                return f"#{found.group(1).strip('-')}"
    if isinstance(order_id, str) and order_id.strip():
        return order_id.strip()
    return None


def elapsed_days(text: str) -> int | None:
    """Days since the purchase or delivery, when the normalised ``text`` says ("3 weeks ago")."""
    found = ELAPSED.search(text)
    if found is None:
        return 365 if matches(text, ("last year",)) else None
    count = 1 if found.group(1) in ("a", "an") else int(found.group(1))
    return count * UNIT_DAYS[found.group(2)]


def input_amount(value: object) -> Decimal | None:
    """A non-negative amount from the input as Decimal cents, or None; rounded down
    (not half-up like ``core.money.quantize``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    amount = Decimal(str(value))
    if not amount.is_finite() or amount < 0:
        return None
    return min(amount, LARGEST).quantize(CENT, rounding=ROUND_DOWN)


def shown(amount: Decimal) -> str:
    """``amount`` as customers read it: ``12.50``, or ``12`` for whole amounts."""
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"
