"""A task's output shown as a report a seller reads, laid out by its output schema."""

from __future__ import annotations

from bizq_app.tasks import reports
from bizq_app.tasks.reports import Block

SCHEMA = {
    "type": "object",
    "properties": {
        "summary": {"type": "string"},
        "overall_rating": {"type": "number", "title": "Rating out of 5"},
        "passed": {"type": "boolean"},
        "keywords": {"type": "array", "items": {"type": "string"}},
        "competitors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "monthlyVisits": {"type": "integer"}},
            },
        },
    },
}


def test_an_output_reads_as_sections_in_the_schemas_order_with_its_titles() -> None:
    output = {
        "competitors": [{"name": "Zen Mats", "monthlyVisits": 120000}, {"name": "Cork Co"}],
        "keywords": ["cork yoga mat", "eco mat"],
        "passed": True,
        "summary": "A growing niche.",
        "overall_rating": 4.25,
        "extra_note": {"source": "bundled data"},
    }

    shown = reports.report(output, SCHEMA)

    assert shown == [
        Block("field", "Summary", text="A growing niche."),
        Block("field", "Rating out of 5", text="4.25"),
        Block("field", "Passed", text="Yes"),
        Block("list", "Keywords", items=["cork yoga mat", "eco mat"]),
        Block(
            "table",
            "Competitors",
            columns=["Name", "Monthly visits"],
            rows=[["Zen Mats", "120,000"], ["Cork Co", "—"]],
        ),
        Block("list", "Extra note", items=["Source: bundled data"]),
    ]


def test_an_output_that_is_not_a_record_is_one_result_line() -> None:
    assert reports.report(["a", "b"], None) == [Block("field", "Result", text="a, b")]
    assert reports.words(3.0) == "3" and reports.words(None) == "—"
