"""How a buyer's personal data is found and replaced in text BizQ wrote."""

from __future__ import annotations

import uuid

from bizq_app.sales import personal_data as pd

ID = uuid.UUID("1a2b3c4d-0000-4000-8000-000000000000")
PLACEHOLDER = "erased-1a2b3c4d@invalid"


def ada() -> dict[str, str]:
    return pd.replacements(
        emails=["ada@example.com"],
        texts=["Ada Buyer", "1 Wick Lane", "Portland", "97201", "", " ", "A"],
        placeholder=PLACEHOLDER,
    )


def test_the_placeholder_names_no_one_and_is_recognised() -> None:
    assert pd.placeholder_email(ID) == PLACEHOLDER
    assert pd.is_placeholder(PLACEHOLDER) and pd.is_placeholder(PLACEHOLDER.upper())
    assert not pd.is_placeholder("ada@example.com")
    assert not pd.is_placeholder("erased-fan@example.com")


def test_blank_and_one_letter_values_are_not_replaced() -> None:
    assert ada() == {
        "ada@example.com": PLACEHOLDER,
        "Ada Buyer": "[erased]",
        "1 Wick Lane": "[erased]",
        "Portland": "[erased]",
        "97201": "[erased]",
    }


def test_whole_words_are_replaced_in_any_case() -> None:
    note = "Confirmation e-mailed to ADA@example.com. Ship to ada buyer, 1 Wick Lane, Portland."

    assert pd.scrub(note, ada()) == (
        f"Confirmation e-mailed to {PLACEHOLDER}. Ship to [erased], [erased], [erased]."
    )
    assert pd.scrub("Portlandia candles, 972010 units", ada()) == (
        "Portlandia candles, 972010 units"  # parts of other words stay
    )
    assert pd.scrub("", ada()) == "" and pd.scrub("Portland", {}) == "Portland"


def test_the_longest_value_goes_first() -> None:
    replacing = pd.replacements(emails=[], texts=["Ada", "Ada Buyer"], placeholder=PLACEHOLDER)

    assert pd.scrub("Ada Buyer wrote; Ada again", replacing) == "[erased] wrote; [erased] again"


def test_json_documents_are_scrubbed_in_values_not_keys() -> None:
    document = {"Portland": [{"note": "to ada@example.com", "n": 3}], "ok": True, "none": None}

    assert pd.scrub_json(document, ada()) == {
        "Portland": [{"note": f"to {PLACEHOLDER}", "n": 3}],
        "ok": True,
        "none": None,
    }


def test_an_address_keeps_only_its_country_and_shipping_method() -> None:
    address = {"line1": "1 Wick Lane", "city": "Portland", "postal_code": "97201"}
    address |= {"country": "US", "method": "standard"}

    assert pd.kept_address(address) == {"country": "US", "method": "standard"}
    assert pd.address_texts(address) == ["1 Wick Lane", "Portland", "97201"]
