"""Colours: the text colour that stays readable on a brand colour (WCAG 2.x).

Relative luminance and contrast ratio as WCAG 2.2 defines them
(https://www.w3.org/TR/WCAG22/#dfn-relative-luminance). Black or white text always
reaches 4.5:1 (level AA for normal text) on one of them, whatever the background:
the better of the two is never under about 4.58:1.
"""

from __future__ import annotations

import re
from typing import TypeGuard

BLACK = "#000000"
WHITE = "#ffffff"
AA_NORMAL_TEXT = 4.5  # the contrast level AA asks of text under 18pt (14pt bold)
_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def is_hex(colour: object) -> TypeGuard[str]:
    """Whether ``colour`` is a CSS hex colour: ``#rgb`` or ``#rrggbb``."""
    return isinstance(colour, str) and _HEX.match(colour) is not None


def rgb(colour: str) -> tuple[int, int, int]:
    """``#5b5bd6`` (or ``#abc``) as its red, green and blue, 0–255.

    Raises:
        ValueError: not a hex colour.
    """
    if not is_hex(colour):
        raise ValueError(f"not a hex colour: {colour!r}")
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    red, green, blue = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return red, green, blue


def relative_luminance(colour: str) -> float:
    """0 for black to 1 for white, weighing each channel as the eye does."""
    red, green, blue = (_linear(c / 255) for c in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (the same) to 21 (black on white), whichever order they come in."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)))[::-1]
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with ``background`` (at least AA)."""
    on_black = contrast_ratio(background, BLACK)
    return BLACK if on_black >= contrast_ratio(background, WHITE) else WHITE


def _linear(channel: float) -> float:
    """An sRGB channel (0–1) without its gamma."""
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4
