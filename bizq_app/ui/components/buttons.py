"""Buttons that do more than submit: a link drawn as a button, a button that picks files."""

from __future__ import annotations

from typing import Any

import reflex as rx
from reflex.components.react_router.dom import ReactRouterLink


def link_button(*children: rx.Component | str, href: str, **button_props: Any) -> rx.Component:
    """A link that looks like a button: one element, so one stop for the Tab key and one
    thing a screen reader names (a button inside a link is two, and invalid HTML)."""
    return rx.button(ReactRouterLink.create(*children, to=href), as_child=True, **button_props)


def file_button(label: str, icon: str, *, upload_id: str, **upload_props: Any) -> rx.Component:
    """A button that opens the file picker (or takes files dropped on it).

    The drop zone itself stays out of the Tab order, so the button is the one stop, and
    the hidden file input carries the button's name: Reflex passes no props to it, so it
    is named on the component Reflex builds."""
    upload = rx.upload.root(
        rx.button(rx.icon(icon), label, variant="soft", type="button"),
        id=upload_id,
        no_keyboard=True,
        **upload_props,
    )
    file_input = upload.children[0].children[0]
    if file_input.tag != "input":
        raise RuntimeError("rx.upload no longer starts its drop zone with the file input")
    file_input.custom_attrs["aria-label"] = label
    return upload
