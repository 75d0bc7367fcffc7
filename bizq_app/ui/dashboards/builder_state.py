"""State behind the dashboard builder: a working copy of the store's template.

The working copy lives in this state until it is saved; every change pushes the
previous document on an undo stack. The arithmetic of blocks and cells is
``template_editing``'s; saving, applying and restoring are the template
service's; here is only the shape of what the page shows.
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

import reflex as rx
from sqlmodel import Session

from bizq_app.core import forms, schemas
from bizq_app.core.errors import BizQError, ValidationFailed
from bizq_app.dashboards import components, templates
from bizq_app.dashboards.models import UITemplate
from bizq_app.dashboards.template_editing import (
    CELL_KEYS,
    Cell,
    Document,
    block_label,
    cells_from_grid,
    nudged,
    settled,
    with_block,
    without_block,
    working_copy,
)
from bizq_app.dashboards.template_schema import COLUMNS
from bizq_app.ui.errors import error_message, error_toast, field_problems
from bizq_app.ui.schema_form_state import SchemaFormState
from bizq_app.ui.state import record_id

HISTORY = 30
# Arrow keys move the focused block one cell.
ARROWS = {"ArrowLeft": (-1, 0), "ArrowRight": (1, 0), "ArrowUp": (0, -1), "ArrowDown": (0, 1)}


# Service calls (one unit of work each) -------------------------------------------------


def _open(session: Session, user_id: uuid.UUID, store_id: uuid.UUID) -> dict[str, Any]:
    """The newest saved version of the active template's name (the active one if none)."""
    active = templates.active_template(session=session, user_id=user_id, store_id=store_id)
    rows = _saved_versions(session, user_id, store_id, active.name)
    return _opened(rows[0] if rows else active, rows, active)


def _saved_versions(
    session: Session, user_id: uuid.UUID, store_id: uuid.UUID, name: str
) -> list[UITemplate]:
    rows = templates.list_templates(session=session, user_id=user_id, store_id=store_id)
    return [r for r in rows if r.store_id is not None and r.name == name]


def _opened(row: UITemplate, rows: list[UITemplate], active: UITemplate) -> dict[str, Any]:
    return {
        "document": row.content,
        "version": row.version,
        "active": row.id == active.id,
        "versions": [
            {
                "id": str(r.id),
                "version": str(r.version),
                "saved": r.created_at.strftime("%Y-%m-%d %H:%M"),
                "active": "1" if r.is_active else "",
            }
            for r in rows
        ],
    }


class BuilderState(SchemaFormState):
    """The template being arranged, the block being edited, and the history of changes."""

    loaded: bool = False
    error: str = ""
    template_name: str = ""
    version: int = 0
    is_active: bool = False
    breakpoint: str = "desktop"
    preview: bool = False
    layout: list[dict[str, Any]] = []
    # Counts the layouts sent to the grid: a report drawn from an older one is an echo.
    layout_revision: int = 0
    cards: list[dict[str, str]] = []
    palette: list[dict[str, str]] = []
    selected_id: str = ""
    selected_component: str = ""
    selected_cell: dict[str, str] = {}
    can_undo: bool = False
    can_redo: bool = False
    dirty: bool = False
    save_errors: list[str] = []
    versions: list[dict[str, str]] = []
    _document: Document = {}
    _undo: list[Document] = []
    _redo: list[Document] = []
    _edits: int = 0

    @rx.var
    def columns(self) -> int:
        return COLUMNS.get(self.breakpoint, 12)

    @rx.var
    def editable(self) -> bool:
        return self.can_operate and not self.preview

    @rx.event
    def load(self) -> None:
        if not self.current_store_id or not self.user_email:
            return
        try:
            opened = self._in_store(_open)
        except BizQError as exc:
            self.error = error_message(exc)
            return
        self.palette = _palette()
        self._start(opened)

    @rx.event
    def set_breakpoint(self, value: str | list[str]) -> None:
        self.breakpoint = value if isinstance(value, str) and value in COLUMNS else "desktop"
        self._publish()

    @rx.event
    def toggle_preview(self) -> None:
        self.preview = not self.preview

    @rx.event
    def add_block(self, name: str) -> None:
        """The palette's Add button: the block takes the first free spot."""
        self._insert(name, None)

    @rx.event
    def drop_block(self, name: str, x: int, y: int) -> None:
        """A component dragged from the palette was dropped on the grid at cell (x, y)."""
        self._insert(name, (self.breakpoint, int(x), int(y)))

    def _insert(self, name: str, place: tuple[str, int, int] | None) -> None:
        component = components.find(name)
        if not self.editable or component is None:
            return
        document, block_id = with_block(self._document, component, place)
        self._change(document)
        self.select(block_id)

    @rx.event
    def select(self, block_id: str) -> None:
        block = self._block(block_id)
        if block is None:
            self.selected_id = self.selected_component = ""
            self._publish()
            return
        self.selected_id, self.selected_component = block_id, block["component"]
        self._edits += 1
        self._draw_props(block)
        self._publish()

    @rx.event
    def delete_selected(self) -> None:
        if self.can_operate and self.selected_id:
            self._change(without_block(self._document, self.selected_id))
            self.selected_id = self.selected_component = ""
            self._publish()

    @rx.event
    def nudge(self, dx: int, dy: int, dw: int, dh: int) -> None:
        """Move or resize the selected block by whole cells (the buttons and arrow keys)."""
        if not self.can_operate or not self.selected_id:
            return
        cells = self._document["layouts"][self.breakpoint]
        moved = nudged(cells, self.selected_id, (dx, dy, dw, dh), self.columns)
        self._set_cells(moved)

    @rx.event
    def key_move(self, block_id: str, key: str) -> None:
        if key in ARROWS and self.editable:
            self.select(block_id)
            self.nudge(*ARROWS[key], 0, 0)

    @rx.event
    def layout_changed(self, layout: list[dict[str, Any]], revision: int) -> None:
        """A drag or resize ended (or the grid settled): keep the cells it reports.

        A report drawn from a layout the server has since replaced (an Undo clicked
        before the grid's echo of the previous step arrived) changes nothing.
        """
        if not self.can_operate or self.preview or revision != self.layout_revision:
            return
        # One drag reports its layout up to three times (stop, change, re-render): the
        # first moves the revision on, so the others are echoes.
        cells, current = cells_from_grid(layout), self._document["layouts"][self.breakpoint]
        before = {c["i"]: c for c in current}
        self._set_cells(settled(cells, {c["i"] for c in cells if c != before.get(c["i"])}))

    @rx.event
    def undo(self) -> None:
        if self._undo:
            self._redo = [self._document, *self._redo][:HISTORY]
            self._document = self._undo.pop()
            self._after_history()

    @rx.event
    def redo(self) -> None:
        if self._redo:
            self._undo = [*self._undo, self._document][-HISTORY:]
            self._document, self._redo = self._redo[0], self._redo[1:]
            self._after_history()

    @rx.event
    def save_props(self, values: dict[str, Any]) -> Any:
        component = components.find(self.selected_component)
        if not self.can_operate or component is None:
            return None
        props = self._read(values)
        if props is None:
            return None
        try:
            schemas.validate(component.props_schema, props, root="$", what="block's settings")
        except ValidationFailed as exc:
            self._show(exc, root="$")
            return None
        document = copy.deepcopy(self._document)
        for block in document["blocks"]:
            if block["id"] == self.selected_id:
                block["props"] = props
        self.form_errors = {}
        self._change(document)
        return rx.toast.success("Block updated. Save the template to keep it.")

    @rx.event
    def save(self) -> Any:
        return self._save(apply=False)

    @rx.event
    def save_and_apply(self) -> Any:
        return self._save(apply=True)

    @rx.event
    def restore(self, template_id: str) -> Any:
        try:
            self._in_store(
                lambda session, user_id, store_id: templates.restore_version(
                    session=session,
                    user_id=user_id,
                    store_id=store_id,
                    template_id=record_id(template_id),
                )
            )
            opened = self._in_store(_open)
        except BizQError as exc:
            return error_toast(exc, every_field=True)
        self._start(opened)
        return rx.toast.success(f"Version restored as version {self.version}, now active.")

    def _save(self, apply: bool) -> Any:
        try:
            saved = self._in_store(
                lambda session, user_id, store_id: _store(
                    session, user_id, store_id, self._document, apply
                )
            )
        except ValidationFailed as exc:
            self.save_errors = field_problems(exc, field=lambda path: path) or [error_message(exc)]
            return rx.toast.error("Not saved: the template has problems (listed above the grid).")
        except BizQError as exc:
            return error_toast(exc)
        self._start(saved, keep_history=True)
        applied = " and applied" if apply else ""
        return rx.toast.success(f"Saved{applied} as version {self.version}.")

    def _start(self, opened: dict[str, Any], keep_history: bool = False) -> None:
        self._document = working_copy(opened["document"])
        self.template_name = str(self._document.get("name", ""))
        self.version, self.is_active = int(opened["version"]), bool(opened["active"])
        self.versions = opened["versions"]
        if not keep_history:
            self._undo, self._redo = [], []
        self.save_errors, self.error, self.dirty, self.loaded = [], "", False, True
        self.select(self.selected_id)

    def _change(self, document: Document) -> None:
        self._undo = [*self._undo, self._document][-HISTORY:]
        self._redo = []
        self._document = document
        self.dirty = True
        self._publish()

    def _after_history(self) -> None:
        self.dirty = True
        self.select(self.selected_id)

    def _set_cells(self, cells: list[Cell]) -> None:
        current = self._document["layouts"][self.breakpoint]
        known = {c["i"] for c in current}
        if sorted(cells, key=lambda c: c["i"]) == sorted(current, key=lambda c: c["i"]):
            return
        if {c["i"] for c in cells} != known:
            return  # the grid is still showing another layout
        document = copy.deepcopy(self._document)
        document["layouts"][self.breakpoint] = cells
        self._change(document)

    def _block(self, block_id: str) -> dict[str, Any] | None:
        found = [b for b in self._document.get("blocks", []) if b["id"] == block_id]
        return found[0] if found else None

    def _draw_props(self, block: dict[str, Any]) -> None:
        component = components.find(block["component"])
        schema = component.props_schema if component else {"type": "object"}
        self._use_schema(schema, key=f"{block['id']}-{self._edits}")
        props = block.get("props", {})
        self.form_fields = [
            {**f, "default": forms.text(props[f["path"]])} if f["path"] in props else f
            for f in self.form_fields
        ]

    def _publish(self) -> None:
        """Recompute what the page shows from the working copy."""
        cells = self._document.get("layouts", {}).get(self.breakpoint, [])
        blocks = {b["id"]: b for b in self._document.get("blocks", [])}
        layout = [{"i": c["i"], **{k: c[k] for k in CELL_KEYS}} for c in cells]
        if layout != self.layout:
            self.layout, self.layout_revision = layout, self.layout_revision + 1
        self.cards = [_card(c, blocks.get(c["i"])) for c in cells]
        chosen = [c for c in self.cards if c["i"] == self.selected_id]
        self.selected_cell = chosen[0] if chosen else {}
        self.can_undo, self.can_redo = bool(self._undo), bool(self._redo)


def _card(cell: Cell, block: dict[str, Any] | None) -> dict[str, str]:
    component = block["component"] if block else "?"
    return {
        "i": cell["i"],
        "component": component,
        "label": block_label(block) if block else cell["i"],
        **{k: str(cell[k]) for k in CELL_KEYS},
    }


def _palette() -> list[dict[str, str]]:
    """Components by category, each category headed by a row of kind "category"."""
    rows: list[dict[str, str]] = []
    for category in dict.fromkeys(c.category for c in components.available()):
        rows.append({"kind": "category", "name": category, "description": "", "w": "", "h": ""})
        rows += [
            {
                "kind": "component",
                "name": c.name,
                "description": c.description,
                "w": str(c.default_size[0]),
                "h": str(c.default_size[1]),
            }
            for c in components.available()
            if c.category == category
        ]
    return rows


def _store(
    session: Session, user_id: uuid.UUID, store_id: uuid.UUID, document: Document, apply: bool
) -> dict[str, Any]:
    """Save the working copy as a new version (and make it the active one)."""
    row = templates.save_template(
        session=session, user_id=user_id, store_id=store_id, document=document
    )
    if apply:
        row = templates.apply_template(
            session=session, user_id=user_id, store_id=store_id, template_id=row.id
        )
    active = templates.active_template(session=session, user_id=user_id, store_id=store_id)
    return _opened(row, _saved_versions(session, user_id, store_id, row.name), active)
