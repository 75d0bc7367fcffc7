"""Review sentiment with a small bundled lexicon (VADER-style rules, offline)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run

LEXICON = {
    "love": 3.0,
    "loved": 3.0,
    "amazing": 3.1,
    "excellent": 3.2,
    "perfect": 3.0,
    "great": 2.8,
    "awesome": 3.0,
    "fantastic": 3.2,
    "beautiful": 2.8,
    "gorgeous": 2.9,
    "good": 1.9,
    "nice": 1.8,
    "happy": 2.4,
    "recommend": 1.8,
    "fast": 1.2,
    "quick": 1.1,
    "soft": 1.0,
    "comfortable": 1.8,
    "lovely": 2.7,
    "sturdy": 1.5,
    "worth": 1.4,
    "pleased": 2.2,
    "delicious": 2.8,
    "fresh": 1.3,
    "friendly": 2.0,
    "helpful": 2.0,
    "best": 3.0,
    "works": 1.0,
    "smells": 0.3,
    "cute": 2.0,
    "well": 1.0,
    "bad": -2.5,
    "terrible": -3.2,
    "awful": -3.1,
    "horrible": -3.2,
    "poor": -2.3,
    "broken": -2.6,
    "broke": -2.4,
    "cheap": -1.2,
    "disappointed": -2.4,
    "disappointing": -2.4,
    "slow": -1.5,
    "late": -1.6,
    "never": -0.8,
    "refund": -1.2,
    "return": -0.8,
    "returned": -1.2,
    "waste": -2.8,
    "worst": -3.4,
    "hate": -3.0,
    "ugly": -2.6,
    "smelly": -2.0,
    "leaked": -2.2,
    "leaking": -2.2,
    "damaged": -2.5,
    "missing": -2.0,
    "wrong": -2.0,
    "rude": -2.8,
    "flimsy": -2.0,
    "itchy": -1.8,
    "small": -0.6,
    "expensive": -1.3,
    "faded": -1.6,
    "scratched": -2.0,
    "useless": -2.8,
    "meh": -1.0,
}
NEGATIONS = {
    "not",
    "no",
    "never",
    "isn't",
    "wasn't",
    "don't",
    "didn't",
    "doesn't",
    "can't",
    "won't",
    "hardly",
    "without",
}
BOOSTERS = {
    "very": 0.3,
    "really": 0.3,
    "so": 0.2,
    "extremely": 0.4,
    "super": 0.3,
    "absolutely": 0.4,
    "totally": 0.3,
    "quite": 0.1,
    "slightly": -0.3,
    "somewhat": -0.2,
}
STOPWORDS = set(
    """a an the and or but if of to in on at for with from by is are was were be been
it its this that these those i me my we our you your they them their he she his her as so
very really just too also than then there here have has had do does did not no can could
would will should one all any some more most much many get got""".split()
)
WORD = re.compile(r"[a-z']+")
NEUTRAL_BAND = 0.05


def analyze_reviews(run: Run, data: StoreData) -> dict[str, Any]:
    """Label each review and the whole set, and pull out what customers praise and dislike."""
    reviews = run.input["reviews"]
    results = [_review(i, r["text"], r.get("rating")) for i, r in enumerate(reviews)]
    overall = round(sum(r["score"] for r in results) / len(results), 3)
    praise = Counter(p for r in results if r["label"] == "positive" for p in r["key_phrases"])
    complaints = Counter(p for r in results if r["label"] == "negative" for p in r["key_phrases"])
    phrases = Counter(p for r in results for p in r["key_phrases"])
    return {
        "label": _label(overall),
        "score": overall,
        "key_phrases": [p for p, _ in phrases.most_common(8)],
        "reviews": results,
        "top_praises": [p for p, _ in praise.most_common(5)],
        "top_complaints": [p for p, _ in complaints.most_common(5)],
    }


def text_sentiment(text: str, rating: int | None = None) -> tuple[float, str]:
    """Score one piece of customer text with the lexicon.

    Args:
        text: What the customer wrote, in any case.
        rating: Their star rating (1-5), blended in when given.

    Returns:
        The score in -1..1 (rounded to 3 places) and its label: positive, neutral or negative.
    """
    score = _score(WORD.findall(text.lower()), rating)
    return score, _label(score)


def _review(index: int, text: str, rating: int | None) -> dict[str, Any]:
    words = WORD.findall(text.lower())
    score = _score(words, rating)
    return {"index": index, "label": _label(score), "score": score, "key_phrases": _phrases(words)}


def _score(words: list[str], rating: int | None) -> float:
    raw = _valence(words)
    score = raw / ((raw * raw + 15) ** 0.5)  # VADER's normalisation into -1..1
    if rating is not None:  # the stars are the customer's own verdict: blend them in
        score = 0.6 * score + 0.4 * (rating - 3) / 2
    return round(max(-1.0, min(1.0, score)), 3)


def _valence(words: list[str]) -> float:
    total = 0.0
    for i, word in enumerate(words):
        value = LEXICON.get(word)
        if value is None:
            continue
        window = words[max(0, i - 3) : i]
        boost = sum(BOOSTERS.get(w, 0.0) for w in window)
        value += boost if value > 0 else -boost
        if any(w in NEGATIONS or w.endswith("n't") for w in window):
            value *= -0.74
        total += value
    return total


def _phrases(words: list[str]) -> list[str]:
    content = [w for w in words if w not in STOPWORDS and len(w) > 2]
    found: list[str] = []
    for first, second in zip(words, words[1:], strict=False):
        if first in LEXICON and second in content and second not in LEXICON:
            found.append(f"{first} {second}")
        elif second in LEXICON and first in content and first not in LEXICON:
            found.append(f"{first} {second}")
    found += [w for w in content if w in LEXICON and f" {w}" not in " ".join(found)]
    return list(dict.fromkeys(found))[:6]


def _label(score: float) -> str:
    if score >= NEUTRAL_BAND:
        return "positive"
    return "negative" if score <= -NEUTRAL_BAND else "neutral"
