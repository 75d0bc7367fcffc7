"""The publish form of the open connection: the product, then a labelled field per item
specific its channel requires (a list when eBay takes only the values it lists, else
text with eBay's values suggested), each with its own error."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.channels.publish_state import PublishState
from bizq_app.ui.channels.settings_channels_state import ChannelsState
from bizq_app.ui.components.form import form_alert, submit_button

P = PublishState
LABEL = ChannelsState.open_row["label"]


def publish_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            form_alert(P.aspect_errors.get("_form", "")),
            rx.vstack(
                rx.el.label(
                    "Product to publish", html_for="publish_product", class_name="bizq-label"
                ),
                rx.el.select(
                    rx.el.option("Choose a product on sale", value=""),
                    rx.foreach(
                        ChannelsState.product_choices,
                        lambda p: rx.el.option(p["title"], value=p["id"]),
                    ),
                    id="publish_product",
                    name="publish_product",
                    value=P.publish_product,
                    on_change=P.set_publish_product,
                    class_name="bizq-select",
                ),
                spacing="1",
            ),
            rx.cond(P.aspect_fields.length() > 0, _item_specifics()),
            submit_button("Publish to " + LABEL),
            spacing="3",
            align="start",
            width="100%",
        ),
        on_submit=P.publish,
        reset_on_submit=False,
        id="channel-publish",
    )


def _item_specifics() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend("Item specifics " + LABEL + " requires", class_name="bizq-label"),
        rx.text(
            "What the product is, in the words of its category there (a variant option "
            "counts as one).",
            size="2",
            color_scheme="gray",
        ),
        rx.grid(
            rx.foreach(P.aspect_fields, _item_specific),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        id="item-specifics",
        style={"border": "none", "padding": 0, "margin": 0, "width": "100%"},
    )


def _item_specific(f: rx.Var) -> rx.Component:
    """One item specific: its label, a list or a text field, its error under it."""
    field_id = f["id"].to(str)
    error = P.aspect_errors.get(field_id, "").to(str)
    failed = error != ""
    values = f["values"].to(list[str])
    shared = {
        "id": field_id,
        "name": field_id,
        "aria_invalid": rx.cond(failed, "true", "false"),
        "aria_describedby": rx.cond(failed, field_id + "-error", rx.Var.create(None)),
    }
    return rx.vstack(
        rx.el.label(f["name"], html_for=field_id, class_name="bizq-label"),
        rx.cond(
            f["only_listed"].to(bool),
            rx.el.select(
                rx.el.option("Choose one", value=""),
                rx.foreach(values, lambda v: rx.el.option(v, value=v)),
                class_name="bizq-select",
                **shared,
            ),
            rx.fragment(
                rx.input(list=field_id + "-values", size="3", width="100%", **shared),
                rx.el.datalist(
                    rx.foreach(values, lambda v: rx.el.option(value=v)), id=field_id + "-values"
                ),
            ),
        ),
        rx.cond(
            failed,
            rx.text(error, color_scheme="red", size="2", id=field_id + "-error", role="alert"),
        ),
        spacing="1",
        width="100%",
        align="start",
    )
