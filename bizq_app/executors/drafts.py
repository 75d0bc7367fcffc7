"""Template-based drafts: what BizQ's offline rules produce for work they cannot do honestly.

A draft is built from the task's own input — values whose names match the
output's fields are carried over, lists are reused, text is composed from the
input's facts — and every composed text says it is a draft. Unknown numbers
are the lowest the schema allows (never invented figures). The run is flagged
for the owner's review.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from typing import Any

from bizq_app.core import patterns
from bizq_app.tasks.task_runs import Run

DRAFT_NOTE = "Draft by BizQ rules (offline): a template filled from your input; review it."
TERMS = re.compile(r"keyword|tag|phrase|term|hashtag|topic")  # lists that want words, not prose
UUID = re.compile(r"[0-9a-fA-F-]{32,36}")
WORD = re.compile(r"[A-Za-z][A-Za-z'-]{2,}")
STOP = set(
    """the and for with from this that your you are was were have has into about
their them they our out all any can will just than then more most very also""".split()
)


def draft(run: Run) -> dict[str, Any]:
    """Output for ``run.output_schema`` composed from ``run.input``."""
    facts = _flatten(run.input)
    if run.previous_output:
        facts.update({k: v for k, v in _flatten(run.previous_output).items() if k not in facts})
    subject = _subject(run, facts)
    return _fill(run.output_schema, "", facts, subject, _highlights(facts))


def _fill(
    schema: dict[str, Any], name: str, facts: dict[str, Any], subject: str, keywords: list[str]
) -> Any:
    kind = schema.get("type", "object")
    nullable = isinstance(kind, list) and "null" in kind
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    known = facts.get(name)
    if kind == "object":
        props = schema.get("properties", {})
        return {key: _fill(spec, key, facts, subject, keywords) for key, spec in props.items()}
    if kind == "array":
        return _array(schema, name, facts, subject, keywords)
    if "enum" in schema:
        return known if known in schema["enum"] else schema["enum"][0]
    if kind in ("number", "integer"):
        return _number(schema, known, nullable)
    if kind == "boolean":
        return known if isinstance(known, bool) else (None if nullable else False)
    if kind == "string":
        return _text(schema, name, known, subject, keywords, nullable)
    return None


def _array(
    schema: dict[str, Any], name: str, facts: dict[str, Any], subject: str, keywords: list[str]
) -> list[Any]:
    items = schema.get("items", {})
    known = facts.get(name)
    item_kind = items.get("type")
    if isinstance(known, list) and known and item_kind != "object":
        return [v for v in known if _fits(items, v)][: schema.get("maxItems", 20)]
    if item_kind == "string" and "pattern" in items:  # e.g. colours: several, all derived
        count = max(3, schema.get("minItems", 0))
        return [_text(items, f"{name}{i}", None, subject, keywords, False) for i in range(count)]
    if item_kind == "string" and "enum" not in items and TERMS.search(name):
        terms = _keywords(facts)
        words = terms[: max(schema.get("minItems", 0), min(5, len(terms)))]
        return words or [subject][: max(1, schema.get("minItems", 0))]
    count = max(1, schema.get("minItems", 0))
    return [_fill(items, name, facts, subject, keywords) for _ in range(count)]


def _number(schema: dict[str, Any], known: Any, nullable: bool) -> Any:
    if isinstance(known, (int, float)) and not isinstance(known, bool) and _fits(schema, known):
        return known
    if nullable:
        return None
    low = schema.get("minimum", 0)
    return int(low) if schema.get("type") == "integer" else low


def _text(
    schema: dict[str, Any], name: str, known: Any, subject: str, keywords: list[str], nullable: bool
) -> str | None:
    if isinstance(known, str) and known.strip():
        return _clip(known, schema)
    if "pattern" in schema:  # e.g. a colour: derived from the input, stable for the same input
        return "#" + hashlib.sha256(f"{subject}{name}".encode()).hexdigest()[:6]
    if nullable and not subject:
        return None
    what = schema.get("description") or name.replace("_", " ")
    about = f" (from your input: {'; '.join(keywords)})" if keywords else ""
    return _clip(f"Draft — {what} for {subject}{about}. Review and edit before use.", schema)


def _clip(text: str, schema: dict[str, Any]) -> str:
    limit = schema.get("maxLength")
    return text[:limit] if limit else text


def _fits(schema: dict[str, Any], value: Any) -> bool:
    kind = schema.get("type")
    if kind == "string":
        return (
            isinstance(value, str)
            and ("enum" not in schema or value in schema["enum"])
            and ("pattern" not in schema or _matches(schema["pattern"], value))
        )
    if kind in ("number", "integer"):
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        ok = ok and (kind == "number" or float(value).is_integer())
        low, high = schema.get("minimum"), schema.get("maximum")
        return ok and (low is None or value >= low) and (high is None or value <= high)
    return kind is None


def _matches(pattern: str, value: str) -> bool:
    """Whether ``value`` fits the schema's own ``pattern`` (a user's: run on RE2; a pattern
    RE2 refuses fits nothing, and the output check then says why)."""
    return not patterns.refusal(pattern) and patterns.search(pattern, value)


def _flatten(document: Any, prefix: str = "") -> dict[str, Any]:
    facts: dict[str, Any] = {}
    if isinstance(document, dict):
        for key, value in document.items():
            facts[key] = value
            if isinstance(value, dict):
                facts.update({k: v for k, v in _flatten(value).items() if k not in facts})
    return facts


def _subject(run: Run, facts: dict[str, Any]) -> str:
    for key in (
        "product_name",
        "niche",
        "business_name",
        "product_type",
        "goal",
        "purpose",
        "segment",
        "theme",
        "supplier_name",
        "customer_name",
    ):
        value = facts.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return run.type.split(".", 1)[1].replace("_", " ")


def _highlights(facts: dict[str, Any]) -> list[str]:
    """The input's most telling texts (longest first, ids left out), for composed drafts."""
    texts = {
        s.strip()[:40]
        for s in _strings(facts.values())
        if s.strip() and not UUID.fullmatch(s.strip())
    }
    return sorted(texts, key=lambda s: (-len(s), s))[:3]


def _keywords(facts: dict[str, Any]) -> list[str]:
    text = " ".join(s for s in _strings(facts.values()) if not UUID.fullmatch(s.strip()))
    counts = Counter(w.lower() for w in WORD.findall(text) if w.lower() not in STOP)
    return [w for w, _ in counts.most_common(8)]


def _strings(values: Any) -> list[str]:
    found: list[str] = []
    for value in values:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            found += _strings(value)
        elif isinstance(value, dict):
            found += _strings(value.values())
    return found
