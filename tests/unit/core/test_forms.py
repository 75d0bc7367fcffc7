"""Forms generated from JSON Schema: the fields shown and the document submitted."""

from __future__ import annotations

import pytest

from bizq_app.core import forms
from bizq_app.core.errors import ValidationFailed

SCHEMA = {
    "type": "object",
    "properties": {
        "title": {"type": "string", "maxLength": 80, "description": "Shown to buyers"},
        "price": {"type": "number"},
        "stock": {"type": "integer", "default": 5},
        "status": {"type": "string", "enum": ["draft", "active"]},
        "featured": {"type": "boolean"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "size": {"type": "object", "properties": {"width": {"type": "number"}}},
        "variants": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"sku": {"type": "string"}, "qty": {"type": "integer"}},
            },
        },
    },
    "required": ["title", "variants"],
}


def test_fields_cover_strings_numbers_enums_arrays_and_nested_objects() -> None:
    shown = {f["path"]: f for f in forms.fields(SCHEMA, {"variants": 2})}

    assert shown["title"]["kind"] == "string" and shown["title"]["label"] == "Title *"
    assert shown["price"]["kind"] == "number"
    assert shown["stock"]["default"] == "5"
    assert shown["status"]["options"] == "draft|active"
    assert shown["tags"]["kind"] == "lines"
    assert shown["size.width"]["kind"] == "number"
    assert {"variants[0].sku", "variants[1].qty"} <= set(shown)


def test_values_become_a_typed_document() -> None:
    values = {
        "title": " Candle ",
        "price": "12.5",
        "stock": "3",
        "status": "active",
        "featured": "true",
        "tags": "soy\n\nvanilla\n",
        "size.width": "8",
        "variants[0].sku": "C-1",
        "variants[1].sku": "C-2",
        "variants[1].qty": "4",
    }

    doc = forms.document(SCHEMA, values, {"variants": 2})

    assert doc == {
        "title": "Candle",
        "price": 12.5,
        "stock": 3,
        "status": "active",
        "featured": True,
        "tags": ["soy", "vanilla"],
        "size": {"width": 8},
        "variants": [{"sku": "C-1"}, {"sku": "C-2", "qty": 4}],
    }


def test_unreadable_values_are_reported_on_their_fields() -> None:
    with pytest.raises(ValidationFailed) as err:
        forms.document(SCHEMA, {"price": "cheap", "stock": "2.5"})

    assert {(e.path, e.message) for e in err.value.errors} == {
        ("$.price", "must be a number"),
        ("$.stock", "must be a whole number"),
    }


def test_a_required_list_left_empty_is_an_empty_list() -> None:
    assert forms.document(SCHEMA, {"title": "T"}, {"variants": 0}) == {"title": "T", "variants": []}
