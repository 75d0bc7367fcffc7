"""The dashboard builder: arrange the store's template by drag and drop."""

from __future__ import annotations

import reflex as rx

from bizq_app.ui.components.grid_layout import grid_item, grid_layout
from bizq_app.ui.components.schema_form import schema_form
from bizq_app.ui.components.shell import empty_state, shell
from bizq_app.ui.components.text import visually_hidden
from bizq_app.ui.dashboards.builder_state import BuilderState
from bizq_app.ui.state import SessionState

B = BuilderState
ROW_HEIGHT = 56
# (label, icon, dx, dy, dw, dh) of the buttons that move or resize the selected block.
MOVES = [
    ("Move left", "arrow_left", -1, 0, 0, 0),
    ("Move right", "arrow_right", 1, 0, 0, 0),
    ("Move up", "arrow_up", 0, -1, 0, 0),
    ("Move down", "arrow_down", 0, 1, 0, 0),
    ("Narrower", "fold_horizontal", 0, 0, -1, 0),
    ("Wider", "unfold_horizontal", 0, 0, 1, 0),
    ("Shorter", "fold_vertical", 0, 0, 0, -1),
    ("Taller", "unfold_vertical", 0, 0, 0, 1),
]


def _toolbar() -> rx.Component:
    return rx.flex(
        rx.heading(B.template_name, size="4", as_="h2"),
        rx.badge("Version ", B.version, color_scheme="gray", id="builder-version"),
        rx.cond(
            B.is_active,
            rx.badge("Active", color_scheme="green"),
            rx.badge("Saved, not applied", color_scheme="amber"),
        ),
        rx.cond(B.dirty, rx.badge("Unsaved changes", color_scheme="orange")),
        rx.spacer(),
        rx.segmented_control.root(
            rx.segmented_control.item("Desktop", value="desktop"),
            rx.segmented_control.item("Mobile", value="mobile"),
            value=B.breakpoint,
            on_change=B.set_breakpoint,
            aria_label="Layout to edit",
        ),
        rx.el.label(
            rx.switch(checked=B.preview, on_change=lambda _: B.toggle_preview(), id="preview"),
            " Preview",
            class_name="bizq-label",
        ),
        rx.cond(SessionState.can_operate, _edit_buttons()),
        align="center",
        spacing="3",
        wrap="wrap",
        width="100%",
    )


def _edit_buttons() -> rx.Component:
    return rx.hstack(
        rx.icon_button(
            rx.icon("undo_2"),
            variant="soft",
            on_click=B.undo,
            disabled=~B.can_undo,
            aria_label="Undo",
        ),
        rx.icon_button(
            rx.icon("redo_2"),
            variant="soft",
            on_click=B.redo,
            disabled=~B.can_redo,
            aria_label="Redo",
        ),
        rx.button("Save", on_click=B.save),
        rx.button("Save and apply", variant="outline", on_click=B.save_and_apply),
        spacing="2",
    )


def _save_errors() -> rx.Component:
    return rx.cond(
        B.save_errors.length() > 0,
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle_alert")),
            rx.callout.text("The template was not saved:"),
            rx.el.ul(rx.foreach(B.save_errors, lambda e: rx.el.li(rx.code(e)))),
            color_scheme="red",
            role="alert",
            width="100%",
            id="save-errors",
        ),
    )


def _palette_row(row: rx.Var) -> rx.Component:
    return rx.cond(
        row["kind"] == "category",
        rx.text(row["name"], size="1", weight="bold", color_scheme="gray", class_name="bizq-caps"),
        rx.hstack(
            rx.icon(
                "grip_vertical", size=14, color="var(--gray-9)", aria_hidden="true", flex_shrink="0"
            ),
            rx.vstack(
                rx.text(row["name"], size="2", weight="medium"),
                rx.text(row["description"], size="1", color_scheme="gray"),
                spacing="0",
                min_width="0",
            ),
            rx.spacer(),
            rx.button(
                "Add",
                size="1",
                variant="soft",
                on_click=B.add_block(row["name"]),
                aria_label="Add " + row["name"],
            ),
            align="center",
            width="100%",
            class_name="bizq-palette-item",
            title="Drag onto the grid, or press Add",
            custom_attrs={
                "draggable": "true",
                "data-palette-component": row["name"],
                "data-w": row["w"],
                "data-h": row["h"],
            },
        ),
    )


def _palette() -> rx.Component:
    return rx.vstack(
        rx.heading("Components", size="3", as_="h2"),
        rx.text("Drag one onto the grid, or press Add.", size="1", color_scheme="gray"),
        rx.foreach(B.palette, _palette_row),
        spacing="2",
        width="15rem",
        min_width="15rem",
        max_height="70vh",
        overflow_y="auto",
        padding_right="0.5rem",
        id="palette",
    )


def _block(card: rx.Var) -> rx.Component:
    selected = B.selected_id == card["i"]
    return grid_item(
        rx.el.div(
            rx.icon("grip_horizontal", size=14),
            rx.text(card["component"], size="1"),
            class_name="bizq-drag-handle",
            title="Drag to move",
        ),
        rx.text(card["label"], size="2", weight="bold", class_name="bizq-block-label"),
        key=card["i"],
        id="block-" + card["i"],
        class_name=rx.cond(selected, "bizq-block bizq-block-selected", "bizq-block"),
        custom_attrs={
            "data-x": card["x"],
            "data-y": card["y"],
            "data-w": card["w"],
            "data-h": card["h"],
            "data-block": card["i"],
        },
        tab_index=0,
        aria_label=card["component"] + " block " + card["label"],
        on_click=B.select(card["i"]),
        on_key_down=lambda key: B.key_move(card["i"], key),
    )


def _grid() -> rx.Component:
    return rx.box(
        grid_layout(
            rx.foreach(B.cards, _block),
            layout=B.layout,
            revision=B.layout_revision,
            cols=B.columns,
            row_height=ROW_HEIGHT,
            margin=[12, 12],
            is_draggable=B.editable,
            is_resizable=B.editable,
            is_droppable=B.editable,
            on_drop_block=B.drop_block,
            draggable_handle=".bizq-drag-handle",
            compact_type=rx.Var.create(None),
            on_layout_change=B.layout_changed,
            on_drag_stop=B.layout_changed,
            on_resize_stop=B.layout_changed,
        ),
        class_name=rx.cond(B.editable, "bizq-builder-grid ", "bizq-builder-grid bizq-preview ")
        + B.breakpoint,
        id="builder-grid",
    )


def _move_buttons() -> rx.Component:
    return rx.grid(
        *[
            rx.icon_button(
                rx.icon(icon, size=16),
                variant="soft",
                on_click=B.nudge(dx, dy, dw, dh),
                aria_label=label,
                title=label,
            )
            for label, icon, dx, dy, dw, dh in MOVES
        ],
        columns="4",
        spacing="2",
    )


def _inspector() -> rx.Component:
    return rx.vstack(
        rx.heading("Selected block", size="3", as_="h2"),
        rx.cond(
            B.selected_id != "",
            rx.vstack(
                rx.text(rx.code(B.selected_component), " · ", B.selected_id, size="2"),
                rx.text(
                    "Column ",
                    B.selected_cell["x"],
                    ", row ",
                    B.selected_cell["y"],
                    " · ",
                    B.selected_cell["w"],
                    " × ",
                    B.selected_cell["h"],
                    size="1",
                    color_scheme="gray",
                    id="selected-cell",
                ),
                _move_buttons(),
                schema_form(
                    B.form_fields,
                    B.form_errors,
                    on_submit=B.save_props,
                    submit_label="Apply settings",
                    on_add=B.add_item,
                    on_remove=B.remove_item,
                    key=B.form_key,
                ),
                rx.button(
                    rx.icon("trash_2", size=14),
                    "Delete block",
                    color_scheme="red",
                    variant="soft",
                    on_click=B.delete_selected,
                ),
                spacing="3",
                width="100%",
            ),
            rx.text(
                "Click a block to change its settings. With a block focused, the arrow keys "
                "move it one cell.",
                size="2",
                color_scheme="gray",
            ),
        ),
        width="18rem",
        min_width="18rem",
        spacing="3",
        id="inspector",
    )


def _versions() -> rx.Component:
    return rx.vstack(
        rx.heading("Saved versions", size="3", as_="h2"),
        rx.cond(
            B.versions.length() > 0,
            rx.table.root(
                rx.table.header(
                    rx.table.row(
                        rx.table.column_header_cell("Version"),
                        rx.table.column_header_cell("Saved"),
                        rx.table.column_header_cell(visually_hidden("Actions")),
                    )
                ),
                rx.table.body(rx.foreach(B.versions, _version_row)),
                width="100%",
            ),
            rx.text("Nothing saved yet: this store uses a shipped template.", size="2"),
        ),
        width="100%",
        spacing="2",
    )


def _version_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell("v", row["version"]),
        rx.table.cell(row["saved"]),
        rx.table.cell(
            rx.cond(
                row["active"] != "",
                rx.badge("Active", color_scheme="green"),
                rx.cond(
                    SessionState.can_operate,
                    rx.button(
                        "Restore",
                        size="1",
                        variant="soft",
                        on_click=B.restore(row["id"]),
                        aria_label="Restore version " + row["version"],
                    ),
                ),
            )
        ),
    )


def _editor() -> rx.Component:
    return rx.hstack(
        rx.cond(B.editable, _palette()),
        _grid(),
        rx.cond(B.editable, _inspector()),
        spacing="4",
        align="start",
        width="100%",
    )


def builder_page() -> rx.Component:
    return shell(
        "Dashboard builder",
        rx.cond(
            B.error != "",
            empty_state("layout_template", "The builder cannot open", B.error),
            rx.vstack(
                _toolbar(),
                rx.cond(
                    ~SessionState.can_operate,
                    rx.callout(
                        "You can look at this template; only owners and managers can change it.",
                        icon="eye",
                        width="100%",
                    ),
                ),
                _save_errors(),
                _editor(),
                rx.cond(B.preview, rx.fragment(), _versions()),
                spacing="4",
                width="100%",
            ),
        ),
    )


ON_LOAD = [SessionState.load_session, BuilderState.load]
