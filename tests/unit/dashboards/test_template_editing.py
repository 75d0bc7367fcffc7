"""Blocks added, dropped, moved and removed on a template's grid."""

from __future__ import annotations

from bizq_app.dashboards import components
from bizq_app.dashboards.template_editing import (
    first_free_spot,
    nudged,
    outline,
    overlaps,
    settled,
    with_block,
    without_block,
    working_copy,
)


def document() -> dict:
    return working_copy(
        {
            "name": "Mine",
            "blocks": [
                {"id": "title", "component": "heading", "props": {"text": "Hello"}},
                {"id": "sales", "component": "metric_revenue", "props": {}},
            ],
            "layouts": {
                "desktop": [
                    {"i": "title", "x": 0, "y": 0, "w": 12, "h": 1},
                    {"i": "sales", "x": 0, "y": 1, "w": 3, "h": 2},
                ]
            },
        }
    )


def cell(doc: dict, breakpoint: str, block_id: str) -> dict:
    return next(c for c in doc["layouts"][breakpoint] if c["i"] == block_id)


def no_overlaps(cells: list[dict]) -> bool:
    return not any(overlaps(a, b) for n, a in enumerate(cells) for b in cells[n + 1 :])


def test_a_working_copy_gets_a_stacked_mobile_layout() -> None:
    doc = document()
    assert [c["i"] for c in doc["layouts"]["mobile"]] == ["title", "sales"]
    assert no_overlaps(doc["layouts"]["mobile"])


def test_an_added_block_takes_the_first_free_spot_in_each_layout() -> None:
    doc, block_id = with_block(document(), components.get("metric_orders"))
    assert block_id == "metric_orders_1"
    assert cell(doc, "desktop", block_id) == {"i": block_id, "x": 3, "y": 1, "w": 3, "h": 2}
    assert no_overlaps(doc["layouts"]["mobile"])
    assert doc["blocks"][-1]["component"] == "metric_orders"


def test_a_dropped_block_lands_where_it_was_dropped_and_pushes_what_is_below() -> None:
    doc, block_id = with_block(document(), components.get("card"), ("desktop", 0, 0))
    assert cell(doc, "desktop", block_id) == {"i": block_id, "x": 0, "y": 0, "w": 4, "h": 3}
    # The heading was under it: it moves down below the card, the metric below the heading.
    assert cell(doc, "desktop", "title")["y"] == 3
    assert cell(doc, "desktop", "sales")["y"] == 4
    assert no_overlaps(doc["layouts"]["desktop"])
    # The other layout is left as it was, the block at its first free spot.
    assert no_overlaps(doc["layouts"]["mobile"])
    assert cell(doc, "mobile", "title")["y"] == 0


def test_a_drop_past_the_right_edge_is_kept_on_the_grid() -> None:
    doc, block_id = with_block(document(), components.get("chart_orders"), ("desktop", 11, 7))
    assert cell(doc, "desktop", block_id) == {"i": block_id, "x": 6, "y": 7, "w": 6, "h": 4}


def test_a_second_block_of_the_same_component_gets_its_own_id() -> None:
    doc, first = with_block(document(), components.get("badge"))
    doc, second = with_block(doc, components.get("badge"))
    assert (first, second) == ("badge_1", "badge_2")
    doc = without_block(doc, first)
    assert [b["id"] for b in doc["blocks"]] == ["title", "sales", "badge_2"]
    assert all(c["i"] != first for layout in doc["layouts"].values() for c in layout)


def test_nudging_keeps_the_block_on_the_grid_and_others_clear_of_it() -> None:
    cells = document()["layouts"]["desktop"]
    moved = nudged(cells, "sales", (-1, -1, 0, 0), 12)
    sales = next(c for c in moved if c["i"] == "sales")
    assert (sales["x"], sales["y"]) == (0, 0)
    assert next(c for c in moved if c["i"] == "title")["y"] == 2
    wider = nudged(cells, "title", (0, 0, 5, 0), 12)
    assert next(c for c in wider if c["i"] == "title")["w"] == 12


def test_settling_moves_only_what_overlaps() -> None:
    cells = [
        {"i": "a", "x": 0, "y": 0, "w": 6, "h": 2},
        {"i": "b", "x": 6, "y": 0, "w": 6, "h": 2},
        {"i": "c", "x": 0, "y": 1, "w": 6, "h": 2},
    ]
    result = settled(cells, {"c"})
    assert [(c["i"], c["y"]) for c in result] == [("a", 3), ("b", 0), ("c", 1)]


def test_the_first_free_spot_fills_a_gap_before_going_below() -> None:
    cells = [{"i": "a", "x": 0, "y": 0, "w": 6, "h": 2}]
    assert first_free_spot(cells, 6, 2, 12) == {"x": 6, "y": 0, "w": 6, "h": 2}
    assert first_free_spot(cells, 8, 1, 12) == {"x": 0, "y": 2, "w": 8, "h": 1}


def test_the_outline_places_each_block_on_css_grid_lines_top_to_bottom() -> None:
    rows = outline(document())
    assert [(r["i"], r["label"], r["category"]) for r in rows] == [
        ("title", "Hello", "primitive"),
        ("sales", "metric_revenue", "metric"),
    ]
    assert (rows[1]["column"], rows[1]["row"]) == ("1 / span 3", "2 / span 2")
    mobile = outline(document(), "mobile")
    assert mobile[1]["column"] == "1 / span 4"
