"""Cells of the CSV files BizQ writes, safe to open in a spreadsheet.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
formula to Excel, LibreOffice and Google Sheets (CSV injection: a product title such
as ``=HYPERLINK(...)`` would run on the owner's computer). Such a cell is written with
a leading apostrophe, which spreadsheets show as plain text; reading the file back
takes the apostrophe off again, so an exported file imports unchanged.

Reading a CSV file goes through ``read_rows``: a cell too long for the CSV reader, or a
line that is not CSV, is the user's mistake (a 422 naming the line), never a crash.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from bizq_app.core.errors import ValidationFailed

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet runs as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def read_cell(text: str) -> str:
    """A cell written by ``safe_cell`` back as it was typed."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def read_rows(
    text: str, *, delimiter: str = ",", lines_before: int = 0
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header of CSV ``text`` (each name stripped) and its rows, read as they are used.

    Each row is its line in the file (the last, for a cell over several lines; plus
    ``lines_before``, the lines cut off the file's top) and its cells by column name,
    stripped and as typed (``read_cell``); a column with no name is left out, and a
    short row's missing cells are ``""``. Blank lines are skipped.

    Raises:
        ValidationFailed: a cell longer than the CSV reader takes (131,072 characters), or
            a line that is not CSV, at ``$.rows[line]`` (and the column, when known).
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    where = _Where(text, delimiter, lines_before)
    header = [name.strip() for name in where.next(reader) or []]
    where.header = header
    return header, _rows(reader, where)


def _rows(reader: Any, where: _Where) -> Iterator[tuple[int, dict[str, str]]]:
    while (record := where.next(reader)) is not None:
        if not record:
            continue
        cells = [read_cell(cell.strip()) for cell in record]
        cells += [""] * (len(where.header) - len(cells))
        named = {name: cell for name, cell in zip(where.header, cells, strict=False) if name}
        yield reader.line_num + where.lines_before, named


@dataclass
class _Where:
    """What is needed to say where a CSV file cannot be read."""

    text: str
    delimiter: str
    lines_before: int
    header: list[str] = field(default_factory=list)

    def next(self, reader: Any) -> list[str] | None:
        """The next record, or None at the end of the file."""
        start = reader.line_num
        try:
            return next(reader, None)  # type: ignore[no-any-return]
        except csv.Error as exc:
            raise self.unreadable(start, reader.line_num, exc) from exc

    def unreadable(self, start: int, end: int, exc: csv.Error) -> ValidationFailed:
        path = f"$.rows[{start + 1 + self.lines_before}]"
        if "field limit" not in str(exc):
            return ValidationFailed.field(path, f"cannot be read as CSV: {exc}")
        record = "".join(islice(io.StringIO(self.text, newline=""), start, end))
        column = _widest(record, self.delimiter)
        name = self.header[column] if column < len(self.header) else ""
        limit = f"{csv.field_size_limit():,} characters (a spreadsheet cell holds 32,767)"
        if name:
            return ValidationFailed.field(f"{path}.{name}", f"is longer than {limit}")
        return ValidationFailed.field(path, f"has a cell longer than {limit}")


def _widest(record: str, delimiter: str) -> int:
    """The position of the longest cell in a CSV record's text: between quotes a delimiter
    is part of the cell (a doubled quote closes and reopens, which comes to the same)."""
    widths = [0]
    for n, part in enumerate(record.split('"')):
        pieces = [part] if n % 2 else part.split(delimiter)
        widths[-1] += len(pieces[0])
        widths += [len(piece) for piece in pieces[1:]]
    return max(range(len(widths)), key=widths.__getitem__)
