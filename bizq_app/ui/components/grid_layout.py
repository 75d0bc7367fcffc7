"""A drag-and-drop grid: react-grid-layout 2.x wrapped for Reflex.

The grid is rendered in the browser only (pages are prerendered and the library
measures the DOM). It uses the library's flat "legacy" props (``cols``,
``rowHeight``, ``isDraggable``…) and its ``useContainerWidth`` hook for the
``width`` that 2.x requires. The layout comes from state as a prop with its
``revision``; when a drag or resize ends (or the grid re-renders) the layout goes
back to state as one event with the revision it was drawn from (the DOM-event
arguments of the callbacks are dropped: they cannot be sent to the server).

Each child must carry ``key`` equal to the ``i`` of its layout item.

Blocks can also be dragged in from outside (HTML drag and drop): any element
with ``draggable="true"`` and ``data-palette-component="<name>"`` (and optionally
``data-w``/``data-h``, its size in cells) can be dropped on a grid that has
``is_droppable``; the grid shows the block's outline while it is dragged over and
reports ``on_drop_block(name, x, y)`` with the cell it was dropped on.
"""

from __future__ import annotations

import json
from typing import Any

import reflex as rx
from reflex.constants import MemoizationMode
from reflex.event import key_event

VERSION = "2.2.4"
TAG = "BizqGridLayout"

Layout = list[dict[str, Any]]

# A component that measures its container and renders the legacy grid with that
# width; it is built once the library's two entry points have been loaded.
_SIZED_GRID = """
function bizqWatchPalette() {
  if (typeof document === "undefined" || window.bizqWatchingPalette) return;
  window.bizqWatchingPalette = true;
  document.addEventListener("dragstart", (e) => {
    const source = e.target.closest ? e.target.closest("[data-palette-component]") : null;
    if (!source) return;
    const name = source.dataset.paletteComponent;
    window.bizqDragged = {
      name, w: Number(source.dataset.w) || 4, h: Number(source.dataset.h) || 3,
    };
    e.dataTransfer.setData("text/plain", name);
    e.dataTransfer.effectAllowed = "copy";
  });
  document.addEventListener("dragend", () => { window.bizqDragged = null; });
}

function bizqSizedGrid(core, legacy) {
  function BizqSizedGrid({
    children, onDropBlock, revision, onLayoutChange, onDragStop, onResizeStop, ...props
  }) {
    const { width, containerRef, mounted } = core.useContainerWidth();
    // Every report names the revision of the layout it was made from, so the server
    // can tell a drag on what it sent last from an echo of a layout it has replaced.
    const reported = (handler) => (handler ? (layout) => handler(layout, revision) : undefined);
    const reports = {
      onLayoutChange: reported(onLayoutChange),
      onDragStop: reported(onDragStop),
      onResizeStop: reported(onResizeStop),
    };
    // A drop can leave the library mid-drag when events come fast: start it afresh.
    const [drops, setDrops] = useState(0);
    bizqWatchPalette();
    const dropping = {
      droppingItem: { i: "__bizq-dropping__", w: 4, h: 3 },
      onDropDragOver: () => {
        const dragged = window.bizqDragged;
        return dragged ? { w: Math.min(dragged.w, props.cols || 12), h: dragged.h } : false;
      },
      onDrop: (layout, item) => {
        const dragged = window.bizqDragged;
        window.bizqDragged = null;
        setDrops((n) => n + 1);
        if (dragged && item && onDropBlock) onDropBlock(dragged.name, item.x, item.y);
      },
    };
    return jsx(
      "div",
      { ref: containerRef, className: "bizq-grid-frame" },
      mounted
        ? jsx(
          legacy.ReactGridLayout,
          { ...dropping, ...props, ...reports, width, key: drops },
          children,
        )
        : null,
    );
  }
  return BizqSizedGrid;
}
"""


def _layout(layout: rx.Var[Layout], revision: rx.Var[int]) -> tuple[rx.Var[Layout], rx.Var[int]]:
    """The wrapper reports the layout and the ``revision`` it was drawn from (the DOM-event
    arguments of ``onDragStop``/``onResizeStop`` are dropped in the browser)."""
    return (layout, revision)


def _dropped(
    name: rx.Var[str], x: rx.Var[int], y: rx.Var[int]
) -> tuple[rx.Var[str], rx.Var[int], rx.Var[int]]:
    return (name, x, y)


class GridLayout(rx.NoSSRComponent):
    """``<ReactGridLayout>`` sized to its container."""

    library = f"react-grid-layout@{VERSION}"
    tag = TAG

    # The children are the grid items themselves: keep them inline (not memoized one by one)
    # so the library sees each item with its own key.
    _memoization_mode = MemoizationMode(recursive=False)

    layout: rx.Var[Layout]
    # Which layout this is, as the server counts them: every report carries it back.
    revision: rx.Var[int]
    cols: rx.Var[int]
    row_height: rx.Var[int]
    margin: rx.Var[list[int]]
    is_draggable: rx.Var[bool]
    is_resizable: rx.Var[bool]
    draggable_handle: rx.Var[str]
    draggable_cancel: rx.Var[str]
    # "vertical", "horizontal", or null (blocks stay where they are put).
    compact_type: rx.Var[str | None]
    prevent_collision: rx.Var[bool]
    resize_handles: rx.Var[list[str]]
    # Accept blocks dragged in from elements marked ``data-palette-component``.
    is_droppable: rx.Var[bool]

    # Reflex reads the argument spec from the subscript; mypy cannot (a function as a type).
    on_layout_change: rx.EventHandler[_layout]  # type: ignore[type-arg, valid-type]
    on_drag_stop: rx.EventHandler[_layout]  # type: ignore[type-arg, valid-type]
    on_resize_stop: rx.EventHandler[_layout]  # type: ignore[type-arg, valid-type]
    on_drop_block: rx.EventHandler[_dropped]  # type: ignore[type-arg, valid-type]

    def add_imports(self) -> dict[str, Any]:
        return {
            "": ["react-grid-layout/css/styles.css", "react-resizable/css/styles.css"],
            "react": ["useState"],
        }

    def add_custom_code(self) -> list[str]:
        return [_SIZED_GRID]

    def _get_dynamic_imports(self) -> str:
        load = (
            "Promise.all([import('react-grid-layout'), import('react-grid-layout/legacy')])"
            ".then(([core, legacy]) => bizqSizedGrid(core, legacy))"
        )
        return f"const {TAG} = ClientSide(() => {load}, {json.dumps(TAG)})"


def grid_layout(*children: rx.Component, **props: Any) -> rx.Component:
    """A grid whose blocks can be dragged and resized; see ``GridLayout`` for the props."""
    return GridLayout.create(*children, **props)


class GridItem(rx.el.Div):
    """One block of the grid: a ``<div>`` that also reports the keys pressed while focused."""

    on_key_down: rx.EventHandler[key_event]  # type: ignore[type-arg, valid-type]


def grid_item(*children: rx.Component, **props: Any) -> rx.Component:
    """A grid item; give it ``key`` equal to its layout item's ``i``."""
    return GridItem.create(*children, **props)
