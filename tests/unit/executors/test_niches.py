"""The bundled niche data and the matcher from a seller's own words to a niche."""

from __future__ import annotations

import re

import pytest

from bizq_app.data.niches import match_niche, niche_by_id, niche_catalog
from bizq_app.data.suppliers import supplier_catalog

HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


@pytest.mark.parametrize(
    ("text", "niche_id"),
    [
        ("organic dog treats", "dog_treats"),
        ("Yoga for new moms", "yoga_fitness"),
        ("Scented Soy Candles", "candles"),
        ("personalised dog collars", "pet_accessories"),
        ("handmade jewellery", "jewelry"),
        ("iPhone cases", "phone_accessories"),
        ("funny t-shirts for nurses", "pod_tshirts"),
        ("matcha and loose leaf tea", "coffee_tea"),
        ("zero waste bathroom", "zero_waste"),
        ("montessori toys for toddlers", "baby_kids"),
        ("houseplants", "gardening"),
        ("curly hair products", "hair_care"),
        ("gaming mouse pads", "gaming_accessories"),
    ],
)
def test_a_sellers_phrase_finds_its_niche(text: str, niche_id: str) -> None:
    match = match_niche(text)

    assert match.niche.id == niche_id
    assert not match.generic
    assert match.confidence == "high"


def test_case_and_plurals_do_not_change_the_match() -> None:
    assert match_niche("CANDLE").niche.id == match_niche("candles").niche.id == "candles"
    assert match_niche("Dog Treat").matched == match_niche("dog treats").matched


def test_the_more_specific_niche_wins_over_a_shared_word() -> None:
    # "dog" belongs to pet accessories too; "dog treats" is the dog-treat niche's phrase.
    assert match_niche("dog treats").niche.id == "dog_treats"
    assert match_niche("dog harness").niche.id == "pet_accessories"


def test_a_phrase_only_partly_recognised_is_matched_with_less_confidence() -> None:
    match = match_niche("artisanal hand-poured things for the kitchen of tiny flats")

    assert match.niche.id == "kitchen_gadgets"
    assert match.confidence in ("medium", "low")


@pytest.mark.parametrize("text", ["", "   ", "xyz", "Quantenphysik für Anfänger"])
def test_unknown_text_gets_a_generic_profile_that_says_so(text: str) -> None:
    match = match_niche(text)

    assert match.generic
    assert match.confidence == "none"
    assert match.matched == ()
    assert match.niche.category is None  # no pretending it belongs to a catalog category
    assert all("no bundled data" in sub.why for sub in match.niche.sub_niches)
    assert all("Placeholder" in p.description for p in match.niche.starter_products)


def test_the_generic_profile_is_built_from_the_words_given() -> None:
    physics = match_niche("Quantum physics lessons").niche
    unnamed = match_niche("").niche

    assert physics.name == "Quantum physics lessons"
    assert physics.sub_niches[0].name == "Entry-level quantum physics lessons"
    assert physics.starter_products[0].title == "Quantum physics lessons starter set"
    assert unnamed.name == "General products"


def test_bundled_niches_use_supplier_categories_and_consistent_figures() -> None:
    categories = {o.category for s in supplier_catalog().suppliers for o in s.offers}
    catalog = niche_catalog()

    assert catalog.as_of == "2026-10" and "indicative" in catalog.note.lower()
    assert 20 <= len(catalog.niches) <= 25
    for niche in catalog.niches:
        assert niche.category in categories, niche.id
        assert 3 <= len(niche.sub_niches) <= 6 and 6 <= len(niche.starter_products) <= 12
        assert niche.price_range.min < niche.price_range.max
        assert all(p.unit_cost < p.retail_price for p in niche.starter_products), niche.id
        assert all(HEX.match(c) for p in niche.brand.palettes for c in p), niche.id
        assert all(k == k.lower() for k in niche.keywords), niche.id


def test_a_niche_can_be_looked_up_by_id() -> None:
    assert niche_by_id("candles").name == "Candles & home fragrance"
    with pytest.raises(KeyError):
        niche_by_id("generic")
