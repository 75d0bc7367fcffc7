"""Offline research and branding from BizQ's bundled niche data: valid, input-dependent output."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bizq_app.executors import brand, market, trending
from bizq_app.executors.store_data import StoreData
from bizq_app.tasks.task_runs import Run
from tests.executor_runs import run_rules

EXECUTORS: dict[str, Callable[[Run, StoreData], dict[str, Any]]] = {
    "market.research_niche": market.research_niche,
    "market.research": market.research_market,
    "product.research_trending": trending.research_trending,
    "brand.create_identity": brand.create_identity,
}


def execute(task_type: str, data: dict[str, Any]) -> dict[str, Any]:
    """Run one executor without a store (these types never read it) and check its output."""
    return dict(run_rules(EXECUTORS[task_type], task_type, data))


@pytest.mark.parametrize("task_type", sorted(EXECUTORS))
@pytest.mark.parametrize("niche", ["organic dog treats", "", "xyz", "   ", "猫のおもちゃ"])
def test_minimal_and_odd_input_gives_valid_output(task_type: str, niche: str) -> None:
    execute(task_type, {"niche": niche})


@pytest.mark.parametrize("task_type", sorted(EXECUTORS))
def test_different_niches_give_different_advice(task_type: str) -> None:
    candles = execute(task_type, {"niche": "scented candles"})
    jewelry = execute(task_type, {"niche": "handmade jewelry"})

    assert candles != jewelry
    assert candles == execute(task_type, {"niche": "scented candles"})  # deterministic


def test_a_beginner_on_200_dollars_is_steered_away_from_where_an_advanced_seller_can_go() -> None:
    beginner = execute(
        "market.research_niche",
        {"niche": "protein supplements", "starting_budget": 200, "experience": "beginner"},
    )
    advanced = execute(
        "market.research_niche",
        {"niche": "protein supplements", "starting_budget": 5000, "experience": "advanced"},
    )

    assert beginner["verdict"] == "avoid" and advanced["verdict"] == "go"
    assert beginner["viability_score"] < advanced["viability_score"]
    assert "$200" in beginner["summary"] and "$5,000" in advanced["summary"]
    assert "more than your $200 budget" in beginner["sub_niches"][0]["why"]
    assert beginner["zero_moq_friendly"] is False  # private-label minimums


def test_a_crowded_niche_is_narrowed_to_a_corner_a_small_budget_can_reach() -> None:
    report = execute(
        "market.research_niche",
        {"niche": "soy candles", "starting_budget": 200, "experience": "beginner"},
    )

    assert report["verdict"] == "refine"
    assert report["recommended_sub_niche"] == report["sub_niches"][0]["name"] == "Wax melts"
    assert "within your $200 budget" in report["sub_niches"][0]["why"]


def test_sub_niches_are_capped_at_the_count_asked_and_ranked_best_first() -> None:
    report = execute("market.research_niche", {"niche": "pet accessories", "sub_niche_count": 2})

    assert len(report["sub_niches"]) == 2
    scores = [int(s["why"].split("Scores ")[1].split("/")[0]) for s in report["sub_niches"]]
    assert scores == sorted(scores, reverse=True)
    assert "Personalised engraved dog collar" in report["starter_products"]


def test_an_unknown_niche_is_reported_as_generic_and_never_a_go() -> None:
    report = execute(
        "market.research_niche",
        {"niche": "quantum physics lessons", "starting_budget": 100000, "experience": "advanced"},
    )

    assert report["verdict"] == "refine"
    assert "no bundled data for “quantum physics lessons”" in report["summary"]
    assert "generic" in report["summary"]
    assert "$100,000" in report["summary"]


def test_market_research_describes_competitors_by_kind_and_follows_the_audience() -> None:
    premium = execute(
        "market.research",
        {"niche": "candles", "target_audience": "luxury gift buyers", "region": "Japan"},
    )
    thrifty = execute("market.research", {"niche": "candles", "target_audience": "students"})

    assert premium["demand_level"] == "high" and premium["competition_level"] == "high"
    assert premium["recommended_price_range"]["min"] > thrifty["recommended_price_range"]["min"]
    assert premium["customer_segments"][0]["name"] == "Luxury gift buyers"
    assert premium["customer_segments"][0]["price_sensitivity"] == "low"
    assert "Marketplace sellers" in [c["name"] for c in premium["top_competitors"]]
    assert "check them for Japan" in premium["summary"]
    assert any("Oct–Dec" in t for t in premium["trends"])


def test_a_budget_short_of_the_startup_cost_shows_up_as_a_risk() -> None:
    report = execute("market.research", {"niche": "supplements", "budget": 300})

    assert any("$300 is below the usual startup cost" in r for r in report["risks"])


def test_trending_products_respect_the_price_cap_and_count() -> None:
    found = execute(
        "product.research_trending", {"niche": "dog treats", "max_price": 15, "count": 3}
    )

    assert len(found["products"]) == 3
    assert all(p["estimated_price"] <= 15 for p in found["products"])
    scores = [p["trend_score"] for p in found["products"]]
    assert scores == sorted(scores, reverse=True)
    assert "$15" in found["summary"]


def test_trending_products_favour_the_sellers_own_words() -> None:
    plain = execute("product.research_trending", {"niche": "dog treats", "count": 8})
    organic = execute("product.research_trending", {"niche": "organic dog treats", "count": 8})

    def score(output: dict[str, Any], name: str) -> int:
        return next(p["trend_score"] for p in output["products"] if p["name"] == name)

    assert score(organic, "Sweet potato chews") > score(plain, "Sweet potato chews")
    assert "Matches your words: organic" in organic["products"][0]["why_trending"]


def test_no_product_under_the_cap_is_said_plainly() -> None:
    found = execute("product.research_trending", {"niche": "candles", "max_price": 5})

    assert found["products"] == []
    assert "cheapest is Wax melt sampler (6 scents) at $14.99" in found["summary"]


def test_a_given_business_name_is_kept_and_alternatives_are_offered() -> None:
    identity = execute(
        "brand.create_identity",
        {"niche": "handmade jewelry", "business_name": "  Luna & Stone ", "style": "luxury"},
    )

    assert identity["name"] == "Luna & Stone"
    assert identity["name"] in identity["mission"] and identity["name"] in identity["logo_prompt"]
    assert len(identity["alternative_names"]) >= 3
    assert identity["fonts"] == {"heading": "Playfair Display", "body": "Lato"}


def test_colour_words_become_hex_colours_and_avoided_ones_stay_out() -> None:
    identity = execute(
        "brand.create_identity",
        {"niche": "coffee", "color_preferences": "Navy blue and mustard, but no red please"},
    )

    assert identity["colors"][:2] == ["#1B2A4A", "#E1AD01"]  # navy, mustard
    assert "#D62828" not in identity["colors"]
    assert len(identity["colors"]) >= 3  # filled up from the coffee palette


def test_without_colour_words_the_palette_comes_from_the_niche_and_style() -> None:
    modern = execute("brand.create_identity", {"niche": "coffee", "style": "modern"})
    playful = execute("brand.create_identity", {"niche": "coffee", "style": "playful"})

    assert modern["colors"][0] == "#6F4E37"  # the coffee niche's own brown
    assert modern["colors"] != playful["colors"]
    assert playful["fonts"] == {"heading": "Fredoka", "body": "Nunito"}


def test_values_and_audience_shape_the_brand_text() -> None:
    identity = execute(
        "brand.create_identity",
        {
            "niche": "organic dog treats",
            "target_audience": "rescue-dog adopters",
            "values": ["small batches", "", "Small batches", "local farms"],
            "style": "rustic",
        },
    )

    assert identity["values"] == ["small batches", "local farms"]
    assert "rescue-dog adopters" in identity["mission"]
    assert "organic dog treats" in identity["tagline"]
    assert "small batches and local farms" in identity["logo_prompt"]
