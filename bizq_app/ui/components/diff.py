"""A word-by-word before/after view: removed words struck through, added ones marked."""

from __future__ import annotations

import difflib
import re

import reflex as rx

TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[dict[str, str]]:
    """Segments of ``new`` against ``old``: ``{"text": ..., "kind": same|added|removed}``."""
    before, after = TOKENS.findall(old), TOKENS.findall(new)
    segments: list[dict[str, str]] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            segments.append({"text": "".join(before[a1:a2]), "kind": "removed"})
        if op in ("insert", "replace"):
            segments.append({"text": "".join(after[b1:b2]), "kind": "added"})
        if op == "equal":
            segments.append({"text": "".join(after[b1:b2]), "kind": "same"})
    return [s for s in segments if s["text"]]


def _segment(segment: rx.Var) -> rx.Component:
    return rx.match(
        segment["kind"],
        ("added", rx.el.ins(segment["text"], class_name="diff-added")),
        ("removed", rx.el.del_(segment["text"], class_name="diff-removed")),
        rx.el.span(segment["text"]),
    )


def diff_view(segments: rx.Var, **props: object) -> rx.Component:
    """The segments as running text (keeps line breaks)."""
    return rx.el.p(rx.foreach(segments, _segment), white_space="pre-wrap", **props)
