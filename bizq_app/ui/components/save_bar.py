"""The contextual save bar, as Polaris has it: a form's one Save, shown only while the
form differs from what is saved, at the top of the page where it cannot be missed."""

from __future__ import annotations

from typing import Any

import reflex as rx


def save_bar(
    *, form_id: str, changed: rx.Var[bool], on_discard: Any, message: str = "Unsaved changes"
) -> rx.Component:
    """ "Unsaved changes", Discard and Save while ``changed``; nothing otherwise.

    Save submits the form whose id is ``form_id`` (the bar need not sit inside it), so the
    form's own ``on_submit`` saves; Discard calls ``on_discard``, which puts the saved
    values back into the form's state.
    """
    bar = rx.hstack(
        rx.icon("circle_alert", size=18, aria_hidden="true"),
        rx.text(message, weight="medium"),
        rx.spacer(),
        rx.button(
            "Discard", type="button", variant="soft", color_scheme="gray", on_click=on_discard
        ),
        rx.button("Save", type="submit", custom_attrs={"form": form_id}),
        role="region",
        aria_label=message,
        id=f"{form_id}-save-bar",
        align="center",
        spacing="3",
        width="100%",
        padding="0.75rem 1rem",
        background="var(--color-panel-solid)",
        border="1px solid var(--accent-7)",
        border_radius="var(--radius-3)",
        box_shadow="var(--shadow-3)",
        position="sticky",
        top="0.5rem",
        z_index="5",
    )
    return rx.cond(changed, bar)
