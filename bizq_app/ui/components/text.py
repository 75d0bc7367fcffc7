"""Text pieces: words only a screen reader reads, JSON a keyboard can scroll."""

from __future__ import annotations

from typing import Any

import reflex as rx


def visually_hidden(text: str) -> rx.Component:
    """Words that name something the eye needs no words for (a column of checkboxes or
    of row buttons), kept off the screen but in the page."""
    return rx.el.span(text, class_name="bizq-visually-hidden")


def json_block(value: rx.Var | str, label: str, **props: Any) -> rx.Component:
    """JSON in a scrolling box the Tab key reaches (arrow keys then scroll it), named
    for screen readers."""
    attrs = {"tabIndex": 0, "role": "region", "aria-label": label}
    return rx.code_block(value, language="json", custom_attrs=attrs, **props)
