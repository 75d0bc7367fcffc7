"""Form pieces: a labelled field with its error, a named select, a form-level alert, a
submit button."""

from __future__ import annotations

from typing import Any

import reflex as rx


def field(
    label: str | rx.Component,
    name: str,
    *,
    error: rx.Var[str] | str = "",
    hint: rx.Var[str] | str = "",
    **input_props: Any,
) -> rx.Component:
    """A labelled input whose error (else its hint) is shown right under it; the label
    may hold more than text (a badge). A screen reader hears the error (or the hint) with
    the field, and the field says it is invalid while it has an error."""
    failed = error != ""
    described_by = rx.cond(
        failed, f"{name}-error", rx.cond(hint != "", f"{name}-hint", rx.Var.create(None))
    )
    return rx.vstack(
        rx.el.label(label, html_for=name, class_name="bizq-label"),
        rx.input(
            name=name,
            id=name,
            width="100%",
            size="3",
            aria_invalid=rx.cond(failed, "true", "false"),
            aria_describedby=described_by,
            **input_props,
        ),
        rx.cond(
            failed,
            rx.text(error, color_scheme="red", size="2", id=f"{name}-error", role="alert"),
            rx.cond(hint != "", rx.text(hint, color_scheme="gray", size="1", id=f"{name}-hint")),
        ),
        spacing="1",
        width="100%",
        align="start",
    )


def labelled_select(items: Any, *, aria_label: str | rx.Var[str], **props: Any) -> rx.Component:
    """``rx.select`` with a name for screen readers when no visible label fits (filters).
    Reflex's select hands ``aria_label`` to its root, which draws nothing; the name has
    to reach the trigger, the button a user tabs to."""
    return rx.select(items, custom_attrs={"aria-label": aria_label}, **props)


def form_alert(message: rx.Var[str]) -> rx.Component:
    """The form-wide error, when there is one."""
    return rx.cond(
        message != "",
        rx.callout(message, icon="triangle_alert", color_scheme="red", role="alert", width="100%"),
    )


def submit_button(label: str, **props: Any) -> rx.Component:
    return rx.button(label, type="submit", size="3", **props)


def inline_form(*children: rx.Component, on_submit: Any, reset: bool = True) -> rx.Component:
    """Fields side by side on wide screens, stacked on phones, submit at the end."""
    return rx.form(
        rx.flex(
            *children,
            direction=rx.breakpoints(initial="column", md="row"),
            align=rx.breakpoints(initial="stretch", md="end"),
            spacing="3",
            width="100%",
        ),
        on_submit=on_submit,
        reset_on_submit=reset,
    )
