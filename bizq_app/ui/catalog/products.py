"""The Products list: status tabs with their counts, one toolbar (search, supplier, sort,
more actions), and a table whose selected rows take bulk actions in one click."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui import routes
from bizq_app.ui.catalog.products_state import SORT_CHOICES, STATUS_TABS, ProductsState
from bizq_app.ui.components.buttons import file_button, link_button
from bizq_app.ui.components.form import field, form_alert
from bizq_app.ui.components.pager import pager
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.components.text import visually_hidden
from bizq_app.ui.state import SessionState

L = ProductsState
STATUS_COLOURS = {"active": "green", "draft": "amber", "archived": "gray"}


def _status(row: rx.Var) -> rx.Component:
    colour = rx.match(row["status"], *STATUS_COLOURS.items(), "gray")
    return rx.badge(row["status_name"], color_scheme=colour)


def _thumbnail(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["image"] != "",
        rx.image(
            src=row["image"],
            width="2.5rem",
            height="2.5rem",
            object_fit="cover",
            border_radius="6px",
            alt="",
        ),
        rx.center(
            rx.icon("image", size=16, color="var(--gray-8)"),
            width="2.5rem",
            height="2.5rem",
            border_radius="6px",
            background="var(--gray-3)",
            title="No image yet",
        ),
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.cell(
            rx.checkbox(
                checked=L.selected.contains(row["id"]),
                on_change=lambda checked: L.toggle(row["id"], checked),
                aria_label="Select " + row["title"],
            )
        ),
        rx.table.cell(_thumbnail(row)),
        rx.table.row_header_cell(rx.link(row["title"], href="/products/" + row["id"])),
        rx.table.cell(row["sku"]),
        rx.table.cell(row["price"]),
        rx.table.cell(row["cost"]),
        rx.table.cell(
            rx.text(row["margin"], color_scheme=rx.cond(row["loss"] != "", "red", "gray"))
        ),
        rx.table.cell(row["stock"]),
        rx.table.cell(_status(row)),
        custom_attrs={"data-product-id": row["id"]},
    )


def _tab(status: str, label: str) -> rx.Component:
    current = L.status_filter == status
    href = routes.PRODUCTS if status == "all" else f"{routes.PRODUCTS}?status={status}"
    return rx.link(
        label,
        " ",
        rx.badge(L.counts.get(status, 0), variant="soft", color_scheme="gray", radius="full"),
        href=href,
        underline="none",
        weight=rx.cond(current, "bold", "regular"),
        color=rx.cond(current, "var(--gray-12)", "var(--gray-11)"),
        border_bottom=rx.cond(current, "2px solid var(--accent-9)", "2px solid transparent"),
        padding="0.5rem 0.75rem",
        white_space="nowrap",
        aria_current=rx.cond(current, "page", "false"),
        id=f"tab-{status}",
    )


def _tabs() -> rx.Component:
    return rx.el.nav(
        rx.hstack(*[_tab(k, v) for k, v in STATUS_TABS.items()], spacing="1"),
        aria_label="Products by status",
        overflow_x="auto",
        width="100%",
        border_bottom="1px solid var(--gray-5)",
    )


def _more_actions() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button("More actions", rx.icon("chevron_down", size=16), variant="soft")
        ),
        rx.menu.content(
            rx.menu.item(rx.icon("download", size=16), "Export CSV", on_click=L.export),
            rx.cond(
                SessionState.can_operate,
                rx.menu.item(
                    rx.icon("upload", size=16), "Import CSV", on_click=L.set_importing(True)
                ),
            ),
        ),
    )


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.form(
            rx.hstack(
                rx.input(
                    name="search",
                    placeholder="Search title or SKU",
                    default_value=L.search,
                    aria_label="Search products",
                ),
                rx.button("Search", type="submit", variant="soft"),
            ),
            on_submit=L.apply_search,
            reset_on_submit=False,
            width="auto",  # a form fills its row otherwise, and pushes the rest below
        ),
        rx.cond(
            L.suppliers.length() > 0,
            rx.select.root(
                rx.select.trigger(aria_label="Filter by supplier"),
                rx.select.content(
                    rx.select.item("All suppliers", value="all"),
                    rx.foreach(L.suppliers, lambda s: rx.select.item(s["name"], value=s["id"])),
                ),
                value=L.supplier_filter,
                on_change=L.set_supplier_filter,
            ),
        ),
        rx.select.root(
            rx.select.trigger(aria_label="Sort products"),
            rx.select.content(*[rx.select.item(v, value=k) for k, v in SORT_CHOICES.items()]),
            value=L.sort,
            on_change=L.set_sort,
        ),
        rx.spacer(),
        _more_actions(),
        rx.cond(
            SessionState.can_operate,
            link_button(rx.icon("plus"), "Add product", href="/products/new"),
        ),
        spacing="3",
        wrap="wrap",
        width="100%",
        align="center",
    )


def _import_dialog() -> rx.Component:
    upload = file_button(
        "Import CSV",
        "upload",
        upload_id="products-csv",
        accept={"text/csv": [".csv"]},
        max_files=1,
        on_drop=L.import_file(rx.upload_files(upload_id="products-csv")),
        no_drag=True,
    )
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Import products"),
            rx.dialog.description(
                "A CSV file with a header row (title, description, price, cost, "
                "inventory_quantity, sku, status). A row whose SKU the store already has "
                "updates that product; a file with a bad row imports nothing unless you skip "
                "bad rows.",
                size="2",
            ),
            rx.vstack(
                rx.checkbox(
                    "Skip bad rows", checked=L.skip_bad_rows, on_change=L.set_skip_bad_rows
                ),
                upload,
                rx.cond(
                    L.import_problems.length() > 0,
                    rx.callout(
                        rx.vstack(rx.foreach(L.import_problems, lambda p: rx.text(p, size="2"))),
                        icon="triangle_alert",
                        color_scheme="amber",
                        id="import-problems",
                        width="100%",
                    ),
                ),
                rx.dialog.close(rx.button("Close", variant="soft", color_scheme="gray")),
                spacing="3",
                padding_top="1rem",
                width="100%",
            ),
        ),
        open=L.importing,
        on_open_change=L.set_importing,
    )


def _edit_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Edit price and stock"),
            rx.dialog.description(
                "Every selected product takes the values you fill in; an empty field stays "
                "as it is.",
                size="2",
            ),
            rx.form(
                rx.vstack(
                    field("New price", "price", input_mode="decimal"),
                    field("New stock", "inventory_quantity", input_mode="numeric"),
                    rx.hstack(
                        rx.dialog.close(
                            rx.button("Cancel", variant="soft", color_scheme="gray", type="button")
                        ),
                        rx.button("Apply to selected", type="submit"),
                        justify="end",
                        width="100%",
                    ),
                    spacing="3",
                    padding_top="1rem",
                ),
                on_submit=L.bulk_edit,
            ),
        ),
        open=L.editing,
        on_open_change=L.set_editing,
    )


def _bulk_actions() -> rx.Component:
    """What the selected rows can become, one click each, right above the table."""
    return rx.cond(
        L.selected.length() > 0,
        rx.flex(
            rx.text(L.selected.length(), " selected", weight="bold", id="selected-count"),
            rx.cond(
                SessionState.can_operate,
                rx.flex(
                    rx.button("Set as active", on_click=L.set_selected_status("active")),
                    rx.button(
                        "Set as draft", variant="soft", on_click=L.set_selected_status("draft")
                    ),
                    rx.button(
                        "Archive",
                        variant="soft",
                        color_scheme="gray",
                        on_click=L.set_selected_status("archived"),
                    ),
                    rx.button("Edit price and stock", variant="soft", on_click=L.set_editing(True)),
                    spacing="2",
                    wrap="wrap",
                ),
            ),
            spacing="3",
            wrap="wrap",
            align="center",
            width="100%",
            padding="0.5rem 0.75rem",
            background="var(--accent-2)",
            border_radius="var(--radius-3)",
            role="group",
            aria_label="Bulk actions",
        ),
    )


def _table() -> rx.Component:
    select_all = rx.checkbox(
        checked=rx.cond(
            L.all_selected, True, rx.cond(L.selected.length() > 0, "indeterminate", False)
        ).to(bool),
        on_change=L.select_page,
        aria_label="Select every product on this page",
    )
    headers = (
        select_all,
        visually_hidden("Image"),
        "Product",
        "SKU",
        "Price",
        "Cost",
        "Margin",
        "Stock",
        "Status",
    )
    table = rx.table.root(
        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in headers])),
        rx.table.body(rx.foreach(L.rows, _row)),
        width="100%",
        variant="surface",
    )
    return rx.cond(
        L.rows.length() > 0,
        rx.vstack(
            _bulk_actions(),
            rx.box(table, overflow_x="auto", width="100%"),
            pager(L, " products"),
            width="100%",
        ),
        empty_state(
            "package",
            L.empty_title,
            L.empty_text,
            link_button("Add product", href="/products/new"),
        ),
    )


def products_page() -> rx.Component:
    return shell(
        "Products",
        form_alert(L.error),
        _toolbar(),
        _tabs(),
        _table(),
        _import_dialog(),
        _edit_dialog(),
    )


LIST_ON_LOAD = [SessionState.load_session, ProductsState.open_page]
