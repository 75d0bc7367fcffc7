"""``core.spreadsheet.read_rows``: CSV rows by column, and a file it cannot read named."""

from __future__ import annotations

import pytest

from bizq_app.core.errors import ValidationFailed
from bizq_app.core.spreadsheet import read_rows

HUGE = "x" * 200_000  # over the CSV reader's 131,072-character cell


def test_rows_come_with_their_line_their_cells_by_column_and_formulas_as_typed() -> None:
    text = 'title , price,\r\nCandle,24.00,extra\r\n\r\n"Soap\r\nbar", \'=1+1\r\nTote\r\n'

    header, rows = read_rows(text)

    assert header == ["title", "price", ""]
    assert list(rows) == [
        (2, {"title": "Candle", "price": "24.00"}),
        (5, {"title": "Soap\r\nbar", "price": "=1+1"}),
        (6, {"title": "Tote", "price": ""}),
    ]


def test_a_cell_too_long_to_read_names_its_line_and_column() -> None:
    text = f'title,description\nCandle,short\nSoap,"{HUGE}"\n'

    header, rows = read_rows(text)
    with pytest.raises(ValidationFailed) as refused:
        list(rows)

    assert header == ["title", "description"]
    assert [(e.path, e.message) for e in refused.value.errors] == [
        (
            "$.rows[3].description",
            "is longer than 131,072 characters (a spreadsheet cell holds 32,767)",
        )
    ]


def test_the_column_is_found_past_quoted_delimiters_and_lines_cut_off_the_top() -> None:
    text = f'a\tb\tc\n"x\ty"\t"1\n2"\t{HUGE}\n'

    _, rows = read_rows(text, delimiter="\t", lines_before=2)
    with pytest.raises(ValidationFailed) as refused:
        list(rows)

    assert refused.value.errors[0].path == "$.rows[4].c"


def test_a_header_cell_too_long_to_read_names_its_line() -> None:
    with pytest.raises(ValidationFailed) as refused:
        read_rows(f"title,{HUGE}\nCandle,1\n")

    assert refused.value.errors[0].path == "$.rows[1]"
    assert refused.value.errors[0].message.startswith("has a cell longer than 131,072")
