"""Cells of the CSV files BizQ writes, safe to open in a spreadsheet.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel, LibreOffice and Google Sheets (CSV injection: a product title such
as ``=HYPERLINK(...)`` would run on the owner's computer). Such a cell is written with
a leading apostrophe, which spreadsheets show as plain text; reading the file back
takes the apostrophe off again, so an exported file imports unchanged.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def read_cell(text: str) -> str:
    """A cell written by ``safe_cell`` back as it was typed."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text
