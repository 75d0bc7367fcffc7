"""One product's page: its form (fields, variants, images), its listing rewrite and its
stock history."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui import routes
from bizq_app.ui.catalog import variant_rows
from bizq_app.ui.catalog.product_state import ProductState
from bizq_app.ui.components.buttons import file_button, link_button
from bizq_app.ui.components.diff import diff_view
from bizq_app.ui.components.form import field, form_alert, submit_button
from bizq_app.ui.components.shell import empty_state, loading, shell
from bizq_app.ui.state import SessionState

P = ProductState


def _variant_row(row: rx.Var, index: rx.Var[int]) -> rx.Component:
    name = "variant-" + index.to_string() + "-"
    at = "variants[" + index.to_string() + "]."

    def cell(key: str, label: str, width: str) -> rx.Component:
        return rx.vstack(
            rx.input(
                name=name + key,
                default_value=row[key],
                placeholder=label,
                aria_label=label,
                width=width,
            ),
            rx.text(
                P.errors.get(at + key, ""),  # type: ignore[call-overload]  # a Var key
                color_scheme="red",
                size="1",
                role="alert",
            ),
            spacing="1",
        )

    return rx.hstack(
        cell("options", "Options, e.g. Size: M, Colour: Red", "16rem"),
        cell("price", "Variant price", "7rem"),
        cell("sku", "Variant SKU", "9rem"),
        cell("stock", "Variant stock", "6rem"),
        rx.icon_button(
            rx.icon("trash_2", size=14),
            variant="ghost",
            color_scheme="red",
            type="button",
            on_click=P.remove_variant(index),
            aria_label="Remove variant",
        ),
        wrap="wrap",
        align="start",
        class_name="variant-row",
    )


def _variants() -> rx.Component:
    return rx.vstack(
        rx.el.input(type="hidden", name=variant_rows.MARKER, value="1"),
        rx.hstack(
            rx.text("Variants", weight="bold", size="2"),
            rx.button(
                rx.icon("plus", size=14),
                "Add variant",
                size="1",
                variant="soft",
                type="button",
                on_click=P.add_variant,
            ),
            align="center",
        ),
        rx.text(P.errors.get("variants", ""), color_scheme="red", size="1"),
        rx.foreach(P.variants, _variant_row),
        spacing="2",
        width="100%",
    )


def _form() -> rx.Component:
    v, e = P.values, P.errors
    return rx.form(
        rx.vstack(
            form_alert(e.get("_form", "")),
            field(
                "Title",
                "title",
                error=e.get("title", ""),
                default_value=v.get("title", ""),
                required=True,
                max_length=200,
            ),
            rx.el.label("Description", html_for="description", class_name="bizq-label"),
            rx.text_area(
                name="description",
                id="description",
                default_value=v.get("description", ""),
                rows="6",
                width="100%",
            ),
            rx.cond(
                e.get("description", "") != "",
                rx.text(e.get("description", ""), color_scheme="red", size="2", role="alert"),
            ),
            rx.grid(
                field(
                    "Price",
                    "price",
                    error=e.get("price", ""),
                    default_value=v.get("price", ""),
                    input_mode="decimal",
                ),
                field(
                    "Cost per unit",
                    "cost",
                    error=e.get("cost", ""),
                    default_value=v.get("cost", ""),
                    input_mode="decimal",
                ),
                field(
                    "Stock",
                    "inventory_quantity",
                    error=e.get("inventory_quantity", ""),
                    default_value=v.get("inventory_quantity", ""),
                    input_mode="numeric",
                ),
                field("SKU", "sku", error=e.get("sku", ""), default_value=v.get("sku", "")),
                columns=rx.breakpoints(initial="1", sm="2", md="4"),
                spacing="3",
                width="100%",
            ),
            rx.hstack(
                rx.el.label("Status", html_for="status", class_name="bizq-label"),
                rx.select(
                    ["draft", "active", "archived"],
                    name="status",
                    id="status",
                    default_value=v.get("status", ""),
                ),
                rx.cond(
                    P.margin != "",
                    rx.text("Margin ", rx.text.strong(P.margin), size="2", id="product-margin"),
                ),
                align="center",
                spacing="3",
            ),
            _variants(),
            rx.foreach(P.warnings, lambda w: rx.callout(w, icon="info", color_scheme="amber")),
            rx.cond(
                SessionState.can_operate, submit_button(rx.cond(P.is_new, "Create product", "Save"))
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=P.save,
        reset_on_submit=False,
        key=P.version,
    )


def _rewrite() -> rx.Component:
    r = P.proposal
    ready = r["status"] == "awaiting_review"
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.heading("Listing rewrite", size="4", as_="h2"),
                rx.badge(r["worker"], color_scheme="iris"),
                rx.spacer(),
                rx.cond(
                    ready,
                    rx.badge("+", r["increase"], "% expected conversion", color_scheme="green"),
                ),
                width="100%",
                align="center",
                wrap="wrap",
            ),
            rx.cond(
                ready,
                rx.vstack(
                    rx.text("Title", weight="bold", size="2"),
                    diff_view(P.title_diff, id="title-diff"),
                    rx.text("Description", weight="bold", size="2"),
                    diff_view(P.description_diff, id="description-diff"),
                    rx.hstack(
                        rx.foreach(P.keywords, lambda k: rx.badge(k, variant="soft")), wrap="wrap"
                    ),
                    rx.text(r["summary"], size="2", color_scheme="gray"),
                    rx.hstack(
                        rx.button("Apply rewrite", color_scheme="green", on_click=P.apply_rewrite),
                        rx.button(
                            "Discard",
                            variant="soft",
                            color_scheme="gray",
                            on_click=P.discard_rewrite,
                        ),
                    ),
                    spacing="2",
                    width="100%",
                ),
                rx.text(rx.cond(r["reason"] != "", r["reason"], "Working on it…"), size="2"),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="rewrite",
        custom_attrs={"data-new-title": r["new_title"]},
    )


def _images() -> rx.Component:
    upload = file_button(
        "Add images",
        "image_plus",
        upload_id="product-images",
        accept={
            "image/png": [".png"],
            "image/jpeg": [".jpg", ".jpeg"],
            "image/webp": [".webp"],
            "image/gif": [".gif"],
        },
        max_files=10,
        on_drop=P.upload_images(rx.upload_files(upload_id="product-images")),
    )
    return rx.cond(
        ~P.is_new,
        rx.hstack(
            rx.foreach(
                P.images,
                lambda url: rx.box(
                    rx.image(
                        src=url,
                        width="6rem",
                        height="6rem",
                        object_fit="cover",
                        border_radius="8px",
                        alt="Product image",
                    ),
                    rx.icon_button(
                        rx.icon("x", size=12),
                        size="1",
                        variant="solid",
                        color_scheme="gray",
                        on_click=P.remove_image(url),
                        aria_label="Remove image",
                        position="absolute",
                        top="4px",
                        right="4px",
                    ),
                    position="relative",
                    class_name="product-image",
                ),
            ),
            rx.cond(SessionState.can_operate, upload),
            wrap="wrap",
            spacing="3",
            align="center",
        ),
    )


def _optimise() -> rx.Component:
    """The rewrite's button names its price and asks before it spends anything."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(
            rx.button(
                rx.cond(P.optimising, rx.spinner(size="1"), rx.icon("sparkles")),
                "Optimise listing · ",
                P.optimise_price,
                " credits",
                disabled=P.optimising,
                id="optimise-listing",
            )
        ),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Optimise this listing?"),
            rx.alert_dialog.description(
                "A rewrite of the title and description costs ",
                rx.text.strong(P.optimise_price, " credits"),
                ", charged only if you apply it. Nothing changes until you do; discarding it "
                "costs nothing.",
            ),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft")),
                rx.alert_dialog.action(
                    rx.button(
                        "Write a rewrite · ", P.optimise_price, " credits", on_click=P.optimise
                    )
                ),
                justify="end",
                spacing="3",
            ),
        ),
    )


def _actions() -> rx.Component:
    return rx.cond(
        SessionState.can_operate & ~P.is_new,
        rx.hstack(
            _optimise(),
            rx.spacer(),
            rx.button("Archive", variant="soft", color_scheme="gray", on_click=P.archive),
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(rx.button("Delete", variant="soft", color_scheme="red")),
                rx.alert_dialog.content(
                    rx.alert_dialog.title("Delete this product?"),
                    rx.alert_dialog.description(
                        "It is removed for good. Products on open orders cannot be deleted; "
                        "archive them instead."
                    ),
                    rx.hstack(
                        rx.alert_dialog.cancel(rx.button("Keep it", variant="soft")),
                        rx.alert_dialog.action(
                            rx.button("Delete", color_scheme="red", on_click=P.delete)
                        ),
                        justify="end",
                        spacing="3",
                    ),
                ),
            ),
            width="100%",
        ),
    )


def product_page() -> rx.Component:
    body = rx.cond(
        P.missing,
        empty_state(
            "package_x",
            "No such product",
            "It may have been deleted.",
            link_button("Back to products", href=routes.PRODUCTS),
        ),
        rx.vstack(
            rx.link("← All products", href=routes.PRODUCTS, size="2"),
            _actions(),
            rx.cond(P.proposal.length() > 0, _rewrite()),
            rx.cond(P.loaded, _images()),
            rx.foreach(
                P.margin_tracks,
                lambda t: rx.callout(
                    rx.text("Moved to ", t["supplier"], " on ", t["when"], ": margin ", t["text"]),
                    icon="trending_up",
                    color_scheme="green",
                    class_name="margin-track",
                ),
            ),
            rx.cond(P.loaded, _form(), loading()),
            rx.cond(P.stock_moves.length() > 0, _stock_history()),
            width="100%",
            spacing="4",
        ),
    )
    return shell(rx.cond(P.is_new, "New product", P.values["title"].to(str)), body)


def _stock_history() -> rx.Component:
    """The product's last stock movements: why each happened and the level it left."""
    head = ("When", "What happened", "Variant", "Change", "Stock after")
    return rx.vstack(
        rx.heading("Stock history", size="3", as_="h2"),
        rx.table.root(
            rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in head])),
            rx.table.body(
                rx.foreach(
                    P.stock_moves,
                    lambda m: rx.table.row(
                        rx.table.cell(m["when"]),
                        rx.table.cell(m["why"]),
                        rx.table.cell(m["variant"]),
                        rx.table.cell(m["change"]),
                        rx.table.cell(m["level"]),
                    ),
                )
            ),
            size="1",
            width="100%",
        ),
        width="100%",
        id="stock-history",
    )


ON_LOAD = [SessionState.load_session, ProductState.load]
