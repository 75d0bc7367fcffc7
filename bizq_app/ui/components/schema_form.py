"""A form drawn at run time from JSON Schema fields (see ``services/forms``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import reflex as rx

from bizq_app.ui.components.form import form_alert


def _input(field: rx.Var, errors: rx.Var, kind_props: dict[str, Any]) -> rx.Component:
    return rx.input(
        name=field["path"],
        id=field["path"],
        default_value=field["default"],
        width="100%",
        aria_invalid=errors.contains(field["path"]),
        **kind_props,
    )


def _control(field: rx.Var, errors: rx.Var) -> rx.Component:
    return rx.match(
        field["kind"],
        (
            "enum",
            rx.el.select(
                rx.el.option("—", value=""),
                rx.foreach(field["options"].split("|"), lambda o: rx.el.option(o, value=o)),
                name=field["path"],
                id=field["path"],
                default_value=field["default"],
                class_name="bizq-select",
            ),
        ),
        (
            "boolean",
            rx.el.select(
                rx.el.option("—", value=""),
                rx.el.option("yes", value="true"),
                rx.el.option("no", value="false"),
                name=field["path"],
                id=field["path"],
                class_name="bizq-select",
            ),
        ),
        (
            "textarea",
            rx.text_area(
                name=field["path"],
                id=field["path"],
                default_value=field["default"],
                width="100%",
                rows="4",
            ),
        ),
        (
            "lines",
            rx.text_area(
                name=field["path"],
                id=field["path"],
                default_value=field["default"],
                width="100%",
                rows="3",
                placeholder="One per line",
            ),
        ),
        (
            "json",
            rx.text_area(name=field["path"], id=field["path"], width="100%", placeholder="JSON"),
        ),
        ("number", _input(field, errors, {"type": "number", "step": "any"})),
        ("integer", _input(field, errors, {"type": "number", "step": "1"})),
        _input(field, errors, {}),
    )


def _field(
    field: rx.Var, errors: rx.Var, on_add: Callable[[Any], Any], on_remove: Callable[[Any], Any]
) -> rx.Component:
    heading = rx.hstack(
        rx.text(field["label"], weight="bold", size="2"),
        rx.cond(
            field["kind"] == "list",
            rx.hstack(
                rx.button(
                    "Add", size="1", variant="soft", type="button", on_click=on_add(field["path"])
                ),
                rx.button(
                    "Remove last",
                    size="1",
                    variant="ghost",
                    type="button",
                    on_click=on_remove(field["path"]),
                ),
            ),
        ),
        align="center",
        spacing="2",
    )
    control = rx.vstack(
        rx.el.label(field["label"], html_for=field["path"], class_name="bizq-label"),
        _control(field, errors),
        rx.cond(
            errors.contains(field["path"]),
            rx.text(errors[field["path"]], color_scheme="red", size="1", role="alert"),
            rx.cond(field["help"] != "", rx.text(field["help"], color_scheme="gray", size="1")),
        ),
        spacing="1",
        width="100%",
        align="start",
    )
    group_error = rx.cond(
        errors.contains(field["path"]),
        rx.text(errors[field["path"]], color_scheme="red", size="1", role="alert"),
    )
    return rx.box(
        rx.cond(
            (field["kind"] == "group") | (field["kind"] == "list"),
            rx.vstack(heading, group_error, spacing="1"),
            control,
        ),
        padding_left=field["depth"].to(int) * 12,
        width="100%",
    )


def schema_form(
    fields: rx.Var,
    errors: rx.Var,
    *,
    on_submit: Any,
    submit_label: str,
    on_add: Callable[[Any], Any],
    on_remove: Callable[[Any], Any],
    key: rx.Var | str = "",
) -> rx.Component:
    """Every field of ``fields`` with its own error under it, and a submit button."""
    return rx.form(
        rx.vstack(
            form_alert(errors.get("_form", "")),
            rx.foreach(fields, lambda f: _field(f, errors, on_add, on_remove)),
            rx.button(submit_label, type="submit", size="3"),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        key=key,
        width="100%",
    )
