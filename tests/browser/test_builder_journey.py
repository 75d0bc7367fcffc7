"""The dashboard builder in the browser: drag, resize, add, edit, move by keyboard, save."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.test_tasks_journey import new_store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ROW = 56 + 12  # row height plus the margin between rows, in pixels


def open_builder(page: Page) -> None:
    page.set_viewport_size({"width": 1440, "height": 2000})
    page.goto("/templates/builder")
    expect(block(page, "welcome")).to_be_visible()


def block(page: Page, block_id: str) -> Locator:
    return page.locator(f'.react-grid-item[data-block="{block_id}"]')


def column_step(page: Page) -> float:
    """The width of one of the 12 columns plus the margin after it."""
    box = page.locator(".bizq-grid-frame").bounding_box()
    assert box is not None
    return (box["width"] - 12) / 12


def drag(page: Page, handle: Locator, dx: float, dy: float) -> None:
    handle.scroll_into_view_if_needed()
    box = handle.bounding_box()
    assert box is not None
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx / 2, y + dy / 2, steps=5)
    page.mouse.move(x + dx, y + dy, steps=5)
    page.mouse.up()


def expect_cell(item: Locator, x: int, y: int, w: int, h: int) -> None:
    for key, value in (("x", x), ("y", y), ("w", w), ("h", h)):
        expect(item).to_have_attribute(f"data-{key}", str(value))


def save(page: Page, button: str = "Save") -> None:
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_text("Unsaved changes")).to_have_count(0)


def test_a_block_dragged_and_resized_stays_there_after_saving(page: Page) -> None:
    new_store(page, "builder@example.com", "Builder Candles")
    open_builder(page)
    stock = block(page, "stock_check")
    expect_cell(stock, 6, 14, 6, 4)

    drag(page, stock.locator(".bizq-drag-handle"), 0, 2 * ROW)
    expect_cell(stock, 6, 16, 6, 4)
    drag(page, stock.locator(".react-resizable-handle"), -2 * column_step(page), ROW)
    expect_cell(stock, 6, 16, 4, 5)

    save(page)
    expect(page.get_by_text("Saved as version 1.")).to_be_visible()
    page.reload()
    expect_cell(block(page, "stock_check"), 6, 16, 4, 5)
    expect(page.get_by_text("Saved, not applied")).to_be_visible()

    page.get_by_role("button", name="Restore version 1").click()
    expect(page.locator("#builder-version")).to_have_text("Version 2")
    expect(page.get_by_text("Saved, not applied")).to_have_count(0)
    expect_cell(block(page, "stock_check"), 6, 16, 4, 5)


def test_an_added_block_is_edited_moved_by_keyboard_undone_and_applied(page: Page) -> None:
    new_store(page, "palette@example.com", "Palette Prints")
    open_builder(page)

    page.get_by_role("button", name="Add heading").click()
    heading = block(page, "heading_1")
    expect_cell(heading, 0, 18, 12, 1)
    page.get_by_label("Text *").fill("Spring sale starts Monday")
    page.get_by_role("button", name="Apply settings").click()
    expect(heading).to_contain_text("Spring sale starts Monday")

    page.get_by_role("button", name="Narrower").click()
    page.get_by_role("button", name="Narrower").click()
    expect_cell(heading, 0, 18, 10, 1)
    heading.focus()
    page.keyboard.press("ArrowRight")
    expect_cell(heading, 1, 18, 10, 1)
    page.get_by_role("button", name="Move down").click()
    expect_cell(heading, 1, 19, 10, 1)
    page.get_by_role("button", name="Undo").click()
    expect_cell(heading, 1, 18, 10, 1)
    page.get_by_role("button", name="Undo").click()
    expect_cell(heading, 0, 18, 10, 1)
    page.get_by_role("button", name="Redo").click()
    expect_cell(heading, 1, 18, 10, 1)

    save(page, "Save and apply")
    expect(page.get_by_text("Saved and applied as version 1.")).to_be_visible()
    page.reload()
    heading = block(page, "heading_1")
    expect(heading).to_contain_text("Spring sale starts Monday")
    expect_cell(heading, 1, 18, 10, 1)
    expect(page.locator("#builder-version")).to_have_text("Version 1")
    expect(page.get_by_text("Active", exact=True).first).to_be_visible()

    page.get_by_role("radio", name="Mobile").click()
    expect(block(page, "heading_1")).to_have_attribute("data-w", "4")
    page.get_by_role("radio", name="Desktop").click()
    block(page, "welcome").click()
    if os.environ.get("BIZQ_SCREENSHOTS") == "1":
        path = ROOT / "docs" / "screenshots" / "builder.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": 1440, "height": 1000})
        page.screenshot(path=str(path))


def test_a_component_dragged_from_the_palette_lands_where_it_is_dropped(page: Page) -> None:
    new_store(page, "dropper@example.com", "Dropper Teas")
    open_builder(page)
    step = column_step(page)
    # Drop a card (4 × 3 cells) with its top-left corner on column 2, row 1.
    page.locator('[data-palette-component="card"]').drag_to(
        page.locator(".react-grid-layout"),
        target_position={"x": 12 + 2 * step + 2 * step, "y": 12 + ROW + 1.5 * ROW},
    )
    card = block(page, "card_1")
    expect_cell(card, 2, 1, 4, 3)
    # It is selected for editing, and what it landed on moved down out of its way.
    expect(page.locator("#inspector")).to_contain_text("card_1")
    expect_cell(block(page, "welcome"), 0, 0, 12, 1)
    expect_cell(block(page, "checklist"), 0, 4, 6, 4)
    page.get_by_label("Title", exact=True).fill("Shipping cut-off: 2 pm")
    page.get_by_role("button", name="Apply settings").click()
    expect(card).to_contain_text("Shipping cut-off: 2 pm")

    save(page)
    page.reload()
    expect_cell(block(page, "card_1"), 2, 1, 4, 3)
    expect(block(page, "card_1")).to_contain_text("Shipping cut-off: 2 pm")
