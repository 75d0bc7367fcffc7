"""The text colour on a brand colour: WCAG's relative luminance and contrast ratio, and
black or white, whichever reads better (always at least AA)."""

from __future__ import annotations

import itertools

import pytest

from bizq_app.core.colours import (
    AA_NORMAL_TEXT,
    BLACK,
    WHITE,
    contrast_ratio,
    is_hex,
    readable_text_colour,
    relative_luminance,
    rgb,
)


def test_luminance_runs_from_black_to_white() -> None:
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#ffffff") == pytest.approx(1)
    assert relative_luminance("#808080") == pytest.approx(0.2159, abs=1e-4)  # gamma, not 0.5


def test_contrast_ratios_match_the_ones_wcag_publishes() -> None:
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21)
    assert contrast_ratio(WHITE, BLACK) == pytest.approx(21)  # either order
    assert contrast_ratio("#5b5bd6", "#5b5bd6") == 1
    assert contrast_ratio("#767676", WHITE) == pytest.approx(4.54, abs=0.01)  # the AA grey


@pytest.mark.parametrize(
    ("background", "text"),
    [
        ("#5b5bd6", WHITE),  # BizQ's violet
        ("#ffeb3b", BLACK),  # a yellow brand
        ("#000", WHITE),  # the short form
        ("#FFFFFF", BLACK),
        ("#1f2937", WHITE),
        ("#22c55e", BLACK),  # a bright green: white would be 2.3:1
    ],
)
def test_the_readable_colour_is_black_or_white(background: str, text: str) -> None:
    assert readable_text_colour(background) == text


def test_the_chosen_colour_reaches_aa_on_every_background() -> None:
    steps = range(0, 256, 15)
    for red, green, blue in itertools.product(steps, steps, steps):
        background = f"#{red:02x}{green:02x}{blue:02x}"
        chosen = readable_text_colour(background)
        assert contrast_ratio(background, chosen) >= AA_NORMAL_TEXT, background


def test_only_hex_colours_are_read() -> None:
    assert rgb("#abc") == (0xAA, 0xBB, 0xCC)
    assert [is_hex(c) for c in ("#5b5bd6", "#abc", "red", "#12345", "5b5bd6", None)] == [
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    with pytest.raises(ValueError, match="not a hex colour"):
        rgb("url(javascript:1)")
